import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { DIALECTS, eachDialect, testDb } from '../../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../../test/factories.js';
import { guestViewer, type Viewer } from '../../policies/index.js';
import { publishDraft } from '../../services/publish-draft.js';
import { blockTag } from '../../services/blocklist.js';
import { wrangleTag } from '../../services/wrangle-tag.js';
import { leaveKudos } from '../../services/kudos.js';
import { toolWrites } from '../../../test/factories.js';

import { latestChangeSeq, logWorkChange, logWorkChanges } from '../../store/work-changes.store.js';
import { pgTestTarget } from '../../../test/pg-url.js';
import { countVisibleWorksWithTag, prepareQuery, queryWorks, type WorksQuery } from '../works-query.js';
import { workFacets } from '../work-facets.js';
import { FilterIndex } from './filter-index.js';
import { filterIndexSettings, startFilterIndex } from './start.js';
import { createSearchState } from '../search-state.js';
import { heldOpen } from '../../../test/late-commit.js';

async function someWorks(db: Kysely<DB>, n = 6): Promise<{ writer: TestUser; ids: number[] }> {
  const writer = await buildUser(db);
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      await buildWork(db, writer, {
        meta: { freeforms: i % 2 ? ['Fog'] : ['Rain'] },
        body: 'word '.repeat(10 + i * 50),
      }),
    );
  return { writer, ids };
}

/** The index's answer and the SQL's (queryWorks is given no index, so it asks SQL). */
async function both(db: Kysely<DB>, index: FilterIndex, q: WorksQuery = {}, viewer: () => Viewer = guestViewer) {
  const sqlOnly = createSearchState(db);
  const prepared = await prepareQuery(sqlOnly, viewer(), q);
  assert.ok(prepared.ok);
  const got = await index.answer(prepared.scope, prepared.resolved, { offset: 0, limit: 20 });
  const sql = await queryWorks(sqlOnly, viewer(), q);
  return { got, want: { total: sql.total, ids: sql.works.map((w) => w.id), hiddenByBlocklist: sql.hiddenByBlocklist } };
}

eachDialect('filter index: a stale or corrupt index fails the checksum and is rebuilt', async ({ db }) => {
  const { ids } = await someWorks(db);
  const index = new FilterIndex(db);
  assert.ok(await index.build());
  assert.ok(await index.verify(), 'a fresh index agrees with the database');

  // A write that bypassed the change log: the index cannot know, the checksum notices.
  await db.updateTable('works').set({ word_count: 123_456 }).where('id', '=', ids[0]!).execute();
  let r = await both(db, index, { wordsFrom: 100_000 });
  assert.notDeepEqual(r.got, r.want, 'the stale index answers wrongly (this is what the checksum is for)');
  assert.equal(await index.verify(), false);
  assert.equal(index.ready(), false, 'while it rebuilds, SQL answers');
  assert.ok(await index.build());
  r = await both(db, index, { wordsFrom: 100_000 });
  assert.deepEqual(r.got, r.want);

  // The index's own memory damaged; the periodic check reads one slice of ids at a time.
  index.peek()!.words[ids[1]!] = 999_999;
  assert.equal(await index.verifySlice(), false);
  assert.ok(await index.build());
  assert.ok(await index.verify());
});

eachDialect(
  'filter index: the memory guard refuses to build over budget, with a message, and SQL keeps answering',
  async ({ db }) => {
    await someWorks(db, 2);
    const logged: string[] = [];
    const index = new FilterIndex(db, {
      maxBytes: 1024 * 1024,
      log: (level, message) => logged.push(`${level}: ${message}`),
    });
    assert.equal(await index.build(), false);
    assert.equal(index.status, 'refused');
    assert.match(
      logged.join('\n'),
      /^warn: filter index not built: it would take about \d+ MB, over the budget of 1 MB \(QUIRE_INDEX_MAX_MB\); listings stay on SQL/m,
    );
    const r = await both(db, index);
    assert.equal(r.got, undefined);
    assert.equal(r.want.total, 2);
  },
);

