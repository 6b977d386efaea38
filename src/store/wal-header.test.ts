import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import SQLite from 'better-sqlite3';
import { migrateToLatest, openDatabase, sqliteHandle } from './db.js';
import { WalHeaderWatch } from './wal-header.js';
import { changeStamp, logWorkChange } from './work-changes.store.js';

function tempFile(): { file: string; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-wal-'));
  return { file: path.join(dir, 'quire.sqlite'), done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('the WAL-index header moves with every commit, by this connection or another, and with nothing else', () => {
  const t = tempFile();
  const a = new SQLite(t.file);
  a.pragma('journal_mode = WAL');
  a.exec('create table t (x integer)');
  const b = new SQLite(t.file);
  const watch = WalHeaderWatch.open(a);
  try {
    assert.ok(watch, 'a WAL database has a header to watch');
    assert.equal(watch.changed(), true, 'the first look has nothing to compare with');
    assert.equal(watch.changed(), false);
    a.prepare('select count(*) from t').get();
    assert.equal(watch.changed(), false, 'a read changes nothing');
    b.exec('insert into t values (1)');
    assert.equal(watch.changed(), true, "another connection's commit");
    assert.equal(watch.changed(), false);
    a.exec('insert into t values (2)');
    assert.equal(watch.changed(), true, "this connection's commit");
    // A rolled-back transaction commits nothing.
    b.exec('begin immediate; insert into t values (3); rollback');
    assert.equal(watch.changed(), false, 'a rollback');
    // The log restarts from its first frame after a full checkpoint: same length, new salts.
    b.pragma('wal_checkpoint(TRUNCATE)');
    watch.changed();
    b.exec('insert into t values (4)');
    assert.equal(watch.changed(), true, 'the first commit after a checkpoint that emptied the log');
    for (let i = 0; i < 50; i++) {
      b.exec(`insert into t values (${i})`);
      assert.equal(watch.changed(), true, `commit ${i}`);
    }
  } finally {
    watch?.close();
    b.close();
    a.close();
    t.done();
  }
});

test('no watch where there is no WAL-index to read: in memory, or in rollback-journal mode', () => {
  const mem = new SQLite(':memory:');
  assert.equal(WalHeaderWatch.open(mem), undefined);
  mem.close();
  const t = tempFile();
  const db = new SQLite(t.file);
  db.pragma('journal_mode = DELETE');
  assert.equal(WalHeaderWatch.open(db), undefined);
  db.close();
  t.done();
});

test('a closed watch counts every look as a change, so its reader falls back to asking SQLite', () => {
  const t = tempFile();
  const db = new SQLite(t.file);
  db.pragma('journal_mode = WAL');
  db.exec('create table t (x integer)');
  const watch = WalHeaderWatch.open(db)!;
  watch.changed();
  assert.equal(watch.changed(), false);
  watch.close();
  assert.equal(watch.changed(), true);
  assert.equal(watch.changed(), true);
  db.close();
  t.done();
});

test('the change stamp equals the newest change after random commits through two connections', async () => {
  const t = tempFile();
  const mine = openDatabase({ sqliteFile: t.file });
  await migrateToLatest(mine.db);
  const other = openDatabase({ sqliteFile: t.file });
  const raw = sqliteHandle(mine.db)!;
  const newest = () => String(Number(raw.prepare('select max(seq) from work_changes').pluck().get() ?? 0));
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  try {
    for (let i = 0; i < 300; i++) {
      const r = rand();
      if (r < 0.3) await logWorkChange(other.db, i);
      else if (r < 0.5) await logWorkChange(mine.db, i);
      else if (r < 0.55) sqliteHandle(other.db)!.pragma('wal_checkpoint(TRUNCATE)');
      // A commit by another connection shows from the next turn of the event loop (turn-stamp.ts).
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await changeStamp(mine.db), newest(), `step ${i}`);
    }
  } finally {
    await other.close();
    await mine.close();
    t.done();
  }
});
