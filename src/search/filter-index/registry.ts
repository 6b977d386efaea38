import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { DEFAULT_MAX_BYTES, FilterIndex, type FilterIndexOptions } from './filter-index.js';

interface Entry {
  index: FilterIndex;
  timer: ReturnType<typeof setInterval> | null;
}

// One index per database handle (a Kysely instance); transactions and other handles are not in it,
// so they answer from SQL.
const entries = new WeakMap<object, Entry>();

export interface EnableOptions extends FilterIndexOptions {
  /** Compare one slice of works (10,000 ids) with the database's checksum this often (0: never); it rebuilds on a difference, or after a failed build. */
  verifyEveryMs?: number;
}

/** Starts building the filter index for `db` in the background; listings use it once it is ready. */
export function enableFilterIndex(db: Kysely<DB>, opts: EnableOptions = {}): FilterIndex {
  const existing = entries.get(db);
  if (existing) return existing.index;
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
  entries.set(db, { index, timer });
  void index.build();
  return index;
}

/** Stops using the index for `db` (its memory goes with the last reference); resolves when a build in progress has stopped. */
export async function disableFilterIndex(db: Kysely<DB>): Promise<void> {
  const e = entries.get(db);
  if (!e) return;
  if (e.timer) clearInterval(e.timer);
  entries.delete(db);
  await e.index.stop();
}

/** The index enabled for this handle, if any (ready or not). */
export function filterIndexFor(db: object): FilterIndex | undefined {
  return entries.get(db)?.index;
}

/** QUIRE_FILTER_INDEX=0 turns the index off; QUIRE_INDEX_MAX_MB caps its memory (default 1536). */
export function filterIndexSettings(env: NodeJS.ProcessEnv = process.env): { enabled: boolean; maxBytes: number } {
  const mb = Number(env.QUIRE_INDEX_MAX_MB);
  return {
    enabled: !['0', 'false', 'off'].includes((env.QUIRE_FILTER_INDEX ?? '').trim().toLowerCase()),
    maxBytes: Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : DEFAULT_MAX_BYTES,
  };
}
