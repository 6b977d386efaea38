import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { eachDialect, testDb } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { guestViewer, type Viewer } from '../policies/index.js';
import { blockTag, muteUser } from '../services/blocklist.js';
import { editChapter } from '../services/chapters.js';
import { deleteWork } from '../services/delete-work.js';
import { queryWorks, type WorksQuery } from './works-query.js';
import { workFacets } from './work-facets.js';
import { setRelevanceWindowForTests } from './fulltext-page.js';
import { startFilterIndex, type RunningFilterIndex } from './filter-index/start.js';
import { createSearchState, type SearchState } from './search-state.js';
import { SORTS } from './works-filter.js';
import { generateCorpus, loadCorpusViaServices, viewerOf } from '../../bench/corpus.js';
import { randomQueries, textQuery, tagPools } from '../../bench/corpus-queries.js';
import { mulberry32 } from '../../bench/corpus-vocab.js';
import { randomEdit, type EditContext } from '../../test/random-edits.js';
import * as m006 from '../store/migrations/006-fts-prefix.js';
import * as m007 from '../store/migrations/007-fts-contentless.js';

interface Answer {
  total: number;
  ids: number[];
  hiddenByBlocklist: number;
  messages: string[];
}

async function answer(search: SearchState, viewer: Viewer, q: WorksQuery): Promise<Answer> {
  const r = await queryWorks(search, viewer, q);
  return {
    total: r.total,
    ids: r.works.map((w) => w.id),
    hiddenByBlocklist: r.hiddenByBlocklist,
    messages: r.messages,
  };
}

/** The same query answered by SQL: a search state without the filter index. */
function bySql(db: Kysely<DB>, viewer: Viewer, q: WorksQuery): Promise<Answer> {
  return answer(createSearchState(db), viewer, q);
}

eachDialect(
  'full text with the filter index gives the SQL answers: totals, pages, order, blocklist counts',
  async (t) => {
    const spec = generateCorpus({ seed: 7, works: 300, users: 6 });
    let running: RunningFilterIndex | undefined;
    try {
      const loaded = await loadCorpusViaServices(t.db, spec);
      const member = viewerOf(loaded.users[1]!);
      const pools = tagPools(spec);
      for (const pattern of ['Hurt/Comfort', '*Angst*']) assert.ok((await blockTag(t.db, member, pattern)).ok);
      assert.ok((await muteUser(t.db, member, spec.users[2]!)).ok);
      running = startFilterIndex(t.db, { verifyEveryMs: 0 });
      const { index } = running;
      assert.ok(await index.build());
      const indexed = createSearchState(t.db, index);
      // fulltextPage takes the index's state once per search it answers.
      let answered = 0;
      const caughtUp = index.caughtUp.bind(index);
      index.caughtUp = () => {
        answered++;
        return caughtUp();
      };

      const rng = mulberry32(11);
      const queries: WorksQuery[] = [
        ...[
          'light',
          'the',
          '"that morning"',
          'lig*',
          'harbour OR lighthouse',
          'light -harbour',
          'nothingmatchesthis',
        ].map((q) => ({ q })),
        ...randomQueries(spec, 5, 200).map((q) => ({ ...q, q: q.q ?? textQuery(rng, spec) })),
        { q: 'the', include: [pools.canonical[0]!] },
      ];
      let compared = 0;
      let facetsCompared = 0;
      for (const window of [4, 10_000]) {
        setRelevanceWindowForTests(window);
        for (const [i, base] of queries.entries()) {
          const sort = i % 3 === 0 ? undefined : SORTS[i % SORTS.length];
          const q: WorksQuery = { ...base, ...(sort ? { sort } : {}), pageSize: 5, page: 1 + (i % 4) };
          for (const viewer of [guestViewer(), member]) {
            const want = await bySql(t.db, viewer, q);
            const got = await answer(indexed, viewer, q);
            assert.deepEqual(got, want, `${JSON.stringify(q)} window ${window}`);
            if (want.total > 0) compared++;
            // The sidebar's counts of a search, by the index over its matches, as SQL counts them.
            if (window === 4 && i % 4 === 0 && want.total > 0) {
              assert.deepEqual(
                await workFacets(indexed, viewer, q, 500),
                await workFacets(createSearchState(t.db), viewer, q, 500),
                `facets of ${JSON.stringify(q)}`,
              );
              facetsCompared++;
            }
          }
        }
      }
      // Through edits (posting, editing text and tags, deleting, wrangling): the index catches up, FTS5 is current.
      setRelevanceWindowForTests(4);
      const typed = (type: string) =>
        pools.canonical.concat(pools.unwrangled).filter((n) => spec.tags.find((x) => x.name === n)?.type === type);
      const edits: EditContext = {
        db: t.db,
        rng,
        writers: loaded.users.slice(0, 5),
        wrangler: loaded.wrangler,
        pools: {
          fandom: typed('fandom').slice(0, 20),
          relationship: typed('relationship').slice(0, 20),
          character: typed('character').slice(0, 20),
          freeform: typed('freeform').slice(0, 40),
        },
      };
      for (let e = 0; e < (t.dialect === 'sqlite' ? 30 : 15); e++) {
        const edit = await randomEdit(edits);
        for (let k = 0; k < 3; k++) {
          const q: WorksQuery = { q: textQuery(rng, spec), sort: SORTS[(e + k) % SORTS.length]!, pageSize: 10 };
          for (const viewer of [guestViewer(), member])
            assert.deepEqual(
              await answer(indexed, viewer, q),
              await bySql(t.db, viewer, q),
              `after ${edit}: ${JSON.stringify(q)}`,
            );
        }
      }
      assert.ok(compared > 200, `enough searches found something (${compared})`);
      assert.ok(facetsCompared >= 30, `facets compared for ${facetsCompared} searches`);
      assert.ok(answered >= compared, `the index answered the searches (${answered} of ${compared} with results)`);
    } finally {
      setRelevanceWindowForTests();
      await running?.stop();
    }
  },
);

