import type { Executor } from './executor.js';
import { isPostgres } from './dialect.js';

/** A job as a runner gets it: its payload parsed back from JSON. */
export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  /** This run included. */
  attempts: number;
  maxAttempts: number;
}

export interface NewJob {
  kind: string;
  payload: unknown;
  /** A job whose key is already in the table is not added again (a retried request enqueues once). */
  key?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** How many times a job runs before it is kept as failed. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Adds a job; call inside the transaction of the change that asks for it, so that the job exists
 * exactly when the change does. True when it was added, false when its key was already there.
 */
export async function enqueueJob(db: Executor, job: NewJob, now = new Date()): Promise<boolean> {
  const rows = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      key: job.key ?? null,
      payload: JSON.stringify(job.payload ?? null),
      status: 'queued',
      max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      run_at: (job.runAt ?? now).toISOString(),
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .execute();
  return rows.length > 0;
}

/**
 * Claims up to `limit` due jobs of these kinds for `worker`, each for `leaseMs`: queued jobs whose
 * time has come, and running jobs whose lease has passed (their process stopped). On PostgreSQL
 * the rows are taken with FOR UPDATE SKIP LOCKED, so processes claiming at once never take the
 * same job; SQLite runs one writer at a time. A job whose lease passed on its last attempt is kept
 * as failed instead.
 */
export async function claimJobs(
  db: Executor,
  { kinds, worker, limit, leaseMs }: { kinds: readonly string[]; worker: string; limit: number; leaseMs: number },
  now = new Date(),
): Promise<ClaimedJob[]> {
  if (kinds.length === 0) return [];
  const at = now.toISOString();
  await db
    .updateTable('jobs')
    .set({ status: 'failed', last_error: 'Its process stopped while running it.', finished_at: at, locked_by: null })
    .where('status', '=', 'running')
    .where('locked_until', '<=', at)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .execute();
  let due = db
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', [...kinds])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', at)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', at)]),
      ]),
    )
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit);
  if (isPostgres(db)) due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: worker,
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', due)
    .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts'])
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: JSON.parse(r.payload) as unknown,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Marks a job this worker holds as done. */
export async function finishJob(db: Executor, id: number, worker: string, now = new Date()): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now.toISOString(), locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .execute();
}

/**
 * Records a failed run of a job this worker holds: queued again after a back-off that grows with
 * its attempts (`retryAfterMs`), or kept as failed, with its error, once its attempts are spent.
 */
export async function failJob(
  db: Executor,
  job: ClaimedJob,
  worker: string,
  error: string,
  retryAfterMs: number,
  now = new Date(),
): Promise<'retry' | 'failed'> {
  const spent = job.attempts >= job.maxAttempts;
  await db
    .updateTable('jobs')
    .set({
      status: spent ? 'failed' : 'queued',
      run_at: new Date(now.getTime() + retryAfterMs).toISOString(),
      last_error: error.slice(0, 4000),
      finished_at: spent ? now.toISOString() : null,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', worker)
    .execute();
  return spent ? 'failed' : 'retry';
}

/** Jobs kept as failed, newest first, for an administrator. */
export async function failedJobs(db: Executor, limit = 100) {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'key', 'payload', 'attempts', 'last_error', 'created_at', 'finished_at'])
    .where('status', '=', 'failed')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Queues a failed job again with fresh attempts; false when no failed job has this id. */
export async function retryFailedJob(db: Executor, id: number, now = new Date()): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'queued', attempts: 0, run_at: now.toISOString(), finished_at: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Forgets jobs done before `before`; failed jobs stay until an administrator deals with them. */
export async function pruneDoneJobs(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', before).execute();
}
