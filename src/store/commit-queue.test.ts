import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { eachDialect, sqliteTestDb } from '../../test/db.js';
import { CommitQueue } from './commit-queue.js';
import { isPostgres } from './dialect.js';
import { sqliteHandle } from './db.js';

eachDialect(
  'commit queue: writes asked together commit together; one that fails is rolled back alone',
  async ({ db }) => {
    const commits = new CommitQueue(db);
    const put = (key: string) =>
      commits.run(async (trx) => {
        await trx.insertInto('rate_limits').values({ key, window_start: 0, count: 1 }).execute();
        return key;
      });
    // One of the two writes of "b" breaks the primary key: only it fails. On SQLite the batch runs
    // them in order, so it is the second; on PostgreSQL each is its own transaction and either may
    // commit first.
    const results = await Promise.allSettled([put('a'), put('b'), put('b'), put('c')]);
    const statuses = results.map((r) => r.status);
    assert.deepEqual(
      [statuses[0], statuses[3], [statuses[1], statuses[2]].sort()],
      ['fulfilled', 'fulfilled', ['fulfilled', 'rejected']],
    );
    if (!isPostgres(db)) assert.equal(statuses[2], 'rejected');
    assert.deepEqual(results[0], { status: 'fulfilled', value: 'a' });
    const rows = await db.selectFrom('rate_limits').select('key').orderBy('key').execute();
    assert.deepEqual(
      rows.map((r) => r.key),
      ['a', 'b', 'c'],
    );
    // A write that throws after writing leaves nothing behind.
    await assert.rejects(
      commits.run(async (trx) => {
        await trx.insertInto('rate_limits').values({ key: 'd', window_start: 0, count: 1 }).execute();
        throw new Error('changed its mind');
      }),
      /changed its mind/,
    );
    assert.equal((await db.selectFrom('rate_limits').select('key').where('key', '=', 'd').execute()).length, 0);
  },
);

eachDialect('commit queue: many writes at once are all answered, in order, after their commit', async ({ db }) => {
  const commits = new CommitQueue(db);
  const n = 600; // more than one batch
  const keys = Array.from({ length: n }, (_, i) => `k${i}`);
  const answered = await Promise.all(
    keys.map((key) =>
      commits.run(async (trx) => {
        await trx.insertInto('rate_limits').values({ key, window_start: 0, count: 1 }).execute();
        return key;
      }),
    ),
  );
  assert.deepEqual(answered, keys);
  const { n: stored } = await db
    .selectFrom('rate_limits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(stored), n);
});

test('commit queue on SQLite: batches commit unsynced, then sync the WAL; every other write stays synced', async (t) => {
  const testDb = await sqliteTestDb();
  t.after(() => testDb.close());
  const { db } = testDb;
  const sqlite = sqliteHandle(db)!;
  const commits = new CommitQueue(db);
  const put = (key: string, fail = false) =>
    commits.run(async (trx) => {
      await trx.insertInto('rate_limits').values({ key, window_start: 0, count: 1 }).execute();
      if (fail) throw new Error('refused');
      return key;
    });
  const settled = await Promise.allSettled([put('a'), put('b', true), put('c')]);
  assert.deepEqual(
    settled.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  // FULL (2) again once the batch is done, whether its writes succeeded or not.
  assert.equal(sqlite.pragma('synchronous', { simple: true }), 2);
  // A second connection, as another process would open, finds what was acknowledged.
  const other = new Database(sqlite.name, { readonly: true });
  t.after(() => other.close());
  assert.deepEqual(
    other
      .prepare('select key from rate_limits order by key')
      .all()
      .map((r) => (r as { key: string }).key),
    ['a', 'c'],
  );
  // A write outside the queue, in the window between two batches, commits with FULL.
  const during = put('d');
  await db.insertInto('rate_limits').values({ key: 'e', window_start: 0, count: 1 }).execute();
  assert.equal(sqlite.pragma('synchronous', { simple: true }), 2);
  assert.equal(await during, 'd');
});