eachDialect('filter index: a change log pruned past what the index read makes it rebuild', async ({ db }) => {
  const { writer } = await someWorks(db, 2);
  const index = new FilterIndex(db);
  assert.ok(await index.build());
  for (let i = 0; i < 3; i++) await buildWork(db, writer);
  // The daily prune, as if the index had been idle for a day: everything but the newest row goes.
  await db
    .deleteFrom('work_changes')
    .where('seq', '<', await latestChangeSeq(db))
    .execute();
  assert.equal((await both(db, index)).got, undefined, 'it notices the gap and rebuilds; SQL answers meanwhile');
  assert.ok(await index.build());
  const r = await both(db, index);
  assert.deepEqual(r.got, r.want);
  assert.equal(r.want.total, 5);
});

eachDialect(
  'filter index: a backlog of changes larger than the rebuild threshold is read by a rebuild, SQL answering meanwhile',
  async ({ db }) => {
    const { writer } = await someWorks(db, 2);
    const logged: string[] = [];
    const index = new FilterIndex(db, {
      rebuildBacklog: 4,
      log: (level, message) => logged.push(`${level}: ${message}`),
    });
    assert.ok(await index.build());
    await buildWork(db, writer);
    let r = await both(db, index);
    assert.deepEqual(r.got, r.want, 'a small backlog is caught up change by change');
    for (let i = 0; i < 5; i++) await buildWork(db, writer);
    assert.equal((await both(db, index)).got, undefined, 'five changes behind: it rebuilds and SQL answers');
    assert.ok(logged.some((l) => /more than 4 changes behind; rebuilding/.test(l)));
    assert.ok(await index.build());
    r = await both(db, index);
    assert.deepEqual(r.got, r.want);
    assert.equal(r.want.total, 8);
  },
);

// PostgreSQL only: SQLite's writers take turns. Needs two connections at once (not PGlite).
test(
  'filter index: a change that commits after 1,200 later-started ones is applied [postgres]',
  { skip: pgTestTarget().kind === 'pglite' && 'needs a PostgreSQL server (PGlite has one connection)' },
  async () => {
    const t = await testDb('postgres');
    const db = t.db;
    try {
      const { ids } = await someWorks(db, 3);
      const index = new FilterIndex(db);
      assert.ok(await index.build());
      // A slow edit logs its change first and commits last, as one rebuilding a long work's text would.
      const slow = await heldOpen(db, async (trx) => {
        await trx.updateTable('works').set({ word_count: 3 }).where('id', '=', ids[0]!).execute();
        await logWorkChange(trx, ids[0]!);
      });
      // Meanwhile an import commits more changes than any window of late numbers would hold.
      await db.updateTable('works').set({ word_count: 3 }).where('id', '=', ids[1]!).execute();
      await logWorkChanges(
        db,
        Array.from({ length: 1200 }, () => ids[1]!),
      );
      let r = await both(db, index, { wordsTo: 3 });
      assert.deepEqual(r.got?.ids, [ids[1]!]);
      await slow.commit();
      r = await both(db, index, { wordsTo: 3 });
      assert.deepEqual(r.got, r.want);
      assert.equal(r.want.total, 2, 'the late commit is in the index');
    } finally {
      await t.close();
    }
  },
);

eachDialect(
  'filter index: given to a search state, queryWorks and countVisibleWorksWithTag ask it; a state without it does not',
  async ({ db }) => {
    await someWorks(db, 4);
    const fog = await db.selectFrom('tags').select('id').where('name_key', '=', 'fog').executeTakeFirstOrThrow();
    const running = startFilterIndex(db, { verifyEveryMs: 0 });
    try {
      const { index } = running;
      assert.ok(await index.build());
      let asked = 0;
      const answer = index.answer.bind(index);
      index.answer = async (...args) => {
        asked++;
        return answer(...args);
      };
      const search = createSearchState(db, index);
      const page = await queryWorks(search, guestViewer(), { sort: 'title' });
      assert.equal(page.total, 4);
      assert.deepEqual(await countVisibleWorksWithTag(search, guestViewer(), fog.id), {
        total: 2,
        hiddenByBlocklist: 0,
      });
      assert.equal(asked, 2);
      assert.equal((await queryWorks(createSearchState(db), guestViewer(), {})).total, 4);
      assert.equal(asked, 2, 'a state without the index answers from SQL');
      await db.transaction().execute(async (trx) => {
        assert.throws(() => createSearchState(trx, index), /not a transaction/);
      });
    } finally {
      await running.stop();
    }
  },
);

