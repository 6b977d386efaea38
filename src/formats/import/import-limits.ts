import { LIMITS } from '../../domain/limits.js';

/** The largest single file an import reads: 64 MiB. */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;

/** The most a bulk zip may inflate to, all entries together: 1 GiB. */
export const MAX_ARCHIVE_TOTAL_BYTES = 1024 * 1024 * 1024;

/** LIMITS has no chapter count; a work cannot expect more chapters than this, so none may have more. */
export const MAX_IMPORT_CHAPTERS = LIMITS.expectedChaptersMax;

/** "64 MiB" */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${round(n / (1024 * 1024 * 1024))} GiB`;
  if (n >= 1024 * 1024) return `${round(n / (1024 * 1024))} MiB`;
  if (n >= 1024) return `${round(n / 1024)} KiB`;
  return `${n} bytes`;
}

const round = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));
