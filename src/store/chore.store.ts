import type { Executor } from './executor.js';

/**
 * Claims this run of a chore for the whole cluster: true for exactly one of the processes (on one
 * database) that ask within `everyMs` of its last run. The claim is one conditional update of the
 * chore's row in `settings`, so two processes asking at once cannot both win, on either dialect.
 * A run that fails is not retried before its next turn; a process that dies mid-run loses only
 * that run.
 */
export async function claimChore(db: Executor, name: string, everyMs: number, now = new Date()): Promise<boolean> {
  const key = `chore:${name}`;
  await db
    .insertInto('settings')
    .values({ key, value: '' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  // A tenth of the period's slack: the process that ran it last wins its next turn even when its
  // timer fires a little early.
  const due = new Date(now.getTime() - everyMs * 0.9).toISOString();
  const r = await db
    .updateTable('settings')
    .set({ value: now.toISOString() })
    .where('key', '=', key)
    .where('value', '<', due)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
