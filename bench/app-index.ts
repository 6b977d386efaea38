/**
 * The app's in-memory filter index, started for the bench's own database handle the way the
 * composition root (src/main.ts) starts it for the server's — same settings (QUIRE_FILTER_INDEX,
 * QUIRE_INDEX_MAX_MB) — and awaited, so in-process queryWorks timings are those of a warmed-up server.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import { filterIndexSettings, startFilterIndex } from '../src/search/filter-index/start.js';
import { createSearchState, type SearchState } from '../src/search/search-state.js';

export interface AppIndexInfo {
  enabled: boolean;
  status: string;
  buildMs: number | null;
  estimatedMb: number | null;
}

export interface AppIndex {
  info: AppIndexInfo;
  /** The works query's state over `db`, with the index when it is enabled. */
  search: SearchState;
  stop(): Promise<void>;
}

export async function startAppIndex(db: Kysely<DB>, log: (line: string) => void): Promise<AppIndex> {
  const settings = filterIndexSettings();
  if (!settings.enabled)
    return {
      info: { enabled: false, status: 'off (QUIRE_FILTER_INDEX)', buildMs: null, estimatedMb: null },
      search: createSearchState(db),
      stop: async () => {},
    };
  const running = startFilterIndex(db, {
    maxBytes: settings.maxBytes,
    log: (level, msg) => log(`[filter index] ${level}: ${msg}`),
  });
  const { index } = running;
  await index.build();
  const b = index.lastBuild;
  return {
    info: {
      enabled: true,
      status: index.status,
      buildMs: b?.ms ?? null,
      estimatedMb: b ? Math.round(b.estimatedBytes / 1048576) : null,
    },
    search: createSearchState(db, index),
    stop: () => running.stop(),
  };
}
