import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqliteTestDb } from '../../test/db.js';
import { sqliteHandle } from './db.js';

// A power cut cannot be staged in a test; what makes a commit survive one can be read back.
test('every SQLite commit is synced before it is acknowledged (synchronous=FULL, WAL)', async () => {
  const t = await sqliteTestDb();
  try {
    const sqlite = sqliteHandle(t.db)!;
    assert.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(
      sqlite.pragma('synchronous', { simple: true }),
      2,
      'FULL (NORMAL, 1, may lose the last commits to a power cut)',
    );
  } finally {
    await t.close();
  }
});
