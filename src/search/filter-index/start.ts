import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { onPrimary } from '../../store/read-route.js';
import {
  DEFAULT_MAX_BYTES,
  FilterIndex,
  REBUILD_BACKLOG,
  type FilterIndexOptions,
  type IndexPositions,
  type RestoredIndex,
} from './filter-index.js';
import { readSnapshot, snapshotIdentity, writeSnapshot, type SnapshotIdentity } from './snapshot.js';
import { removeLeftovers } from './snapshot-file.js';

export interface StartOptions extends FilterIndexOptions {
  /** Compare one slice of works (10,000 ids) with the database's checksum this often (0: never); it rebuilds on a difference, or after a failed build. */
  verifyEveryMs?: number;
  /**
   * A file to start from (snapshot.ts) when it can be trusted, instead of building; written after
   * each build, every `snapshotEveryMs` (default 10 minutes) if the index moved, and at stop.
   */
  snapshotPath?: string;
  snapshotEveryMs?: number;
}

/** A filter index building or built in the background, with the timer that checks it. */
export interface RunningFilterIndex {
  readonly index: FilterIndex;
  /** Writes the snapshot now if the index moved since the last one; true when one was written. */
  saveSnapshot(): Promise<boolean>;
  /** Stops the checks and any build in progress, after writing the snapshot; resolves when the build has stopped. */
  stop(): Promise<void>;
}

type Log = NonNullable<FilterIndexOptions['log']>;

/** Reads and writes one index's snapshot, one write at a time. */
function snapshotKeeper(db: Kysely<DB>, index: FilterIndex, file: string, opts: StartOptions, log: Log) {
  let identity: Promise<SnapshotIdentity> | undefined;
  const ident = () =>
    (identity ??= onPrimary(() => snapshotIdentity(db)).catch((err: unknown) => {
      identity = undefined;
      throw err;
    }));
  // The positions of the file on disk, so that an index that has not moved is not written again.
  let onDisk: { work: number; counts: number } | undefined;
  let writing: Promise<boolean> | null = null;

  const writeNow = async (always: boolean): Promise<boolean> => {
    const id = await ident();
    const started = performance.now();
    const moved = (at: IndexPositions) => always || at.work !== onDisk?.work || at.counts !== onDisk.counts;
    const r = await onPrimary(() => writeSnapshot(db, file, id, index, (at) => !moved(at)));
    if (r === 'put off') log('info', 'filter index snapshot put off: a title changed while it was read');
    if (typeof r === 'string') return false;
    onDisk = { work: r.at.work, counts: r.at.counts };
    const ms = Math.round(performance.now() - started);
    log('info', 'filter index snapshot written', { ms, heldMs: r.heldMs, bytes: r.bytes, ...onDisk });
    return true;
  };

  return {
    /** For `index.build`: the snapshot's state, or undefined (logged) when there is none to trust. */
    restore: async (): Promise<RestoredIndex | undefined> => {
      await removeLeftovers(file);
      const r = await readSnapshot(db, file, await ident(), {
        rebuildBacklog: opts.rebuildBacklog ?? REBUILD_BACKLOG,
        maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
      });
      if ('refused' in r) {
        log(r.level, `filter index snapshot not used: ${r.refused}; building from the database`, { file });
        return undefined;
      }
      onDisk = { work: r.at.work, counts: r.at.counts };
      return r;
    },
    /** After any write under way, writes if the index moved since the file (`always`: after a build, whose state is new). */
    save: async (always = false): Promise<boolean> => {
      while (writing) await writing;
      writing = writeNow(always)
        .catch((err: unknown) => {
          log('warn', 'writing the filter index snapshot failed', {
            err: err instanceof Error ? err.message : String(err),
          });
          return false;
        })
        .finally(() => (writing = null));
      return writing;
    },
  };
}

/**
 * Starts a filter index of `db` in the background, from its snapshot when there is one to trust,
 * else built from the tables; listings given it (search-state.ts) use it once it is ready, and SQL
 * until then. The caller owns it: main.ts for the server, each test or benchmark for its own.
 */
export function startFilterIndex(db: Kysely<DB>, opts: StartOptions = {}): RunningFilterIndex {
  const log: Log = (level, message, data) => opts.log?.(level, message, data);
  let keeper: ReturnType<typeof snapshotKeeper> | undefined;
  const index = new FilterIndex(db, {
    ...opts,
    onReady: (from) => {
      opts.onReady?.(from);
      // A built state is new whatever its positions: it replaces the file.
      if (from === 'database') void keeper?.save(true);
    },
  });
  if (opts.snapshotPath) keeper = snapshotKeeper(db, index, opts.snapshotPath, opts, log);
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
  const saveEvery = keeper ? setInterval(() => void keeper.save(), opts.snapshotEveryMs ?? 600_000) : null;
  saveEvery?.unref();
  // A restored state is compared with the database in whole once it answers (a build is, before).
  void index
    .build(keeper?.restore)
    .then((ready) => (ready && index.lastBuild?.from === 'snapshot' ? index.verify() : undefined))
    .catch(() => undefined);
  return {
    index,
    saveSnapshot: () => keeper?.save() ?? Promise.resolve(false),
    stop: async () => {
      if (timer) clearInterval(timer);
      if (saveEvery) clearInterval(saveEvery);
      await keeper?.save();
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
