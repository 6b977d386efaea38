import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import {
  deleteAccountRow,
  deleteSomeBookmarks,
  deleteSomeKudos,
  deleteSomeMutesAndBlocks,
  deleteSomeOwnRows,
  deleteSomeReadings,
  deleteSomeSubscriptions,
  deleteSomeWriterDays,
  deletingAccount,
  settleSomeSeries,
  unsignSomeComments,
  worksOfAccount,
  type Removed,
} from '../store/account-deletion.store.js';
import { deleteCreatorshipsOfUser } from '../store/creatorship.store.js';
import { deleteWorkRow } from '../store/work.store.js';
import { addToCount } from '../store/count-changes.store.js';
import { reindexWork, unindexWork } from '../search/work-index.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';
import { breathe, busySince, type StepCommit } from './fan-out.js';
import type { JobHandler } from './job-runner.js';

export interface DeleteAccountJobOptions {
  /** Rows removed per step (one short transaction each). */
  stepRows?: number;
  /** Works removed per step: each takes its chapters, comments and search text with it. */
  workStep?: number;
  /** Commits one step's writes (main.ts passes the commit queue's, as for the fan-out). */
  commit?: StepCommit;
}

function readPayload(payload: unknown): number {
  const p = payload as { userId?: unknown } | null;
  if (!p || !Number.isInteger(p.userId)) throw new Error('An account deletion job needs a user id.');
  return p.userId as number;
}

/** Removes the member's credit from a step's worth of works: a work they alone made goes, a shared one stays with the others. */
async function leaveSomeWorks(trx: Executor, userId: number, limit: number): Promise<number> {
  const works = await worksOfAccount(trx, userId, limit);
  for (const w of works) {
    if (w.shared) {
      await deleteCreatorshipsOfUser(trx, w.id, userId);
      await reindexWork(trx, w.id);
    } else {
      // As services/delete-work.ts deletes a work: its search entry (and the change log) first.
      await unindexWork(trx, w.id);
      await deleteWorkRow(trx, w.id);
    }
  }
  return works.length;
}

/** Lowers each work's count by what a step removed, logging each change (ADR 010). */
async function lowerCounts(trx: Executor, r: Removed, column: 'bookmarks_count' | 'kudos_count'): Promise<number> {
  for (const [workId, n] of r.drops) await addToCount(trx, workId, column, -n);
  return r.removed;
}

/**
 * The account deletion job's handler (registered in main.ts). Each kind of row goes in bounded
 * steps, each its own short transaction, with a rest between steps as the fan-out takes; a step
 * answers how many rows it touched, and the next kind starts once one touches none. Safe to run
 * again after a crash: every step acts only on what is still there. The user row goes last, so the
 * username stays taken until everything else is gone.
 */
export function deleteAccountHandler(db: Kysely<DB>, opts: DeleteAccountJobOptions = {}): JobHandler {
  const stepRows = opts.stepRows ?? 200;
  const workStep = opts.workStep ?? 20;
  const commit: StepCommit = opts.commit ?? ((fn) => db.transaction().execute(fn));
  return async (payload) => {
    const userId = readPayload(payload);
    const account = await deletingAccount(db, userId);
    if (!account || account.deleting_at === null || account.username === ORPHAN_ACCOUNT) return;
    const steps: Array<(trx: Executor) => Promise<number>> = [
      (trx) => leaveSomeWorks(trx, userId, workStep),
      async (trx) => lowerCounts(trx, await deleteSomeBookmarks(trx, userId, stepRows), 'bookmarks_count'),
      async (trx) => lowerCounts(trx, await deleteSomeKudos(trx, userId, stepRows), 'kudos_count'),
      (trx) => unsignSomeComments(trx, userId, stepRows),
      (trx) => deleteSomeSubscriptions(trx, userId, stepRows),
      (trx) => deleteSomeReadings(trx, userId, stepRows),
      (trx) => deleteSomeMutesAndBlocks(trx, userId, stepRows),
      (trx) => deleteSomeWriterDays(trx, userId, stepRows),
      ...(
        ['notifications', 'inbox_items', 'saved_filters', 'blocked_tags', 'access_tokens', 'account_tokens'] as const
      ).map((table) => (trx: Executor) => deleteSomeOwnRows(trx, table, userId, stepRows)),
      (trx) => settleSomeSeries(trx, userId, stepRows, new Date().toISOString()),
    ];
    for (const step of steps) {
      for (;;) {
        const started = performance.eventLoopUtilization();
        const touched = await commit(step);
        await breathe(busySince(started));
        if (touched === 0) break;
      }
    }
    await commit((trx) => deleteAccountRow(trx, userId));
  };
}
