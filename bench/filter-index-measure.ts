/**
 * Measures the filter index against SQL on an existing corpus database (for example one from
 * `npm run bench:search`, or a copy of it — this script adds a blocklist to its second user):
 *
 *   node --expose-gc --import tsx bench/filter-index-measure.ts --sqlite FILE [--random 400] [--runs 20] [--sql-runs 3] [--sql-sample 60]
 *   node --expose-gc --import tsx bench/filter-index-measure.ts --pg URL --schema NAME
 *
 * Prints the build time and memory, then per query the median and p95 of queryWorks with the index
 * (end to end: filter resolution, index, loading the page's works) and of the index alone, beside
 * queryWorks on SQL; then the same figures over a seeded random mix of filters.
 */
import { parseArgs } from 'node:util';
import { migrateToLatest, openDatabase } from '../src/store/db.js';
import { guestViewer, memberViewer, type Viewer } from '../src/policies/index.js';
import { blockTag, muteUser } from '../src/services/blocklist.js';
import { prepareQuery, queryWorks, type WorksQuery } from '../src/search/works-query.js';
import { workFacets } from '../src/search/work-facets.js';
import { RATINGS, WARNINGS } from '../src/domain/tags.js';
import { SORTS } from '../src/search/works-filter.js';
import { startFilterIndex } from '../src/search/filter-index/start.js';
import { createSearchState } from '../src/search/search-state.js';
import { mulberry32 } from './corpus-vocab.js';
import type { FilterIndex } from '../src/search/filter-index/filter-index.js';

const { values: args } = parseArgs({
  options: {
    sqlite: { type: 'string' },
    pg: { type: 'string' },
    schema: { type: 'string' },
    random: { type: 'string', default: '400' },
    'sql-runs': { type: 'string', default: '3' },
    runs: { type: 'string', default: '20' },
    'sql-sample': { type: 'string', default: '60' },
  },
});
const RUNS = Number(args.runs);
const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return {
    p50: s[Math.floor(s.length / 2)]!,
    p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!,
    max: s[s.length - 1]!,
  };
}

