import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { claimJobs, enqueueJob, failedJobs, pruneDoneJobs } from '../store/job.store.js';
import { JobRunner, retryAfterMs } from './job-runner.js';
import { jobRows, makeJobsDue, pendingJobCount } from '../../test/inspect.js';

const statusOf = async (db: Parameters<typeof pendingJobCount>[0], id: number) =>
  (await jobRows(db)).find((j) => j.id === id)!;

eachDialect('jobs: enqueued once per key, run once, kept done until pruned', async ({ db }) => {
  const seen: unknown[] = [];
  const runner = new JobRunner(db, { note: async (payload) => void seen.push(payload) });
  assert.equal(await enqueueJob(db, { kind: 'note', key: 'chapter:7', payload: { chapter: 7 } }), true);
  // The same key again (a retried request) adds nothing.
  assert.equal(await enqueueJob(db, { kind: 'note', key: 'chapter:7', payload: { chapter: 8 } }), false);
  await enqueueJob(db, { kind: 'note', payload: 'no key' });
  await enqueueJob(db, { kind: 'note', payload: 'later', runAt: new Date(Date.now() + 3_600_000) });
  assert.equal(await runner.runDue(), 2);
  assert.deepEqual(seen, [{ chapter: 7 }, 'no key']);
  // Done jobs are not run again; the one for later waits.
  assert.equal(await runner.runDue(), 0);
  assert.equal(await pendingJobCount(db), 1);
  await pruneDoneJobs(db, new Date(Date.now() + 1000).toISOString());
  assert.deepEqual(
    (await jobRows(db)).map((r) => r.payload),
    ['later'],
  );
});

eachDialect('jobs: a failing job is retried after a back-off, then kept as failed with its error', async ({ db }) => {
  let calls = 0;
  const runner = new JobRunner(db, {
    flaky: async () => {
      calls++;
      throw new Error(`mail server said no (${calls})`);
    },
  });
  await enqueueJob(db, { kind: 'flaky', payload: {}, maxAttempts: 3 });
  const { id } = (await jobRows(db))[0]!;
  const before = Date.now();
  assert.equal(await runner.runDue(), 1);
  let row = await statusOf(db, id);
  assert.equal(row.status, 'queued');
  assert.equal(row.attempts, 1);
  assert.equal(row.last_error, 'mail server said no (1)');
  assert.ok(Date.parse(row.run_at) >= before + retryAfterMs(1));
  // Not due yet: nothing runs.
  assert.equal(await runner.runDue(), 0);
  // Its time come (moved here rather than waited for), it runs again; on its last attempt it fails for good.
  for (const attempt of [2, 3]) {
    await makeJobsDue(db);
    assert.equal(await runner.runDue(), 1);
    row = await statusOf(db, id);
    assert.equal(row.attempts, attempt);
  }
  assert.equal(row.status, 'failed');
  assert.equal(row.last_error, 'mail server said no (3)');
  await makeJobsDue(db);
  assert.equal(await runner.runDue(), 0);
  assert.equal(calls, 3);
  // Kept for an administrator, and not pruned with the done jobs.
  await pruneDoneJobs(db, new Date(Date.now() + 1000).toISOString());
  assert.deepEqual(
    (await failedJobs(db)).map((j) => [j.kind, j.attempts, j.last_error]),
    [['flaky', 3, 'mail server said no (3)']],
  );
});

eachDialect('jobs: a job whose process stopped is run again after its lease; other kinds are left', async ({ db }) => {
  // A process claimed the job a minute ago and died: it stays running with its lease.
  const past = new Date(Date.now() - 60_000);
  await enqueueJob(db, { kind: 'fanout', payload: 1 }, past);
  await enqueueJob(db, { kind: 'unknown-here', payload: 2 }, past);
  const claimed = await claimJobs(db, { kinds: ['fanout'], worker: 'gone', limit: 10, leaseMs: 1000 }, past);
  assert.equal(claimed.length, 1);
  const ran: unknown[] = [];
  const runner = new JobRunner(db, { fanout: async (p) => void ran.push(p) });
  assert.equal(await runner.runDue(), 1);
  assert.deepEqual(ran, [1]);
  const row = await statusOf(db, claimed[0]!.id);
  assert.deepEqual([row.status, row.attempts, row.locked_by], ['done', 2, null]);
  // The kind this runner has no handler for waits for a process that has one.
  assert.equal(await pendingJobCount(db), 1);
});

eachDialect('jobs: runners claiming at once run each job exactly once', async ({ db }) => {
  const n = 60;
  for (let i = 0; i < n; i++) await enqueueJob(db, { kind: 'count', payload: i });
  const runs = new Map<number, number>();
  const handler = async (p: unknown) => {
    runs.set(p as number, (runs.get(p as number) ?? 0) + 1);
    await new Promise((r) => setImmediate(r));
  };
  const runners = [0, 1, 2].map(() => new JobRunner(db, { count: handler }, { batch: 4 }));
  const counts = await Promise.all(runners.map((r) => r.runDue()));
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    n,
  );
  assert.equal(runs.size, n);
  assert.ok([...runs.values()].every((v) => v === 1));
  assert.equal(await pendingJobCount(db), 0);
});

eachDialect('jobs: a started runner runs what is enqueued when woken, and stops cleanly', async ({ db }) => {
  let resolveRan: (v: unknown) => void = () => {};
  const ran = new Promise((r) => (resolveRan = r));
  const runner = new JobRunner(db, { hello: async (p) => resolveRan(p) }, { pollMs: 60_000 });
  runner.start();
  await enqueueJob(db, { kind: 'hello', payload: 'there' });
  runner.wake();
  assert.equal(await ran, 'there');
  await runner.stop();
  assert.equal(await pendingJobCount(db), 0);
});
