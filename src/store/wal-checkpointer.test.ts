import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { sqliteTestDb } from '../../test/db.js';
import { sqliteHandle } from './db.js';
import { WalCheckpointer } from './wal-checkpointer.js';

test('the WAL checkpointer copies committed pages into the database file from its own thread', async (t) => {
  const testDb = await sqliteTestDb();
  t.after(() => testDb.close());
  const { db } = testDb;
  const sqlite = sqliteHandle(db)!;
  const failures: string[] = [];
  const checkpointer = new WalCheckpointer(sqlite, (msg) => failures.push(msg), 20);
  checkpointer.start();
  t.after(() => checkpointer.stop());
  // The server's commits checkpoint only far past SQLite's 1,000 pages (the 500 below stay under it).
  assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 16000);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const before = fs.statSync(sqlite.name).size;
  // About 2 MB of new pages, written to the WAL only.
  const insert = sqlite.prepare('insert into rate_limits (key, window_start, count) values (?, 0, 1)');
  sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`k${i}-${'x'.repeat(1000)}`);
  })();
  assert.ok(fs.statSync(`${sqlite.name}-wal`).size > 2_000_000);
  // The database file grows once the thread has copied the WAL's pages into it.
  for (let waited = 0; fs.statSync(sqlite.name).size < before + 2_000_000; waited += 20) {
    assert.ok(waited < 10_000, 'the checkpointer copied nothing in 10 s');
    await sleep(20);
  }
  await checkpointer.stop();
  assert.deepEqual(failures, []);
  // Stopped, it gives checkpoints back to the commits.
  assert.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), 1000);
});
