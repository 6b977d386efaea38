/**
 * Search benchmark (npm run bench:search): times the works query and the facets on a generated
 * corpus (bench/corpus-spec.ts) of --works N works (default 100,000), on SQLite and/or PostgreSQL.
 *
 *   npm run bench:search -- [--works N] [--dialect sqlite|postgres|both] [--seed S] [--runs R] [--rebuild] [--analyze-sqlite]
 *
 * The corpus is built once and reused while seed, size and generator output stay the same:
 * SQLite in .tmp/bench/, PostgreSQL in the database quire_bench (one schema per corpus) on the
 * server of QUIRE_TEST_PG_URL or DATABASE_URL (default: the local test server). Word counts are
 * the spec's long-tailed ones (realistic filters on words), not the short generated text's.
 * PostgreSQL is ANALYZEd after loading (autovacuum would do it); SQLite is not unless asked, as
 * the app itself never runs ANALYZE.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Database, DialectName } from '../src/store/db.js';
import { guestViewer, type Viewer } from '../src/policies/index.js';
import { queryWorks, type WorksQuery } from '../src/search/works-query.js';
import { workFacets } from '../src/search/work-facets.js';
import { blockTag, muteUser } from '../src/services/blocklist.js';
import { findUserByUsername } from '../src/store/user.store.js';
import { generateCorpus, nonceWord, viewerOf, type CorpusSpec } from './corpus.js';
import { tagPools } from './corpus-queries.js';
import { BENCH_ROOT, ensureCorpus, pgSchemaName, sqliteDataDir } from './corpus-db.js';
import { progressBars } from './cli-options.js';
import { startAppIndex } from './app-index.js';
import type { SearchState } from '../src/search/search-state.js';

const { values: args } = parseArgs({
  options: {
    works: { type: 'string', default: '100000' },
    dialect: { type: 'string' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '20' },
    rebuild: { type: 'boolean', default: false },
    'analyze-sqlite': { type: 'boolean', default: false },
  },
});
const WORKS = Number(args.works);
const SEED = Number(args.seed);
const RUNS = Math.max(20, Number(args.runs));
const dialectArg = args.dialect ?? ((process.env.QUIRE_TEST_PG_URL ?? process.env.DATABASE_URL) ? 'both' : 'sqlite');
if (!['sqlite', 'postgres', 'both'].includes(dialectArg) || !Number.isInteger(WORKS) || WORKS < 100) {
  console.error(
    'usage: bench/search.ts [--works N≥100] [--dialect sqlite|postgres|both] [--seed S] [--runs R≥20] [--rebuild] [--analyze-sqlite]',
  );
  process.exit(2);
}
const DIALECTS: DialectName[] = dialectArg === 'both' ? ['sqlite', 'postgres'] : [dialectArg as DialectName];

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Opens (building it first if need be) the corpus for a dialect; see bench/corpus-db.ts. */
async function openCorpus(dialect: DialectName, spec: CorpusSpec): Promise<Corpus> {
  const id = { seed: SEED, works: WORKS };
  const where =
    dialect === 'sqlite' ? path.relative(BENCH_ROOT, sqliteDataDir(id)) : `quire_bench, schema ${pgSchemaName(id)}`;
  const bars = progressBars();
  const corpus = await ensureCorpus(dialect, id, spec, { rebuild: args.rebuild, onProgress: bars.onProgress });
  bars.stop();
  if (dialect === 'sqlite' && args['analyze-sqlite']) await sql`analyze`.execute(corpus.database.db);
  return {
    database: corpus.database,
    where,
    built: corpus.built
      ? `loaded in ${secs(corpus.info.loadSeconds * 1000)} (${corpus.info.worksPerSec} works/s)`
      : 'reused',
  };
}

interface Corpus {
  database: Database;
  where: string;
  /** How the corpus came to be: "reused", or the build time. */
  built: string;
}

interface Case {
  name: string;
  run: () => Promise<number>;
}

