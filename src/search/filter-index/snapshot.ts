/**
 * The filter index's snapshot: a built state saved in a local file with the change-log positions it
 * was caught up to, so that a node starts from it in seconds and catches up from the logs instead of
 * reading every work (docs/decisions/015). A file is used only when it is whole (its SHA-256), of
 * this archive (`archive_id`), written with the same migrations applied, and not too old for the
 * logs; otherwise the index is built from the database as it would be without one.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { archiveId } from '../../store/archive-id.store.js';
import { appliedMigrations } from '../../store/readiness.store.js';
import { changeMark, latestChangeSeq, oldestChangeSeq, type ChangeLog } from '../../store/work-changes.store.js';
import type { FilterIndex, IndexPositions, RestoredIndex } from './filter-index.js';
import { readSnapshotFile, writeSnapshotFile, type Refusal } from './snapshot-file.js';
import { copyState, encodeState, restoreState } from './snapshot-state.js';

/** What a snapshot must share with the database it is used with. */
export interface SnapshotIdentity {
  archiveId: string;
  /** SHA-256 of the applied migrations' names. */
  migrations: string;
}

export async function snapshotIdentity(db: Kysely<DB>): Promise<SnapshotIdentity> {
  const names = await appliedMigrations(db);
  return {
    archiveId: await archiveId(db),
    migrations: crypto.createHash('sha256').update(names.join('\n')).digest('hex'),
  };
}

const count = z.number().int().nonnegative();
const Meta = z.object({
  archiveId: z.string(),
  migrations: z.string(),
  work: count,
  counts: count,
  /** The change at each position when written (work-changes.store.ts's changeMark). */
  workMark: z.string().nullable(),
  countsMark: z.string().nullable(),
  auditFloor: count,
  estimatedBytes: count,
  writtenAt: z.string(),
  state: z.object({ capacity: count, oddDateCount: count, works: count }),
});
type Meta = z.infer<typeof Meta>;

/**
 * Writes a snapshot of `index` to `file`, unless `unchanged` says its positions need none. The
 * state is copied in a catch-up's turn (changes wait meanwhile), then encoded, hashed and written
 * a chunk at a time while the index goes on. 'put off' when a title changed before it was read.
 */
export async function writeSnapshot(
  db: Kysely<DB>,
  file: string,
  identity: SnapshotIdentity,
  index: FilterIndex,
  unchanged: (at: IndexPositions) => boolean = () => false,
): Promise<{ bytes: number; at: IndexPositions; heldMs: number } | 'not ready' | 'unchanged' | 'put off'> {
  const copied = await index.still(async ({ state, at, estimatedBytes }) => {
    if (unchanged(at)) return 'unchanged' as const;
    const started = performance.now();
    const copy = await copyState(state);
    return { copy, state, at, estimatedBytes, heldMs: Math.round(performance.now() - started) };
  });
  if (copied === undefined) return 'not ready';
  if (copied === 'unchanged') return copied;
  const saved = await encodeState(copied.copy, copied.state);
  if (!saved) return 'put off';
  const { at } = copied;
  const meta: Meta = {
    ...identity,
    work: at.work,
    counts: at.counts,
    workMark: (await changeMark(db, at.work)) ?? null,
    countsMark: (await changeMark(db, at.counts, 'count_changes')) ?? null,
    auditFloor: at.auditFloor,
    estimatedBytes: Math.round(copied.estimatedBytes),
    writtenAt: new Date().toISOString(),
    state: saved.meta,
  };
  return { bytes: await writeSnapshotFile(file, meta, saved.sections), at, heldMs: copied.heldMs };
}

/** Why a log no longer holds every change after `position`, or is another history; undefined when it is fine. */
async function logRefuses(
  db: Kysely<DB>,
  log: ChangeLog,
  position: number,
  mark: string | null,
  backlog: number,
): Promise<string | undefined> {
  const latest = await latestChangeSeq(db, log);
  if (latest < position)
    return `the database's ${log} end at ${latest}, before its position ${position} (restored from an older backup?)`;
  if (latest - position > backlog)
    return `it is ${latest - position} ${log} behind, more than a rebuild's threshold of ${backlog}`;
  const oldest = await oldestChangeSeq(db, log);
  if (oldest !== undefined && oldest > position + 1)
    return `the ${log} have been pruned past its position ${position} (oldest left: ${oldest})`;
  const now = mark === null ? undefined : await changeMark(db, position, log);
  if (now !== undefined && now !== mark)
    return `position ${position} of the ${log} holds another change than when it was written (a copy of the database?)`;
  return undefined;
}

/** Reads the snapshot at `file` for `db`: the restored state, or why it is not used. */
export async function readSnapshot(
  db: Kysely<DB>,
  file: string,
  identity: SnapshotIdentity,
  limits: { rebuildBacklog: number; maxBytes: number },
): Promise<RestoredIndex | Refusal> {
  let meta: Meta | undefined;
  const read = await readSnapshotFile(file, async (raw) => {
    const parsed = Meta.safeParse(raw);
    if (!parsed.success) return 'its header is not one this version reads';
    meta = parsed.data;
    if (meta.archiveId !== identity.archiveId) return `it is of another archive (${meta.archiveId})`;
    if (meta.migrations !== identity.migrations) return 'it was written before or after other migrations';
    if (meta.estimatedBytes > limits.maxBytes) return 'the index it holds is over the memory budget now';
    return (
      (await logRefuses(db, 'work_changes', meta.work, meta.workMark, limits.rebuildBacklog)) ??
      (await logRefuses(db, 'count_changes', meta.counts, meta.countsMark, limits.rebuildBacklog))
    );
  });
  if ('refused' in read) return read;
  const m = meta!;
  try {
    const state = await restoreState(m.state, read.sections);
    return {
      state,
      at: { work: m.work, counts: m.counts, auditFloor: m.auditFloor },
      estimatedBytes: m.estimatedBytes,
    };
  } catch (err) {
    return { refused: `its contents do not fit together: ${(err as Error).message}`, level: 'warn' };
  }
}
