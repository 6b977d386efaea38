import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { assertExit, quire } from '../../test/cli.js';
import { countRows, workCompleteness } from '../../test/inspect.js';
import { pgTestTarget } from '../../test/pg-url.js';
import { buildUser, buildWork, neutralProse } from '../../test/factories.js';
import { startAppIndex } from '../../bench/app-index.js';
import { migrateToLatest, openDatabase } from '../store/db.js';
import { createSearchState } from '../search/search-state.js';
import { queryWorks, type WorksQuery } from '../search/works-query.js';
import { guestViewer } from '../policies/index.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

const works = (db: Kysely<DB>) => countRows(db, 'works');

/** Every work whole: its chapters and words as its row says, and its text in the search index. */
async function assertComplete(db: Kysely<DB>): Promise<void> {
  for (const r of await workCompleteness(db)) {
    assert.equal(r.chapters, r.chapter_count, `work ${r.id}: chapters`);
    assert.equal(r.words, r.word_count, `work ${r.id}: words`);
    assert.ok(r.indexed, `work ${r.id}: search text`);
  }
}

/** Posts 30 works, then more while `quire backup` runs in its own process; the counts before and after. */
async function postWhileBackingUp(
  db: Kysely<DB>,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ before: number; after: number }> {
  const writer = await buildUser(db);
  const post = (i: number) =>
    buildWork(db, writer, {
      meta: { title: `Harbour Log ${i}`, rating: i % 2 ? 'Teen And Up Audiences' : 'General Audiences' },
      body: `${neutralProse(2)}\n\nEntry ${i}: the cormorants dried their wings.`,
      moreChapters: [{ body: neutralProse(1) }, { body: `Tide note ${i}. ${neutralProse(1)}` }],
    });
  for (let i = 0; i < 30; i++) await post(i);
  const before = await works(db);
  // The backup runs in its own process, as an operator runs it beside the server; posts go on meanwhile.
  let done = false;
  const backup = quire(['backup', ...args], { env }).finally(() => (done = true));
  let during = 0;
  while (!done) {
    await post(100 + during++);
    // SQLite's calls are synchronous: without a turn of the event loop the child's exit is never heard.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const r = await backup;
  assertExit(r, 0);
  assert.match(r.stdout, /Backed up the archive to/);
  assert.ok(during > 0, 'posts ran while the backup did');
  return { before, after: await works(db) };
}

/** The restored archive: a count of works the backup could have seen, every one whole, and its indexes agreeing with its SQL. */
async function assertRestored(db: Kysely<DB>, counts: { before: number; after: number }): Promise<void> {
  const n = await works(db);
  assert.ok(
    n >= counts.before && n <= counts.after,
    `${n} works restored, between ${counts.before} and ${counts.after}`,
  );
  await assertComplete(db);
  const index = await startAppIndex(db, () => undefined);
  try {
    const queries: WorksQuery[] = [
      { sort: 'title' },
      { ratings: ['Teen And Up Audiences'], sort: 'words' },
      { q: 'cormorants', sort: 'updated' },
      { q: '"tide note"', pageSize: 100 },
    ];
    for (const q of queries) {
      const bySql = await queryWorks(createSearchState(db), guestViewer(), q);
      const byIndex = await queryWorks(index.search, guestViewer(), q);
      assert.deepEqual(
        byIndex.works.map((w) => w.id),
        bySql.works.map((w) => w.id),
        JSON.stringify(q),
      );
      assert.equal(byIndex.total, bySql.total);
    }
    const text = await queryWorks(index.search, guestViewer(), { q: 'cormorants' });
    assert.equal(text.total, n, 'full text finds every restored work');
  } finally {
    await index.stop();
  }
}

test('SQLite: a backup taken while works are posted restores whole, its indexes agreeing with its SQL', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-backup-'));
  const data = path.join(tmp, 'live');
  const file = path.join(tmp, 'archive.backup');
  const restored = path.join(tmp, 'restored');
  const live = openDatabase({ dataDir: data });
  try {
    await migrateToLatest(live.db);
    const counts = await postWhileBackingUp(live.db, [file, '--data', data]);
    assertExit(await quire(['restore', file, '--data', restored]), 0);
    const copy = openDatabase({ dataDir: restored });
    try {
      await assertRestored(copy.db, counts);
    } finally {
      await copy.close();
    }
  } finally {
    await live.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

const pgServer = pgTestTarget();

test(
  'PostgreSQL: pg_dump while works are posted; pg_restore into an empty database only',
  { skip: pgServer.kind !== 'server' && 'needs a PostgreSQL server (QUIRE_TEST_PG_URL)' },
  async () => {
    if (pgServer.kind !== 'server') return;
    const name = (s: string) => `quire_bk_${crypto.randomBytes(4).toString('hex')}_${s}`;
    const [liveName, copyName] = [name('live'), name('copy')];
    const urlOf = (db: string) => {
      const u = new URL(pgServer.url);
      u.pathname = `/${db}`;
      return u.toString();
    };
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-backup-'));
    try {
      await admin.query(`CREATE DATABASE ${liveName}`);
      await admin.query(`CREATE DATABASE ${copyName}`);
      const file = path.join(tmp, 'archive.dump');
      const live = openDatabase({ databaseUrl: urlOf(liveName) });
      let counts: { before: number; after: number };
      try {
        await migrateToLatest(live.db);
        counts = await postWhileBackingUp(live.db, [file], { DATABASE_URL: urlOf(liveName) });
      } finally {
        await live.close();
      }
      assertExit(await quire(['restore', file], { env: { DATABASE_URL: urlOf(copyName) } }), 0);
      // Again into the now full database: refused, nothing changed.
      const again = await quire(['restore', file], { env: { DATABASE_URL: urlOf(copyName) } });
      assertExit(again, 2);
      assert.match(again.stderr, /already has tables/);
      // A PostgreSQL backup does not go into a data folder.
      const wrong = await quire(['restore', file, '--data', path.join(tmp, 'empty')]);
      assertExit(wrong, 2);
      assert.match(wrong.stderr, /PostgreSQL backup: set DATABASE_URL/);
      const copy = openDatabase({ databaseUrl: urlOf(copyName) });
      try {
        await assertRestored(copy.db, counts);
      } finally {
        await copy.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${liveName} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`);
      await admin.end();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
);

test('backup and restore refuse what would overwrite or is not a backup, and change nothing', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-backup-'));
  try {
    const data = path.join(tmp, 'live');
    const live = openDatabase({ dataDir: data });
    await migrateToLatest(live.db);
    await buildWork(live.db, await buildUser(live.db));
    await live.close();
    const file = path.join(tmp, 'one.backup');
    assertExit(await quire(['backup', file, '--data', data]), 0);

    const again = await quire(['backup', file, '--data', data]);
    assertExit(again, 2);
    assert.match(again.stderr, /already exists/);

    const archive = path.join(data, 'quire.sqlite');
    const size = fs.statSync(archive).size;
    const over = await quire(['restore', file, '--data', data]);
    assertExit(over, 2);
    assert.match(over.stderr, /already holds an archive.*nothing was changed/);
    assert.equal(fs.statSync(archive).size, size);

    const notOne = path.join(tmp, 'notes.txt');
    fs.writeFileSync(notOne, 'The gulls left at dawn.');
    const bad = await quire(['restore', notOne, '--data', path.join(tmp, 'empty')]);
    assertExit(bad, 2);
    assert.match(bad.stderr, /not a backup/);
    assert.equal(fs.existsSync(path.join(tmp, 'empty', 'quire.sqlite')), false);

    const missing = await quire(['restore', path.join(tmp, 'nope.backup'), '--data', path.join(tmp, 'empty')]);
    assertExit(missing, 2);
    assert.match(missing.stderr, /no such file/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
