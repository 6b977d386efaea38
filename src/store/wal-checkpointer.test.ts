import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { WalCheckpointer } from './wal-checkpointer.js';

function scratch(): { sqlite: SQLite.Database; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-ckpt-'));
  const sqlite = new SQLite(path.join(dir, 'scratch.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table pages (body blob not null)');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { sqlite, dir };
}

const autocheckpoint = (s: SQLite.Database) => s.pragma('wal_autocheckpoint', { simple: true });

test('the worker checkpoints the WAL, and the connection checkpoints only when the worker is stopped', async () => {
  const { sqlite, dir } = scratch();
  try {
    const c = await WalCheckpointer.start(sqlite, { everyMs: 20 });
    assert.ok(c);
    assert.equal(autocheckpoint(sqlite), 16_000, 'commits leave checkpoints to the worker');
    const next = c.next();
    // About 1,500 pages of 4 KiB in one commit: more than SQLite's 1,000-page autocheckpoint.
    const add = sqlite.prepare('insert into pages (body) values (?)');
    sqlite.transaction(() => {
      for (let i = 0; i < 1500; i++) add.run(Buffer.alloc(4000, i % 251));
    })();
    const report = await next;
    assert.ok(report.log > 1000, `frames in the WAL: ${report.log}`);
    assert.equal(report.checkpointed, report.log, 'every frame copied into the database');
    assert.equal((sqlite.prepare('select count(*) as n from pages').get() as { n: number }).n, 1500);
    await c.stop();
    assert.equal(autocheckpoint(sqlite), 1000, "SQLite's default again");
  } finally {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker that cannot open the database leaves checkpoints to the connection, and says so', async () => {
  const { sqlite, dir } = scratch();
  try {
    // The connection keeps its open file; the worker finds no file under that name.
    fs.rmSync(sqlite.name);
    const said: string[] = [];
    const c = await WalCheckpointer.start(sqlite, { everyMs: 20, log: (level, msg) => said.push(`${level}: ${msg}`) });
    assert.ok(c);
    assert.equal(autocheckpoint(sqlite), 1000);
    assert.deepEqual(said, ['error: the WAL checkpointer failed; commits checkpoint again']);
    await c.stop();
  } finally {
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an in-memory database has no WAL to checkpoint', async () => {
  const sqlite = new SQLite(':memory:');
  try {
    assert.equal(await WalCheckpointer.start(sqlite), undefined);
  } finally {
    sqlite.close();
  }
});
