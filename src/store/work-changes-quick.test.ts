import assert from 'node:assert/strict';
import test from 'node:test';
import { CompiledQuery, type Kysely } from 'kysely';
import { openDatabase } from './db.js';
import type { DB } from './schema.js';
import { eachDialect, testDb } from '../../test/db.js';
import { pgTestTarget } from '../../test/pg-url.js';
import { changesSince, latestChangeSeq, logWorkChange, logWorkChanges } from './work-changes.store.js';
import { ChangeSignal } from './change-signal.js';
import { heldOpen } from '../../test/late-commit.js';

const changeStamp = (db: Kysely<DB>) => new ChangeSignal(db).stamp();

eachDialect(
  'the change stamp never shows a change that is not committed, and moves with each commit',
  async ({ db }) => {
    await logWorkChange(db, 7);
    const before = await changeStamp(db);
    assert.equal(await changeStamp(db), before);

    // Read while another request's transaction holds an uncommitted change, which is then rolled back.
    let outside: Promise<string> | undefined;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await logWorkChange(trx, 8);
        outside = changeStamp(db);
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(await outside, before, 'the read saw only committed changes');
    assert.equal(await changeStamp(db), before);

    await logWorkChange(db, 9);
    const after = await changeStamp(db);
    assert.notEqual(after, before);
    assert.equal(await changeStamp(db), after);
  },
);

// PostgreSQL only: SQLite's writers take turns, so its numbers commit in order.
// Needs two connections at once, which PGlite (one in-process connection) cannot give.
test(
  'a change that commits after a later-numbered one still moves the stamp [postgres]',
  { skip: pgTestTarget().kind === 'pglite' && 'needs a PostgreSQL server (PGlite has one connection)' },
  async () => {
    const t = await testDb('postgres');
    const db = t.db;
    try {
      await run(db);
    } finally {
      await t.close();
    }
  },
);

async function run(db: Kysely<DB>): Promise<void> {
  await logWorkChange(db, 1);
  const slow = await heldOpen(db, async (trx) => {
    await logWorkChange(trx, 2); // takes the lower number, commits last
  });
  // An import commits 1,200 changes meanwhile, more than any window of late numbers would hold.
  await logWorkChanges(
    db,
    Array.from({ length: 1200 }, () => 3),
  );
  const between = await changeStamp(db);
  const seen = await latestChangeSeq(db);
  assert.deepEqual(
    new Set((await changesSince(db, seen - 1, 10)).map((c) => c.workId)),
    new Set([3]),
    'the changes committed first are read first',
  );
  await slow.commit();
  assert.notEqual(await changeStamp(db), between, 'the late commit moved the stamp');
  // A reader that had applied everything up to `seen` reads the late commit after it, not before.
  assert.deepEqual(
    (await changesSince(db, seen, 10)).map((c) => c.workId),
    [2],
    'the late commit comes after what was read',
  );
}

test('a change committed through another SQLite connection moves the stamp from the next turn of the event loop on [sqlite]', async () => {
  const t = await testDb('sqlite');
  const file = (
    await t.db.executeQuery<{ file: string }>(
      CompiledQuery.raw("select file from pragma_database_list where name = 'main'"),
    )
  ).rows[0]!.file;
  const other = openDatabase({ sqliteFile: file });
  try {
    const before = await changeStamp(t.db);
    await logWorkChange(other.db, 3);
    // Requests handled in this turn arrived before the other process's commit was read (turn-stamp.ts).
    await new Promise((r) => setImmediate(r));
    const after = await changeStamp(t.db);
    assert.notEqual(after, before);
    // This connection's own write shows at once, within the same turn.
    await logWorkChange(t.db, 4);
    assert.notEqual(await changeStamp(t.db), after);
  } finally {
    await other.close();
    await t.close();
  }
});
