import { LIMITS } from '../../domain/limits.js';
import { ImportError } from '../portable-work.js';

/** A file refused for what reading it would cost (its size, inflated or parsed), not for being unreadable. */
export class ImportTooLarge extends ImportError {}

/** The largest single file an import reads: 64 MiB. */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;

/** The most a bulk zip may inflate to, all entries together: 1 GiB. */
export const MAX_ARCHIVE_TOTAL_BYTES = 1024 * 1024 * 1024;

/** No work may have more chapters than this. */
export const MAX_IMPORT_CHAPTERS = LIMITS.chaptersMax;

/** What one import may cost: the text an EPUB inflates to, and the HTML nodes parsed on the way. */
export interface ImportLimits {
  /** Bytes of text all of an EPUB's documents may inflate to together (each at most MAX_IMPORT_FILE_BYTES). */
  textBytes: number;
  /** Elements, text runs and comments, over every parse of the import (an EPUB's documents are parsed twice). */
  htmlNodes: number;
}

/**
 * The command line's limits (`quire import`, bulk zips): far above the longest works, within
 * the few gigabytes of heap a command gets. A parsed HTML node costs about 210 bytes of heap.
 */
export const CLI_IMPORT_LIMITS: ImportLimits = { textBytes: 128 * 1024 * 1024, htmlNodes: 4_000_000 };

/**
 * The posting form's limits, read inside the server's 256 MB heap. Markup costs far more parsed
 * than as text: 4 MiB of dense markup (`<p><b>a</b> <i>b</i></p>`, ~1.2M nodes) ran that heap out,
 * while an EPUB of 8 MiB of prose peaked at 61 MB and 24 MiB at 179 MB. 12 MiB of text holds the
 * longest work the archive takes (8M characters) in any Latin script with room for markup; 300,000
 * nodes (~63 MB) hold it at one formatting tag per 50 characters. Anything larger goes through
 * `quire import`.
 */
export const WEB_IMPORT_LIMITS: ImportLimits = { textBytes: 12 * 1024 * 1024, htmlNodes: 300_000 };

/** "64 MiB" */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${round(n / (1024 * 1024 * 1024))} GiB`;
  if (n >= 1024 * 1024) return `${round(n / (1024 * 1024))} MiB`;
  if (n >= 1024) return `${round(n / 1024)} KiB`;
  return `${n} bytes`;
}

const round = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));
