import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { mulberry32 } from '../../bench/corpus.js';
import { migrateToLatest, openDatabase, sqliteHandle } from './db.js';
import { logWorkChange } from './work-changes.store.js';
import { ChangeSignal } from './change-signal.js';

test('the change stamp equals the newest change after random commits through two connections', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-stamp-'));
  const file = path.join(dir, 'quire.sqlite');
  const mine = openDatabase({ sqliteFile: file });
  await migrateToLatest(mine.db);
  const other = openDatabase({ sqliteFile: file });
  const raw = sqliteHandle(mine.db)!;
  const newest = () => String(Number(raw.prepare('select max(seq) from work_changes').pluck().get() ?? 0));
  const rand = mulberry32(42);
  const signal = new ChangeSignal(mine.db);
  try {
    for (let i = 0; i < 300; i++) {
      const r = rand();
      if (r < 0.3) await logWorkChange(other.db, i);
      else if (r < 0.5) await logWorkChange(mine.db, i);
      else if (r < 0.55) sqliteHandle(other.db)!.pragma('wal_checkpoint(TRUNCATE)');
      // A commit by another connection shows from the next turn of the event loop (turn-stamp.ts).
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await signal.stamp(), newest(), `step ${i}`);
    }
  } finally {
    await other.close();
    await mine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
