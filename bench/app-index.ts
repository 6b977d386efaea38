/**
 * The app's in-memory filter index, switched on for the bench's own database handle the way the
 * composition root (src/main.ts) switches it on for the server's — same settings (QUIRE_FILTER_INDEX,
 * QUIRE_INDEX_MAX_MB) — and awaited, so in-process queryWorks timings are those of a warmed-up server.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import { disableFilterIndex, enableFilterIndex, filterIndexSettings } from '../src/search/filter-index/registry.js';

export interface AppIndexInfo {
  enabled: boolean;
  status: string;
  buildMs: number | null;
  estimatedMb: number | null;
}

export async function enableAppIndex(db: Kysely<DB>, log: (line: string) => void): Promise<AppIndexInfo> {
  const settings = filterIndexSettings();
  if (!settings.enabled)
    return { enabled: false, status: 'off (QUIRE_FILTER_INDEX)', buildMs: null, estimatedMb: null };
  const index = enableFilterIndex(db, {
    maxBytes: settings.maxBytes,
    log: (level, msg) => log(`[filter index] ${level}: ${msg}`),
  });
  await index.build();
  const b = index.lastBuild;
  return {
    enabled: true,
    status: index.status,
    buildMs: b?.ms ?? null,
    estimatedMb: b ? Math.round(b.estimatedBytes / 1048576) : null,
  };
}

export async function disableAppIndex(db: Kysely<DB>): Promise<void> {
  await disableFilterIndex(db);
}
