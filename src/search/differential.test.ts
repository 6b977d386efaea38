/**
 * Differential test of the works query: one generated corpus (bench/corpus-spec.ts), loaded through
 * the services into a fresh SQLite and a fresh PostgreSQL database, must give the same answer to
 * every query — same total, same titles in the same order, same blocklist count and messages — for
 * a guest, a member, and that member with a blocklist. Work ids may differ between databases, so
 * titles (unique in a generated corpus) are compared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { testDb, type TestDb } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { guestViewer, type Viewer } from '../policies/index.js';
import { blockTag, muteUser } from '../services/blocklist.js';
import { queryWorks, type WorksQuery } from './works-query.js';
import { workFacets } from './work-facets.js';
import { postWork } from '../services/post-work.js';
import {
  generateCorpus,
  loadCorpusViaServices,
  viewerOf,
  type CorpusSpec,
  type LoadedCorpus,
} from '../../bench/corpus.js';
import { randomQueries, tagPools } from '../../bench/corpus-queries.js';
import { createSearchState, type SearchState } from './search-state.js';

const SPEC = { seed: 42, works: 300, users: 6 };
const QUERIES = 80;
const MEMBER = 1; // index into spec.users
const MUTED = 2;

interface Answer {
  total: number;
  pages: number;
  titles: string[];
  hiddenByBlocklist: number;
  messages: string[];
  searchError: string | undefined;
}

async function answer(search: SearchState, viewer: Viewer, q: WorksQuery): Promise<Answer> {
  const r = await queryWorks(search, viewer, q);
  return {
    total: r.total,
    pages: r.pages,
    titles: r.works.map((w) => w.title),
    hiddenByBlocklist: r.hiddenByBlocklist,
    messages: r.messages,
    searchError: r.searchError,
  };
}

/** Every title a viewer's listing holds, page by page (100 a page). */
async function everything(search: SearchState, viewer: Viewer): Promise<string[]> {
  const all: string[] = [];
  for (let page = 1; ; page++) {
    const r = await queryWorks(search, viewer, { sort: 'title', page, pageSize: 100 });
    all.push(...r.works.map((w) => w.title));
    if (page >= r.pages) return all;
  }
}

async function withBlocklist(db: Kysely<DB>, spec: CorpusSpec, loaded: LoadedCorpus): Promise<void> {
  const v = viewerOf(loaded.users[MEMBER]!);
  const pools = tagPools(spec);
  const character = pools.canonical.find((n) => spec.tags.find((t) => t.name === n)?.type === 'character');
  const synonym = pools.synonyms.find((n) => spec.tags.find((t) => t.name === n)?.type === 'freeform');
  for (const pattern of ['Hurt/Comfort', '*Angst*', character, synonym]) {
    assert.ok(pattern, 'the corpus has a canonical character and a freeform synonym to block');
    const r = await blockTag(db, v, pattern);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  }
  const m = await muteUser(db, v, spec.users[MUTED]!);
  assert.ok(m.ok, JSON.stringify(!m.ok && m.errors));
}