eachDialect('relevance ranks the newest matches first in windows, each window by score', async ({ db }) => {
  const w = await buildUser(db);
  const body = (n: number) => `<p>${'lantern '.repeat(n)}and some other words to pad the text out</p>`;
  // Posted oldest first: the oldest has the most "lantern", the newest the fewest.
  for (const [title, n] of [
    ['Oldest', 9],
    ['Older', 1],
    ['Newer', 2],
    ['Newest', 1],
  ] as const)
    await buildWork(db, w, { meta: { title }, body: body(n) });
  const search = createSearchState(db);
  const titles = async (q: WorksQuery) => (await queryWorks(search, guestViewer(), q)).works.map((x) => x.title);
  try {
    const all = await titles({ q: 'lantern' });
    assert.equal(all[0], 'Oldest', 'with one window, the best match of all comes first');
    setRelevanceWindowForTests(2);
    // Newest two (Newest, Newer) ranked among themselves, then the older two.
    const windowed = await titles({ q: 'lantern' });
    assert.deepEqual(windowed.slice(0, 2).sort(), ['Newer', 'Newest']);
    assert.equal(windowed[0], 'Newer');
    assert.deepEqual(windowed.slice(2), ['Oldest', 'Older']);
    // Pages cut across windows alike.
    const paged = [
      ...(await titles({ q: 'lantern', pageSize: 3, page: 1 })),
      ...(await titles({ q: 'lantern', pageSize: 3, page: 2 })),
    ];
    assert.deepEqual(paged, windowed);
    const r = await queryWorks(search, guestViewer(), { q: 'lantern' });
    assert.equal(r.total, 4, 'the total counts every match');
  } finally {
    setRelevanceWindowForTests();
  }
});

eachDialect('a remembered match set gives way to the next post, edit or deletion', async ({ db }) => {
  const w = await buildUser(db);
  const running = startFilterIndex(db, { verifyEveryMs: 0 });
  try {
    assert.ok(await running.index.build());
    const search = createSearchState(db, running.index);
    const first = await buildWork(db, w, { meta: { title: 'First Door' }, body: '<p>A lantern by the door.</p>' });
    const titles = async (q: string) =>
      (await queryWorks(search, guestViewer(), { q, sort: 'title' })).works.map((x) => x.title);
    // Asked twice, so the second answer comes from the remembered set.
    assert.deepEqual(await titles('lantern'), ['First Door']);
    assert.deepEqual(await titles('lantern'), ['First Door']);
    const second = await buildWork(db, w, {
      meta: { title: 'Second Door' },
      body: '<p>Another lantern, another door.</p>',
    });
    assert.deepEqual(await titles('lantern'), ['First Door', 'Second Door'], 'a new post shows at once');
    assert.ok((await editChapter(db, w.viewer(), first, 1, { body: '<p>A candle by the door.</p>' })).ok);
    assert.deepEqual(await titles('lantern'), ['Second Door'], 'an edit shows at once');
    assert.deepEqual(await titles('candle'), ['First Door']);
    assert.ok((await deleteWork(db, w.viewer(), second)).ok);
    assert.deepEqual(await titles('lantern'), [], 'a deletion shows at once');
  } finally {
    await running.stop();
  }
});