async function timeIt(fn: () => Promise<unknown>, runs: number, warmUps = 2): Promise<number[]> {
  for (let i = 0; i < warmUps; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const open = () =>
    args.pg
      ? openDatabase({ databaseUrl: args.pg, ...(args.schema ? { pgSchema: args.schema } : {}) })
      : openDatabase({ sqliteFile: args.sqlite! });
  const database = open();
  const db = database.db;
  await migrateToLatest(db);
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const running = startFilterIndex(db, {
    verifyEveryMs: 0,
    log: (level, msg, data) => console.log(`[${level}] ${msg} ${JSON.stringify(data ?? {})}`),
    onProgress: (stage, done, total) =>
      done === total && console.log(`  ${stage} done at ${Math.round(performance.now() - started)} ms`),
  });
  const { index } = running;
  if (!(await index.build())) throw new Error('the index did not build');
  const indexed = createSearchState(db, index);
  // The same database without the index: the SQL reference.
  const plain = createSearchState(db);
  gc?.();
  const mem = process.memoryUsage();
  console.log(
    `build ${Math.round(performance.now() - started)} ms; RSS ${mb(rssBefore)} before, ${mb(mem.rss)} after (heap ${mb(mem.heapUsed)}, array buffers ${mb(mem.arrayBuffers)})`,
  );

  const users = await db.selectFrom('users').select(['id', 'username']).orderBy('id').limit(3).execute();
  const member = () => memberViewer({ ...users[0]!, isAdmin: false, viewAdult: false });
  const blocked = () => memberViewer({ ...users[1]!, isAdmin: false, viewAdult: false });
  if ((await db.selectFrom('blocked_tags').select('id').where('user_id', '=', users[1]!.id).execute()).length === 0) {
    for (const p of ['Hurt/Comfort', '*Angst*', 'Major Character Death', 'Alternate Universe'])
      await blockTag(db, blocked(), p);
    await muteUser(db, blocked(), users[2]!.username);
  }
  const topFandom = await db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['tags.name', 'tags.id'])
    .where('tags.type', '=', 'fandom')
    .groupBy(['tags.name', 'tags.id'])
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const prolific = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .select('pseuds.user_id')
    .groupBy('pseuds.user_id')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();

  const cases: Array<[string, WorksQuery, () => Viewer]> = [
    ['default listing, page 1', {}, guestViewer],
    ['default listing, page 50', { page: 50 }, guestViewer],
    ['default listing, page 5000 (deepest)', { page: 5000 }, guestViewer],
    ['include “Angst” (synonyms + sub tags)', { include: ['Angst'] }, guestViewer],
    [
      `fandom “${topFandom.name.slice(0, 20)}…” − MCD`,
      { include: [topFandom.name], exclude: ['Major Character Death'] },
      guestViewer,
    ],
    ['rating Explicit', { ratings: ['Explicit'] }, guestViewer],
    ['crossover only', { crossover: 'only' }, guestViewer],
    ['complete + wordsFrom 1000', { complete: true, wordsFrom: 1000 }, guestViewer],
    [
      'updated 2015 + language es, by title',
      { updatedFrom: '2015-01-01', updatedTo: '2015-12-31', language: 'es', sort: 'title' },
      guestViewer,
    ],
    ['sort by creator, page 300', { sort: 'creator', page: 300 }, member],
    ['sort by kudos, Fluff − Angst', { sort: 'kudos', include: ['Fluff'], exclude: ['Angst'] }, member],
    ['tag listing (Fluff) by words', { include: ['Fluff'], sort: 'words' }, member],
    ['a prolific writer’s works', { userId: prolific.user_id }, member],
    ['member, 4 blocked tags (1 wildcard) + 1 muted', {}, blocked],
    ['same, include Romance, page 20', { include: ['Romance'], page: 20 }, blocked],
  ];
  console.log(
    `\n${'query'.padEnd(48)} ${'total'.padStart(9)}  ${'index e2e p50/p95'.padStart(18)}  ${'index only p50/p95'.padStart(18)}  ${'SQL p50/p95'.padStart(16)}`,
  );
  for (const [name, q, viewer] of cases) await report(index, name, q, viewer);

  const facetCases: Array<[string, WorksQuery]> = [
    ['facets: default listing', {}],
    ['facets: include Fluff', { include: ['Fluff'] }],
  ];
  for (const [name, q] of facetCases) {
    const withIndex = stats(await timeIt(() => workFacets(indexed, guestViewer(), q), RUNS));
    const sql = stats(await timeIt(() => workFacets(plain, guestViewer(), q), Number(args['sql-runs']), 1));
    console.log(
      `${name.padEnd(48)} ${''.padStart(9)}  ${`${withIndex.p50.toFixed(2)}/${withIndex.p95.toFixed(2)}`.padStart(18)}  ${'-'.padStart(18)}  ${`${sql.p50.toFixed(0)}/${sql.p95.toFixed(0)}`.padStart(16)}`,
    );
  }

  // A seeded mix of filters, as readers combine them.
  const rng = mulberry32(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const tags = (await db.selectFrom('tags').select('name').where('canonical', '=', 1).orderBy('id').execute()).map(
    (t) => t.name,
  );
  const langs = (await db.selectFrom('works').select('language').distinct().execute()).map((r) => r.language);
  const mix: Array<[WorksQuery, () => Viewer]> = [];
  for (let i = 0; i < Number(args.random); i++) {
    const q: WorksQuery = { sort: pick(SORTS.filter((s) => s !== 'relevance')) };
    const n = 1 + Math.floor(rng() * 3);
    for (let c = 0; c < n; c++) {
      const k = Math.floor(rng() * 10);
      if (k < 3) (q.include ??= []).push(rng() < 0.5 ? pick(tags.slice(0, 200)) : pick(tags));
      else if (k < 4) (q.exclude ??= []).push(pick(tags.slice(0, 100)));
      else if (k < 5) q.ratings = [pick(RATINGS).name];
      else if (k < 6) q.warnings = [pick(WARNINGS).name];
      else if (k < 7) q.crossover = pick(['only', 'exclude'] as const);
      else if (k < 8) q.complete = rng() < 0.5;
      else if (k < 9) q.wordsFrom = Math.floor(rng() * 5000);
      else q.language = pick(langs);
    }
    if (rng() < 0.3) q.page = 1 + Math.floor(rng() * 200);
    mix.push([q, pick([guestViewer, member, blocked])]);
  }
  const e2e: number[] = [];
  const only: number[] = [];
  for (const [q, viewer] of mix) {
    e2e.push((await timeIt(() => queryWorks(indexed, viewer(), q), 3)).reduce((a, b) => Math.min(a, b)));
    const p = await prepareQuery(indexed, viewer(), q);
    if (!p.ok) continue;
    const page = { offset: ((q.page ?? 1) - 1) * 20, limit: 20 };
    only.push((await timeIt(() => index.answer(p.scope, p.resolved, page), 3)).reduce((a, b) => Math.min(a, b)));
  }
  const sqlMs: number[] = [];
  for (const [q, viewer] of mix.slice(0, Number(args['sql-sample']))) {
    const t = performance.now();
    await queryWorks(plain, viewer(), q);
    sqlMs.push(performance.now() - t);
  }
  const f = (s: { p50: number; p95: number; max: number }) =>
    `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
  console.log(`\nrandom mix of ${mix.length} filters (3 viewers, all sorts, pages up to 200):`);
  console.log(`  queryWorks with the index: ${f(stats(e2e))}`);
  console.log(`  index alone:               ${f(stats(only))}`);
  console.log(`  queryWorks on SQL (first ${sqlMs.length}): ${f(stats(sqlMs))}`);
  gc?.();
  console.log(`RSS at the end: ${mb(process.memoryUsage().rss)}`);
  await running.stop();
  await database.close();

  async function report(index: FilterIndex, name: string, q: WorksQuery, viewer: () => Viewer): Promise<void> {
    const total = (await queryWorks(indexed, viewer(), q)).total;
    const withIndex = stats(await timeIt(() => queryWorks(indexed, viewer(), q), RUNS));
    const p = await prepareQuery(indexed, viewer(), q);
    const page = { offset: ((q.page ?? 1) - 1) * 20, limit: 20 };
    const alone = p.ok ? stats(await timeIt(() => index.answer(p.scope, p.resolved, page), RUNS)) : undefined;
    const sql = stats(await timeIt(() => queryWorks(plain, viewer(), q), Number(args['sql-runs']), 1));
    const cell = (s: { p50: number; p95: number } | undefined) =>
      (s ? `${s.p50.toFixed(2)}/${s.p95.toFixed(2)}` : '-').padStart(18);
    console.log(
      `${name.padEnd(48)} ${total.toLocaleString('en').padStart(9)}  ${cell(withIndex)}  ${cell(alone)}  ${`${sql.p50.toFixed(0)}/${sql.p95.toFixed(0)}`.padStart(16)}`,
    );
  }
}

await main();