/** The queries to time, with inputs chosen from the corpus (popular tags, common and rare words). */
async function cases(search: SearchState, spec: CorpusSpec): Promise<Case[]> {
  const { db } = search;
  const pools = tagPools(spec);
  const type = new Map(spec.tags.map((t) => [t.name, t]));
  const metaNames = new Set(spec.tags.flatMap((t) => t.metas));
  const topFandom =
    pools.canonical.find((n) => type.get(n)?.type === 'fandom' && metaNames.has(n)) ??
    pools.canonical.find((n) => type.get(n)?.type === 'fandom')!;
  const topCharacter = pools.canonical.find((n) => type.get(n)?.type === 'character')!;
  // The first one-off freeform's invented word: on one work's tags, and in the text of a few at most.
  const rare = nonceWord(12_345);

  const reader = await findUserByUsername(db, spec.users[1]!);
  if (!reader) throw new Error('bench: the corpus has no second user');
  const member = viewerOf({ id: reader.id, username: reader.username });
  for (const pattern of ['Hurt/Comfort', '*Angst*', 'Major Character Death', topCharacter, 'Alternate Universe']) {
    const r = await blockTag(db, member, pattern);
    if (!r.ok) throw new Error(`blockTag ${pattern}: ${JSON.stringify(r.errors)}`);
  }
  const m = await muteUser(db, member, spec.users[0]!);
  if (!m.ok) throw new Error(`muteUser: ${JSON.stringify(m.errors)}`);
  const fluff = await db.selectFrom('tags').select('id').where('name_key', '=', 'fluff').executeTakeFirstOrThrow();

  const guest = guestViewer;
  const works = (name: string, q: WorksQuery, viewer: () => Viewer = guest): Case => ({
    name,
    run: async () => (await queryWorks(search, viewer(), q)).total,
  });
  const facets = (name: string, q: WorksQuery): Case => ({
    name,
    run: async () =>
      Object.values(await workFacets(search, guest(), q))
        .flat()
        .reduce((n, t) => n + t.count, 0),
  });
  return [
    works('default listing, page 1', {}),
    works('default listing, page 50', { page: 50 }),
    works('include “Angst” (synonyms + sub tags)', { include: ['Angst'] }),
    works(`fandom “${topFandom.slice(0, 22)}…” − MCD`, { include: [topFandom], exclude: ['Major Character Death'] }),
    works('rating Explicit', { ratings: ['Explicit'] }),
    works('crossover only', { crossover: 'only' }),
    works('complete + wordsFrom 1000', { complete: true, wordsFrom: 1000 }),
    works('q: light (common word; by relevance)', { q: 'light' }),
    works('q: light, sorted by date', { q: 'light', sort: 'updated' }),
    works('q: "that morning" (phrase; by relevance)', { q: '"that morning"' }),
    works('q: "that morning", sorted by title', { q: '"that morning"', sort: 'title' }),
    works(`q: ${rare} (rare word)`, { q: rare }),
    works('q: 灯塔 (CJK)', { q: '灯塔' }),
    works('q: lantern + include Fluff', { q: 'lantern', include: ['Fluff'] }),
    works('member, 5 blocked tags (1 wildcard) + 1 muted', {}, () => member),
    facets('facets: default listing', {}),
    facets('facets: tag listing (Fluff)', { tagId: fluff.id }),
  ];
}

interface Timing {
  rows: number;
  runs: number;
  median: number;
  p95: number;
}

/** A query slower than this once is timed once only (20 runs of a minute-long query help nobody). */
const SLOW_MS = 5_000;

async function time(c: Case): Promise<Timing> {
  const t0 = performance.now();
  const rows = await c.run();
  const first = performance.now() - t0;
  if (first > SLOW_MS) return { rows, runs: 1, median: first, p95: first };
  for (let i = 0; i < 2; i++) await c.run(); // warm-up: caches, prepared plans
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await c.run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return {
    rows,
    runs: RUNS,
    median: ms[Math.floor(ms.length / 2)]!,
    p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]!,
  };
}

async function main(): Promise<void> {
  console.log(
    `Quire search benchmark — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`,
  );
  let t = performance.now();
  const spec = generateCorpus({ seed: SEED, works: WORKS });
  const chapters = spec.works.reduce((n, w) => n + w.chapters.length, 0);
  console.log(
    `Corpus: seed ${SEED}, ${WORKS.toLocaleString('en')} works, ${chapters.toLocaleString('en')} chapters, ${spec.tags.length.toLocaleString('en')} free tags, ${spec.users.length.toLocaleString('en')} users (generated in ${secs(performance.now() - t)})`,
  );
  const results = new Map<DialectName, Map<string, Timing>>();
  let names: string[] = [];
  for (const dialect of DIALECTS) {
    t = performance.now();
    const corpus = await openCorpus(dialect, spec);
    console.log(`${dialect}: ${corpus.where} — ${corpus.built}`);
    // As the server runs: with the app's in-memory filter index (unless QUIRE_FILTER_INDEX=0).
    const app = await startAppIndex(corpus.database.db, log);
    try {
      const index = app.info;
      console.log(
        `${dialect}: app filter index ${index.status}${index.buildMs !== null ? ` (built in ${index.buildMs} ms)` : ''}`,
      );
      const list = await cases(app.search, spec);
      names = list.map((c) => c.name);
      const r = new Map<string, Timing>();
      for (const c of list) {
        const timing = await time(c);
        r.set(c.name, timing);
        log(
          `[${dialect}] ${c.name}: median ${timing.median.toFixed(1)} ms, p95 ${timing.p95.toFixed(1)} ms (${timing.rows} rows, ${timing.runs} runs) at ${secs(performance.now() - t)}`,
        );
      }
      results.set(dialect, r);
    } finally {
      await app.stop();
      await corpus.database.close();
    }
  }

  console.log(
    `\nMedian and p95 of ${RUNS} runs after 3 warm-up runs, in ms (in-process queryWorks / workFacets; "rows" = total matches, or summed facet counts).`,
  );
  console.log(
    `A query whose first run took over ${SLOW_MS / 1000} s was run once: its median and p95 are that run, marked *.\n`,
  );
  const head = [
    'query'.padEnd(48),
    ...DIALECTS.flatMap((d) => [`${d} rows`.padStart(14), 'median'.padStart(9), 'p95'.padStart(9)]),
  ].join(' ');
  console.log(head);
  console.log('-'.repeat(head.length));
  for (const n of names) {
    const cells = DIALECTS.flatMap((d) => {
      const x = results.get(d)?.get(n);
      const star = x?.runs === 1 ? '*' : '';
      return x
        ? [
            x.rows.toLocaleString('en').padStart(14),
            (x.median.toFixed(1) + star).padStart(9),
            (x.p95.toFixed(1) + star).padStart(9),
          ]
        : ['', '', ''];
    });
    console.log([n.padEnd(48), ...cells].join(' '));
  }
}

await main();
