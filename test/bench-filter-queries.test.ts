/**
 * The benchmark's fixed filter queries (bench/filter-queries.ts) resolve on a generated corpus, and
 * its plain-SQL baselines (bench/baseline-sql.ts, and bench/baseline-best.ts by each of its plans)
 * answer each exactly as queryWorks does, on both dialects, with and without the app's filter
 * index — so the suite compares ways of getting the same answer, not different answers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDb, type TestDb } from './db.js';
import { guestViewer } from '../src/policies/index.js';
import { queryWorks } from '../src/search/works-query.js';
import { SORTS } from '../src/search/works-filter.js';
import { generateCorpus } from '../bench/corpus-spec.js';
import { loadCorpusBulk } from '../bench/corpus-load.js';
import { FILTER_QUERIES, resolveFilterQueries, usedSorts } from '../bench/filter-queries.js';
import { baselineQuery } from '../bench/baseline-sql.js';
import { bestBaselineQuery } from '../bench/baseline-best.js';
import { startAppIndex } from '../bench/app-index.js';
import { createSearchState, type SearchState } from '../src/search/search-state.js';

const spec = generateCorpus({ seed: 5, works: 1500 });

test('the fixed filter queries: at least 30, every listing sort, up to 10 includes and 10 excludes', () => {
  const queries = resolveFilterQueries(spec);
  assert.ok(queries.length >= 30, `${queries.length} queries`);
  const sorts = usedSorts();
  for (const s of SORTS.filter((x) => x !== 'relevance')) assert.ok(sorts.has(s), `no query sorts by ${s}`);
  assert.ok(
    queries.some(
      (q) =>
        q.query.include?.length === 10 &&
        q.query.exclude?.length === 10 &&
        q.query.ratings &&
        q.query.warnings &&
        q.query.wordsFrom &&
        q.query.updatedFrom,
    ),
  );
  const names = new Set(spec.tags.map((t) => t.name));
  for (const q of queries)
    for (const n of [...(q.query.include ?? []), ...(q.query.exclude ?? [])])
      assert.ok(names.has(n) || n === 'Major Character Death', `${q.name}: ${n}`);
  assert.deepEqual(resolveFilterQueries(spec), queries, 'the same spec resolves to the same queries');
  assert.equal(new Set(FILTER_QUERIES.map((d) => d.name)).size, FILTER_QUERIES.length, 'names are unique');
});

for (const dialect of ['sqlite', 'postgres'] as const) {
  test(`the baseline SQL, naive and tuned, answers every fixed query as queryWorks does [${dialect}]`, async () => {
    let t: TestDb | undefined;
    try {
      t = await testDb(dialect);
      await loadCorpusBulk(t.db, spec, undefined, { wordCounts: 'nominal', engagement: true });
      const db = t.db;
      const compareAll = async (label: string, search: SearchState) => {
        let nonEmpty = 0;
        for (const q of resolveFilterQueries(spec)) {
          const app = await queryWorks(search, guestViewer(), q.query);
          const expected = { total: app.total, ids: app.works.map((w) => w.id) };
          const where = `${label}, ${q.name}: ${JSON.stringify(q.query)}`;
          assert.deepEqual(await baselineQuery(db, dialect, q.query), expected, where);
          // The tuned SQL by each plan: as tuned, never driven by a small set with the page from
          // the matching set sorted, and never driven with the page walked from the sort's index.
          for (const plan of [{}, { driveCap: 0, walkCost: 0 }, { driveCap: 0, walkCost: Infinity }])
            assert.deepEqual(
              await bestBaselineQuery(db, dialect, q.query, plan),
              expected,
              `${where}, tuned ${JSON.stringify(plan)}`,
            );
          if (app.total > 0) nonEmpty++;
        }
        assert.ok(nonEmpty >= 30, `only ${nonEmpty} queries match anything`);
      };
      await compareAll('SQL path', createSearchState(db));
      // And as the suite runs it: with the app's in-memory filter index switched on.
      const app = await startAppIndex(db, () => undefined);
      try {
        if (app.info.enabled) assert.equal(app.info.status, 'ready');
        await compareAll('filter index', app.search);
      } finally {
        await app.stop();
      }
    } finally {
      await t?.close();
    }
  });
}
