import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { DEFAULT_MAX_BYTES, FilterIndex, type FilterIndexOptions } from './filter-index.js';

export interface StartOptions extends FilterIndexOptions {
  /** Compare one slice of works (10,000 ids) with the database's checksum this often (0: never); it rebuilds on a difference, or after a failed build. */
  verifyEveryMs?: number;
}

/** A filter index building or built in the background, with the timer that checks it. */
export interface RunningFilterIndex {
  readonly index: FilterIndex;
  /** Stops the checks and any build in progress; resolves when the build has stopped. */
  stop(): Promise<void>;
}

/**
 * Starts building a filter index of `db` in the background; listings given it (search-state.ts)
 * use it once it is ready, and SQL until then. The caller owns it: main.ts for the server, each
 * test or benchmark for its own.
 */
export function startFilterIndex(db: Kysely<DB>, opts: StartOptions = {}): RunningFilterIndex {
  const index = new FilterIndex(db, opts);
  const every = opts.verifyEveryMs ?? 15_000;
  // Each round: compare the next slice's checksum (rebuilding on a difference), or retry a failed build.
  const timer =
    every > 0
      ? setInterval(
          () => void (index.status === 'failed' ? index.build() : index.verifySlice()).catch(() => undefined),
          every,
        )
      : null;
  timer?.unref();
  void index.build();
  return {
    index,
    stop: async () => {
      if (timer) clearInterval(timer);
      await index.stop();
    },
  };
}

/** QUIRE_FILTER_INDEX=0 turns the index off; QUIRE_INDEX_MAX_MB caps its memory (default 1536). */
export function filterIndexSettings(env: NodeJS.ProcessEnv = process.env): { enabled: boolean; maxBytes: number } {
  const mb = Number(env.QUIRE_INDEX_MAX_MB);
  return {
    enabled: !['0', 'false', 'off'].includes((env.QUIRE_FILTER_INDEX ?? '').trim().toLowerCase()),
    maxBytes: Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : DEFAULT_MAX_BYTES,
  };
}
