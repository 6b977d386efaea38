// `quire serve` refuses a SQLite file that is not a whole archive, naming the file and how to restore it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { assertExit, quire } from '../../test/cli.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { migrateToLatest, openDatabase } from '../store/db.js';

function dataFolder(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-damaged-'));
  return { dir, file: path.join(dir, 'quire.sqlite') };
}

function assertRefused(r: Awaited<ReturnType<typeof quire>>, file: string, why: RegExp): void {
  assertExit(r, 1);
  assert.ok(r.stderr.includes(file), `the message names the file: ${r.stderr}`);
  assert.match(r.stderr, why);
  assert.match(r.stderr, /Restore the file from your latest backup/);
}

test('a zero-length database file is refused, not turned into a new empty archive', async () => {
  const { dir, file } = dataFolder();
  try {
    fs.writeFileSync(file, '');
    assertRefused(await quire(['serve', '--data', dir, '--port', '0']), file, /is empty \(0 bytes\)/);
    assertRefused(await quire(['migrate', '--data', dir]), file, /is empty/);
    assert.equal(fs.statSync(file).size, 0, 'the file is left as it was');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a database with a damaged page is refused at start; a file that is no database too', async () => {
  const { dir, file } = dataFolder();
  try {
    const database = openDatabase({ sqliteFile: file });
    await migrateToLatest(database.db);
    const u = await buildUser(database.db);
    for (let i = 0; i < 20; i++) await buildWork(database.db, u);
    await database.close();
    const raw = new Database(file);
    raw.exec('VACUUM'); // no free pages: the damaged page below is one in use
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    // A page of the chapters table, which holds the works' text: opening the file reads only the
    // schema, so the damage is found by the check at start, not by SQLite on open.
    const { rootpage } = raw.prepare("select rootpage from sqlite_master where name = 'chapters'").get() as {
      rootpage: number;
    };
    raw.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (rootpage - 1) * pageSize);
    fs.closeSync(fd);
    assertRefused(await quire(['serve', '--data', dir, '--port', '0']), file, /is damaged/);

    fs.writeFileSync(file, 'These are not the pages you are looking for. '.repeat(200));
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
    assertRefused(await quire(['serve', '--data', dir, '--port', '0']), file, /is not a readable SQLite database/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
