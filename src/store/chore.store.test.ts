import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { eachDialect } from '../../test/db.js';
import { migrateToLatest, openDatabase } from './db.js';
import { claimChore } from './chore.store.js';

const HOUR = 3_600_000;

eachDialect('a chore is claimed by one asker per period, however many ask at once', async ({ db }) => {
  const t0 = new Date('2026-12-06T10:00:00.000Z');
  const first = await Promise.all(Array.from({ length: 8 }, () => claimChore(db, 'clean-up', HOUR, t0)));
  assert.equal(first.filter(Boolean).length, 1);
  // Not again within the hour, by anyone; then once more, and other chores keep their own turns.
  assert.equal(await claimChore(db, 'clean-up', HOUR, new Date(t0.getTime() + 30 * 60_000)), false);
  assert.equal(await claimChore(db, 'other', HOUR, t0), true);
  const next = new Date(t0.getTime() + HOUR);
  const second = await Promise.all(Array.from({ length: 8 }, () => claimChore(db, 'clean-up', HOUR, next)));
  assert.equal(second.filter(Boolean).length, 1);
});

test('two processes on one SQLite file share a chore’s turns', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-chore-'));
  const file = path.join(dir, 'quire.sqlite');
  const a = openDatabase({ sqliteFile: file });
  const b = openDatabase({ sqliteFile: file });
  try {
    await migrateToLatest(a.db);
    const t0 = new Date('2026-12-06T10:00:00.000Z');
    // A's timer fires first; B's, a few minutes later in the same hour, finds it done.
    assert.equal(await claimChore(a.db, 'clean-up', HOUR, t0), true);
    assert.equal(await claimChore(b.db, 'clean-up', HOUR, new Date(t0.getTime() + 5 * 60_000)), false);
    // An hour on, whichever asks first runs it: here B.
    assert.equal(await claimChore(b.db, 'clean-up', HOUR, new Date(t0.getTime() + 65 * 60_000)), true);
    assert.equal(await claimChore(a.db, 'clean-up', HOUR, new Date(t0.getTime() + 66 * 60_000)), false);
  } finally {
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