test('migration 006 rebuilds the FTS5 table with prefix indexes and keeps every document; prefixes and phrases still match', async () => {
  const t = await testDb('sqlite');
  try {
    const w = await buildUser(t.db);
    await buildWork(t.db, w, {
      meta: { title: 'Lighthouse keeper' },
      body: '<p>The old lighthouse stood by the harbour.</p>',
    });
    await buildWork(t.db, w, { meta: { title: 'Other' }, body: '<p>Nothing to see, a ligature or two.</p>' });
    const found = async (q: string) =>
      (await queryWorks(createSearchState(t.db), guestViewer(), { q, sort: 'title' })).works.map((x) => x.title);
    const before = await Promise.all(['lig*', 'ligh*', 'li*', '"old lighthouse"', 'harbour'].map(found));
    await m006.down(t.db);
    const sqlOf = async () =>
      (await sql<{ sql: string }>`select sql from sqlite_master where name = 'work_search'`.execute(t.db)).rows[0]
        ?.sql ?? '';
    assert.doesNotMatch(await sqlOf(), /prefix/);
    await m006.up(t.db);
    assert.match(await sqlOf(), /prefix = '3 4'/);
    assert.deepEqual(await Promise.all(['lig*', 'ligh*', 'li*', '"old lighthouse"', 'harbour'].map(found)), before);
    assert.deepEqual(before, [
      ['Lighthouse keeper', 'Other'],
      ['Lighthouse keeper'],
      ['Lighthouse keeper', 'Other'],
      ['Lighthouse keeper'],
      ['Lighthouse keeper'],
    ]);
  } finally {
    await t.close();
  }
});

test('migration 007 makes the FTS5 table contentless and keeps every document; search, ranking, edits and deletions still work; down and 006 rebuild from work_text', async () => {
  const t = await testDb('sqlite');
  try {
    const w = await buildUser(t.db);
    await buildWork(t.db, w, {
      meta: { title: 'Lighthouse keeper' },
      body: '<p>The old lighthouse stood by the harbour. Lighthouse, lighthouse.</p>',
    });
    const other = await buildWork(t.db, w, {
      meta: { title: 'Other' },
      body: '<p>Nothing to see, a ligature or a lighthouse.</p>',
    });
    await buildWork(t.db, w, { meta: { title: 'Café' }, body: '<p>Tea at the café, 日本語 too.</p>' });
    const asked = ['lig*', '"old lighthouse"', 'harbour', 'cafe', '本語', 'lighthouse'];
    const found = async () =>
      Promise.all(
        asked.map(async (q) =>
          (await queryWorks(createSearchState(t.db), guestViewer(), { q, sort: 'relevance' })).works.map(
            (x) => x.title,
          ),
        ),
      );
    const sqlOf = async () =>
      (await sql<{ sql: string }>`select sql from sqlite_master where name = 'work_search'`.execute(t.db)).rows[0]
        ?.sql ?? '';
    const stored = async () =>
      (await sql<{ doc: string | null }>`select doc from work_search`.execute(t.db)).rows.map((r) => r.doc);
    assert.match(
      await sqlOf(),
      /content = '', contentless_delete = 1/,
      'migrated to the latest, the table is contentless',
    );
    assert.deepEqual([...new Set(await stored())], [null], 'it keeps no copy of the documents');
    const before = await found();
    assert.deepEqual(before, [
      ['Lighthouse keeper', 'Other'],
      ['Lighthouse keeper'],
      ['Lighthouse keeper'],
      ['Café'],
      ['Café'],
      ['Lighthouse keeper', 'Other'],
    ]);

    await m007.down(t.db);
    assert.doesNotMatch(await sqlOf(), /content =/);
    assert.equal(
      (await stored()).filter((d) => d !== null).length,
      3,
      'down gives each document back, made again from work_text',
    );
    assert.deepEqual(await found(), before);
    await m006.down(t.db);
    await m006.up(t.db);
    await m007.up(t.db);
    assert.match(await sqlOf(), /prefix = '3 4', content = '', contentless_delete = 1/);
    assert.deepEqual(await found(), before);
    await m006.down(t.db);
    assert.doesNotMatch(await sqlOf(), /content =|prefix/, '006 down from a contentless table');
    assert.deepEqual(await found(), before);
    await m006.up(t.db);
    await m007.up(t.db);

    // Edits and deletions reach the contentless index.
    assert.ok((await editChapter(t.db, w.viewer(), other, 1, { body: '<p>A candle and a ligature.</p>' })).ok);
    assert.deepEqual(await found(), [
      ['Lighthouse keeper', 'Other'],
      ['Lighthouse keeper'],
      ['Lighthouse keeper'],
      ['Café'],
      ['Café'],
      ['Lighthouse keeper'],
    ]);
    assert.ok((await deleteWork(t.db, w.viewer(), other)).ok);
    assert.deepEqual((await queryWorks(createSearchState(t.db), guestViewer(), { q: 'ligature' })).works, []);
    assert.equal((await sql<{ n: number }>`select count(*) as n from work_search`.execute(t.db)).rows[0]!.n, 2);
  } finally {
    await t.close();
  }
});