test('differential: SQLite and PostgreSQL give the same works-query answers on a generated corpus', async () => {
  const spec = generateCorpus(SPEC);
  const dbs: TestDb[] = [];
  try {
    dbs.push(await testDb('sqlite'));
    dbs.push(await testDb('postgres'));
    const [lite, pg] = dbs as [TestDb, TestDb];
    const liteSearch = createSearchState(lite.db);
    const pgSearch = createSearchState(pg.db);
    const [loadedLite, loadedPg] = await Promise.all([
      loadCorpusViaServices(lite.db, spec),
      loadCorpusViaServices(pg.db, spec),
    ]);

    const restricted = new Set(spec.works.filter((w) => w.restricted).map((w) => w.title));
    const drafts = new Set(spec.works.filter((w) => w.draft).map((w) => w.title));
    const posted = spec.works.filter((w) => !w.draft);

    // The whole listing, against the spec itself: guests see posted unrestricted works, members every posted one.
    for (const [t, loaded] of [
      [lite, loadedLite],
      [pg, loadedPg],
    ] as const) {
      const guestAll = await everything(createSearchState(t.db), guestViewer());
      assert.deepEqual(
        new Set(guestAll),
        new Set(posted.filter((w) => !w.restricted).map((w) => w.title)),
        `${t.dialect}: guest listing`,
      );
      assert.equal(guestAll.length, posted.filter((w) => !w.restricted).length);
      assert.deepEqual(
        new Set(await everything(createSearchState(t.db), viewerOf(loaded.users[MEMBER]!))),
        new Set(posted.map((w) => w.title)),
        `${t.dialect}: member listing`,
      );
    }

    const queries = randomQueries(spec, 7, QUERIES);
    const viewers: Array<[string, (l: LoadedCorpus) => Viewer]> = [
      ['guest', () => guestViewer()],
      ['member', (l) => viewerOf(l.users[MEMBER]!)],
    ];
    let nonEmpty = 0;
    let hidden = 0;
    const run = async (label: string, viewerFor: (l: LoadedCorpus) => Viewer, q: WorksQuery, i: number) => {
      const a = await answer(liteSearch, viewerFor(loadedLite), q);
      const b = await answer(pgSearch, viewerFor(loadedPg), q);
      assert.deepEqual(b, a, `query #${i} as ${label}: ${JSON.stringify(q)}`);
      for (const title of a.titles) {
        assert.ok(!drafts.has(title), `query #${i} as ${label} lists the draft “${title}”`);
        if (label === 'guest')
          assert.ok(!restricted.has(title), `query #${i} shows the restricted work “${title}” to a guest`);
      }
      if (i % 8 === 0) {
        const fa = await workFacets(liteSearch, viewerFor(loadedLite), q);
        const fb = await workFacets(pgSearch, viewerFor(loadedPg), q);
        // Equal counts are listed in tag id order, and both databases numbered the tags alike (same load order).
        assert.deepEqual(fb, fa, `facets of query #${i} as ${label}: ${JSON.stringify(q)}`);
      }
      return a;
    };
    for (const [i, q] of queries.entries()) {
      let any = false;
      for (const [label, v] of viewers) if ((await run(label, v, q, i)).titles.length > 0) any = true;
      if (any) nonEmpty++;
    }

    await withBlocklist(lite.db, spec, loadedLite);
    await withBlocklist(pg.db, spec, loadedPg);
    for (const [i, q] of queries.entries()) {
      const a = await run('member with blocklist', (l) => viewerOf(l.users[MEMBER]!), q, i);
      if (a.hiddenByBlocklist > 0) hidden++;
      // The blocklist is lifted for one request on demand.
      if (i % 10 === 0)
        await run('member, blocklist shown', (l) => viewerOf(l.users[MEMBER]!), { ...q, showBlocked: true }, i);
    }

    assert.ok(
      nonEmpty >= 40,
      `only ${nonEmpty} of ${queries.length} queries returned works: the test would pass vacuously`,
    );
    assert.ok(hidden >= 10, `the blocklist hid works in only ${hidden} queries`);
  } finally {
    for (const t of dbs) await t.close();
  }
});

// A known difference between the dialects, documented in docs/decisions/004: a PostgreSQL tsvector
// keeps no position past 16,383 and at most 256 positions per word, so a phrase late in a long work
// (or one starting with a word used 256 times before it) is found by SQLite only. The test holds each
// dialect to what it finds today, so a change to either shows here.
test('differential: phrases deep inside long works are found by SQLite, not by PostgreSQL (tsvector position limits)', async () => {
  const dbs: TestDb[] = [];
  try {
    dbs.push(await testDb('sqlite'));
    dbs.push(await testDb('postgres'));
    const totals: number[][] = [];
    for (const t of dbs) {
      const writer = await buildUser(t.db);
      const bodies = {
        'Late Harbour': 'filler '.repeat(17_000) + 'quiet harbour',
        'Many Lamps': 'the lamp '.repeat(300) + 'the harbour',
      };
      for (const [title, body] of Object.entries(bodies)) {
        const meta = {
          title,
          rating: 'General Audiences',
          warnings: ['No Archive Warnings Apply'],
          fandoms: ['Original Work'],
        };
        const r = await postWork(t.db, writer.viewer(), { meta, chapter: { body }, draft: false });
        assert.ok(r.ok);
      }
      totals.push([
        (await queryWorks(createSearchState(t.db), guestViewer(), { q: '"quiet harbour"' })).total,
        (await queryWorks(createSearchState(t.db), guestViewer(), { q: '"the harbour"' })).total,
      ]);
    }
    assert.deepEqual(totals[0], [1, 1], 'SQLite finds both phrases');
    assert.deepEqual(totals[1], [0, 0], 'PostgreSQL finds neither: positions past 16,383, and past a word’s 256th');
  } finally {
    for (const t of dbs) await t.close();
  }
});