test('filterIndexSettings reads QUIRE_FILTER_INDEX and QUIRE_INDEX_MAX_MB', () => {
  assert.deepEqual(filterIndexSettings({}), { enabled: true, maxBytes: 1536 * 1024 * 1024 });
  assert.deepEqual(filterIndexSettings({ QUIRE_FILTER_INDEX: '0', QUIRE_INDEX_MAX_MB: '300' }), {
    enabled: false,
    maxBytes: 300 * 1024 * 1024,
  });
  assert.equal(filterIndexSettings({ QUIRE_INDEX_MAX_MB: 'lots' }).maxBytes, 1536 * 1024 * 1024);
});

// Regression: publishing a draft wrote no change-log entry, so an index (and the guest page cache)
// learned of the newly posted work only from a later change.
for (const dialect of DIALECTS) {
  test(`filter index: publishing a draft reaches the index [${dialect}]`, async () => {
    const t = await testDb(dialect);
    try {
      await publishedDraftReachesIndex(t.db);
    } finally {
      await t.close();
    }
  });
}

async function publishedDraftReachesIndex(db: Kysely<DB>): Promise<void> {
  const writer = await buildUser(db);
  const id = await buildWork(db, writer, { draft: true });
  const index = new FilterIndex(db);
  assert.ok(await index.build());
  assert.ok((await publishDraft(db, writer.viewer(), id)).ok);
  const r = await both(db, index);
  assert.deepEqual(r.got, r.want);
}

eachDialect(
  'filter index: wrangling reaches it — a renamed tag meets a wildcard block, a new synonym counts for its canonical',
  async ({ db }) => {
    const writer = await buildUser(db);
    const wrangler = await buildUser(db, { isWrangler: true });
    const reader = await buildUser(db);
    await buildWork(db, writer, { meta: { freeforms: ['Harbour Fog'] } });
    await buildWork(db, writer, { meta: { freeforms: ['Sea Mist'] } });
    assert.ok((await blockTag(db, reader.viewer(), '*storm*')).ok);
    assert.ok((await wrangleTag(db, wrangler.viewer(), 'Harbour Fog', { kind: 'canonical', canonical: true })).ok);
    const index = new FilterIndex(db);
    assert.ok(await index.build());
    let r = await both(db, index, {}, reader.viewer);
    assert.equal(r.got?.hiddenByBlocklist, 0);

    assert.ok((await wrangleTag(db, wrangler.viewer(), 'Sea Mist', { kind: 'rename', name: 'Sea Storm' })).ok);
    r = await both(db, index, {}, reader.viewer);
    assert.deepEqual(r.got, r.want);
    assert.equal(r.want.hiddenByBlocklist, 1, 'the renamed tag now matches *storm*');

    assert.ok((await wrangleTag(db, wrangler.viewer(), 'Sea Storm', { kind: 'synonym', of: 'Harbour Fog' })).ok);
    const prepared = await prepareQuery(createSearchState(db), guestViewer(), {});
    assert.ok(prepared.ok);
    const fog = await db
      .selectFrom('tags')
      .select('id')
      .where('name_key', '=', 'harbour fog')
      .executeTakeFirstOrThrow();
    const counts = await index.facets(prepared.scope, prepared.resolved, 500);
    assert.equal(counts?.find((f) => f.tagId === fog.id)?.count, 2, 'both works count for the canonical');
    assert.deepEqual((await workFacets(createSearchState(db), guestViewer(), {})).freeform, [
      { name: 'Harbour Fog', count: 2 },
    ]);
  },
);

eachDialect(
  'filter index: a kudos moves the work in the Kudos order without a rebuild, and the checksum agrees',
  async ({ db }) => {
    const { writer, ids } = await someWorks(db, 4);
    const index = new FilterIndex(db);
    assert.ok(await index.build());
    const readers = [await buildUser(db), await buildUser(db)];
    for (const r of readers) assert.ok((await leaveKudos(db, r.viewer(), ids[2]!, undefined, toolWrites(db))).ok);
    assert.ok((await leaveKudos(db, readers[0]!.viewer(), ids[0]!, undefined, toolWrites(db))).ok);
    assert.equal(
      (await leaveKudos(db, writer.viewer(), ids[1]!, undefined, toolWrites(db))).ok,
      false,
      'not on one’s own work',
    );
    const r = await both(db, index, { sort: 'kudos' });
    assert.deepEqual(r.got, r.want);
    assert.deepEqual(r.want.ids.slice(0, 2), [ids[2], ids[0]]);
    assert.equal(await index.verify(), true, 'no difference: the counts were caught up from the count log');
    assert.equal(index.status, 'ready');
  },
);
