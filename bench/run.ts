/**
 * The benchmark suite (npm run bench); prints a table and, with --json, writes the figures.
 *
 *   npm run bench -- [--works N] [--fulltext-words W] [--seed S] [--dialect sqlite|postgres|both]
 *                    [--json FILE] [--runs R] [--http-seconds S] [--connections C]
 *                    [--skip filter,fulltext,http,interactions,import,epub]
 *                    [--server-heap-mb M]   (the served app's heap limit: QUIRE_HEAP_MB for npm start's command)
 *                    [--http-rounds R] [--http-pin on|off]   (servers on core 0, the load generator on core 1; see cpuPlan)
 *                    [--http-load-body count|decode]   (count: autocannon does not decode bodies; see bench/load-child.ts)
 *                    [--import-runs N]   (loads of the 5,000-work import batch; the median counts)
 *                    [--no-warm-pass]   (time the filter suite without its untimed first pass over all queries)
 *                    [--interactions-rounds R] [--kudos-rate K] [--kudos-connections C] [--comments-requests N]   (bench/interactions-suite.ts)
 *                    [--follow-rounds R] [--follow-requests N]   (bench/follow-suite.ts; --skip follow leaves it out)
 *   npm run bench -- --scaling [--sizes 100000,300000,1000000] [--dialect …] [--json FILE]
 *   npm run bench -- --scaling --from bench/results/100k.json,bench/results/300k.json,…   (chart earlier runs)
 *   npm run bench -- --nodes 2 --dialect postgres [--works N] [--http-seconds S] [--json FILE]   (bench/cluster-suite.ts)
 *
 * Uses (or first builds, as npm run bench:corpus does) the corpus of those options; see
 * bench/corpus-db.ts. With --dialect both, queryWorks figures are SQLite's and PostgreSQL's are
 * added beside them. All times are in ms unless named otherwise.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DialectName } from '../src/store/db.js';
import { generateCorpus, specTextWords, type CorpusSpec } from './corpus-spec.js';
import { postInput } from './corpus-load.js';
import {
  BENCH_ROOT,
  ensureCorpus,
  openCorpusDatabase,
  serveTarget,
  type CorpusId,
  type OpenedCorpus,
} from './corpus-db.js';
import { clusterNodesFrom, corpusIdFrom, dialectFrom, progressBars } from './cli-options.js';
import { resolveFilterQueries } from './filter-queries.js';
import { httpTargets, memberTargets } from './http-targets.js';
import { ensureBenchMember } from './member-setup.js';
import { ensureFollowCorpus, type FollowCorpus } from './corpus-follow.js';
import { runFollowSuite, type FollowFigures } from './follow-suite.js';
import {
  filterJson,
  fmt,
  httpJson,
  pointsFrom,
  printCluster,
  printFilter,
  printHttp,
  writeJson,
  type FilterJson,
} from './report.js';
import { runClusterSuite } from './cluster-suite.js';
import { runFilterSuite, type DialectFigures, type SuiteOptions } from './filter-suite.js';
import { fulltextQueries, runFulltextSuite, type FulltextFigures } from './fulltext-suite.js';
import { cpuPlan, runHttpSuite, type HttpFigures } from './http-suite.js';
import {
  interactionTargets,
  runInteractionsSuite,
  type InteractionFigures,
  type InteractionTargets,
} from './interactions-suite.js';
import type { LoadBody } from './load-child.js';
import { epubBuildMs } from './epub-bench.js';
import { startAppIndex, type AppIndexInfo } from './app-index.js';
import { filterIndexSettings } from '../src/search/filter-index/start.js';
import type { SearchState } from '../src/search/search-state.js';
import { lineChart } from './svg-chart.js';

const { values: args } = parseArgs({
  options: {
    works: { type: 'string' },
    'fulltext-words': { type: 'string' },
    seed: { type: 'string' },
    tags: { type: 'string' },
    dialect: { type: 'string' },
    json: { type: 'string' },
    runs: { type: 'string', default: '10' },
    'budget-ms': { type: 'string', default: '8000' },
    'http-seconds': { type: 'string', default: '10' },
    'http-rounds': { type: 'string', default: '5' },
    'http-pin': { type: 'string', default: 'on' },
    'http-load-body': { type: 'string', default: 'count' },
    'import-runs': { type: 'string', default: '5' },
    'server-heap-mb': { type: 'string' },
    connections: { type: 'string', default: '4' },
    skip: { type: 'string', default: '' },
    // Other builds of the app loaded beside it: `name=VAR=value,VAR=value;name2=…` (bench/http-suite.ts).
    'http-variants': { type: 'string', default: '' },
    scaling: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '100000,300000,1000000' },
    from: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    // The filter suite without its untimed first pass over all queries, as it was timed before that pass existed.
    'no-warm-pass': { type: 'boolean', default: false },
    'interactions-rounds': { type: 'string', default: '3' },
    // Kudos per second posted on other works while the interactions suite loads the work page.
    'kudos-rate': { type: 'string', default: '200' },
    'kudos-connections': { type: 'string', default: '64' },
    'comments-requests': { type: 'string', default: '200' },
    'follow-rounds': { type: 'string', default: '3' },
    'follow-requests': { type: 'string', default: '200' },
    // Nodes on one PostgreSQL primary and its replica: the cluster suite alone (bench/cluster-suite.ts).
    nodes: { type: 'string' },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const dialects: DialectName[] = args.dialect === 'both' ? ['sqlite', 'postgres'] : [dialectFrom(args.dialect)];
const suite: SuiteOptions = {
  runs: Math.max(1, Number(args.runs)),
  budgetMs: Number(args['budget-ms']),
  warmPass: !args['no-warm-pass'],
  log,
};
const skip = new Set(args.skip.split(',').filter(Boolean));
const pinCores = pinWanted(args['http-pin']);
const loadBody = loadBodyWanted(args['http-load-body']);

/** The commit measured, and whether src/ had uncommitted changes (others work in the same checkout). */
function codeVersion(): { commit: string; srcDirty: boolean } {
  const git = (...a: string[]) => execFileSync('git', a, { cwd: BENCH_ROOT, encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      srcDirty: git('status', '--porcelain', '--', 'src').length > 0,
    };
  } catch {
    return { commit: 'unknown', srcDirty: true };
  }
}

/**
 * CPU time the hypervisor gave to others while this machine's CPUs wanted it (the `steal` column of
 * /proc/stat, all CPUs), in seconds; null where there is no such file. Stolen time stalls whatever
 * runs, so a run with much of it has more outliers in its percentiles.
 */
function stealSeconds(): number | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    return f[8] === undefined ? null : Number(f[8]) / 100;
  } catch {
    return null;
  }
}

const stolenSince = (start: number | null): number | null => {
  const now = stealSeconds();
  return start === null || now === null ? null : Math.round((now - start) * 10) / 10;
};

function machine() {
  return {
    code: codeVersion(),
    node: process.version,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    shared: 'figures taken on a shared 2-core machine while other engineers ran tests and benchmarks',
    stealSecondsAtStart: stealSeconds(),
  };
}

function specFor(id: CorpusId): CorpusSpec {
  const t = performance.now();
  const spec = generateCorpus({
    seed: id.seed,
    works: id.works,
    ...(id.textWords !== undefined ? { textWords: id.textWords } : {}),
    ...(id.tags !== undefined ? { tags: id.tags } : {}),
  });
  log(
    `generated ${id.works.toLocaleString('en')} works, ${spec.tags.length.toLocaleString('en')} free tags in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  return spec;
}

const indexInfo = new Map<DialectName, AppIndexInfo>();

/** Opens (or builds) the corpus. */
async function openCorpus(dialect: DialectName, id: CorpusId, spec: CorpusSpec): Promise<OpenedCorpus> {
  const bars = progressBars();
  const c = await ensureCorpus(dialect, id, spec, { rebuild: args.rebuild, onProgress: bars.onProgress });
  bars.stop();
  log(
    `[${dialect}] corpus ${c.built ? `loaded in ${c.info.loadSeconds} s` : `reused (loaded ${c.info.loadedAt})`}, ${c.info.worksPerSec} works/s`,
  );
  return c;
}

/**
 * Runs `suites` with the app's filter index switched on for this corpus, as its server would, and
 * off again after. One dialect's index at a time: a server holds one archive's, and with both in
 * the process the SQLite suite's p95 was about twice its figure alone.
 */
async function withAppIndex<T>(
  dialect: DialectName,
  c: OpenedCorpus,
  suites: (search: SearchState) => Promise<T>,
): Promise<T> {
  const app = await startAppIndex(c.database.db, log);
  const { info } = app;
  indexInfo.set(dialect, info);
  log(
    `[${dialect}] app filter index: ${info.status}${info.buildMs !== null ? ` (built in ${info.buildMs} ms, ~${info.estimatedMb} MB)` : ''}`,
  );
  try {
    return await suites(app.search);
  } finally {
    await app.stop();
    (globalThis as { gc?: () => void }).gc?.();
  }
}

/** `name=VAR=value,VAR=value;name2=VAR=value` → the HTTP suite's variants. */
function parseVariants(s: string): Array<{ name: string; env: Record<string, string> }> {
  return s
    .split(';')
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      if (at <= 0) throw new Error(`--http-variants: “${part}” is not name=VAR=value,…`);
      const env: Record<string, string> = {};
      for (const kv of part
        .slice(at + 1)
        .split(',')
        .filter(Boolean)) {
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new Error(`--http-variants: “${kv}” is not VAR=value`);
        env[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
      return { name: part.slice(0, at), env };
    });
}

async function suiteRun(): Promise<void> {
  const id = corpusIdFrom(args, 100_000);
  let spec: CorpusSpec | undefined = specFor(id);
  const queries = resolveFilterQueries(spec);
  const corpora = new Map<DialectName, OpenedCorpus>();
  for (const d of dialects) corpora.set(d, await openCorpus(d, id, spec));
  const primary = corpora.get(dialects[0]!)!;
  const textWords = specTextWords(spec);
  const corpusFacts = {
    tags: spec.tags.length,
    chapters: spec.works.reduce((n, w) => n + w.chapters.length, 0),
    textWords,
  };
  const ftQueries = fulltextQueries(spec);
  const targets = await httpTargets(spec, primary);
  // The member of the member runs, made (or put back as it was) before any server starts.
  const member = skip.has('http') ? undefined : await ensureBenchMember(primary.database.db, spec);
  const memberPages = member
    ? await memberTargets(spec, primary, { guest: targets, queries, fulltext: ftQueries, member })
    : [];
  if (member) {
    const left = (g: string, m: string) =>
      `${targets.find((t) => t.name === g)!.paths!.length - memberPages.find((t) => t.name === m)!.paths!.length}`;
    log(
      `[http] ${member.username}: ${member.blocklist.tags.length} blocked tags, ${member.blocklist.wildcards.join(' ')}, ${member.mutedCreators} muted creators; their pages leave out ${left('workPageDistinct', 'workPageMember')} works and ${left('tagPageDistinct', 'tagPageMember')} tags these hide`,
    );
  }
  const interactionPages: InteractionTargets | undefined = skip.has('interactions')
    ? undefined
    : await interactionTargets(
        spec,
        primary.database.db,
        targets[0]!.path,
        targets.find((t) => t.name === 'workPageDistinct')?.paths ?? [],
      );
  let followCorpus: FollowCorpus | undefined;
  if (!skip.has('follow')) {
    const bars = progressBars();
    const started = performance.now();
    followCorpus = await ensureFollowCorpus(primary.database.db, spec, bars.onProgress);
    bars.stop();
    log(`[follow] corpus rows ready in ${Math.round((performance.now() - started) / 1000)} s`);
  }
  // The generated spec (gigabytes of heap at a million works) is not needed past this point. Dropped,
  // so that the garbage collections during the suites are the app's own, as in a server, and not
  // passes over the harness's million works.
  spec = undefined;
  (globalThis as { gc?: () => void }).gc?.();
  const started = new Date().toISOString();
  const m = machine();
  console.log(
    `Quire benchmark — ${started} — node ${m.node}, ${m.cores} cores (${m.cpu}), load ${m.loadAverageAtStart.join(' ')} — ${m.shared}`,
  );
  console.log(
    `Corpus: seed ${id.seed}, ${id.works.toLocaleString('en')} works, ${corpusFacts.tags.toLocaleString('en')} free tags, ${textWords.toLocaleString('en')} words of text; ${dialects.join(' + ')}`,
  );

  // The in-process suites (filter, full text) query through the index; the HTTP suite's server builds its own.
  const filter: DialectFigures[] = [];
  let fulltext: FulltextFigures | undefined;
  for (const [d, c] of corpora) {
    const full = !skip.has('fulltext') && c === primary;
    if (!skip.has('filter') || full) {
      await withAppIndex(d, c, async (search) => {
        if (!skip.has('filter')) filter.push(await runFilterSuite(search, d, queries, suite));
        if (full) fulltext = await runFulltextSuite(search, ftQueries, suite);
      });
    }
    await c.database.close();
  }

  let http: HttpFigures | undefined;
  if (member) {
    http = await runHttpSuite({
      seconds: Number(args['http-seconds']),
      connections: Number(args.connections),
      loadBody,
      rounds: Math.max(1, Number(args['http-rounds'])),
      serve: serveTarget(dialects[0]!, id),
      serverEnv: args['server-heap-mb'] ? { QUIRE_HEAP_MB: String(Number(args['server-heap-mb'])) } : {},
      targets,
      memberTargets: memberPages,
      cpus: cpuPlan(pinCores),
      indexWait: filterIndexSettings().enabled,
      indexTimeoutMs: 20 * 60_000,
      variants: parseVariants(args['http-variants']),
      log,
    });
  }
  let interactions: InteractionFigures | undefined;
  if (interactionPages) {
    interactions = await runInteractionsSuite(
      {
        seconds: Number(args['http-seconds']),
        connections: Number(args.connections),
        loadBody,
        rounds: Math.max(1, Number(args['interactions-rounds'])),
        serve: serveTarget(dialects[0]!, id),
        serverEnv: args['server-heap-mb'] ? { QUIRE_HEAP_MB: String(Number(args['server-heap-mb'])) } : {},
        cpus: cpuPlan(pinCores),
        indexWait: filterIndexSettings().enabled,
        indexTimeoutMs: 20 * 60_000,
        kudosRateDuringPage: Number(args['kudos-rate']),
        kudosConnections: Math.max(1, Number(args['kudos-connections'])),
        commentsRequests: Math.max(1, Number(args['comments-requests'])),
        log,
      },
      interactionPages,
    );
  }
  let follow: FollowFigures | undefined;
  if (followCorpus) {
    const opened = await openCorpusDatabase(dialects[0]!, id);
    try {
      follow = await runFollowSuite(
        {
          seconds: Number(args['http-seconds']),
          connections: Number(args.connections),
          loadBody,
          rounds: Math.max(1, Number(args['follow-rounds'])),
          serve: serveTarget(dialects[0]!, id),
          serverEnv: args['server-heap-mb'] ? { QUIRE_HEAP_MB: String(Number(args['server-heap-mb'])) } : {},
          cpus: cpuPlan(pinCores),
          indexWait: filterIndexSettings().enabled,
          indexTimeoutMs: 20 * 60_000,
          pageRequests: Math.max(1, Number(args['follow-requests'])),
          workPage: targets[0]!.path,
          log,
        },
        opened.db,
        followCorpus,
      );
    } finally {
      await opened.close();
    }
  }
  let importFig:
    { works: number; worksPerSec: number; seconds: number; runs: number[]; inputsMadeBeforehand: true } | undefined;
  if (!skip.has('import')) {
    // A separate small corpus (another seed) loaded afresh through the same bulk path, several times
    // (one load's figure moved by a fifth from one run to the next): the median run's works/s. The
    // works' inputs (their text) are generated before the clock starts; accounts and the tag graph
    // are loaded within it, as before.
    const batch: CorpusId = { seed: 9001, works: 5000 };
    const batchSpec = generateCorpus({ seed: batch.seed, works: batch.works });
    const inputs = batchSpec.works.map((w) => postInput(batchSpec, w));
    const loads: Array<{ worksPerSec: number; seconds: number }> = [];
    for (let r = 0; r < Math.max(1, Number(args['import-runs'])); r++) {
      const c = await ensureCorpus(dialects[0]!, batch, batchSpec, { rebuild: true, inputs });
      await c.database.close();
      loads.push({ worksPerSec: c.info.worksPerSec, seconds: c.info.loadSeconds });
      log(`[import] run ${r + 1}: ${batch.works} works in ${c.info.loadSeconds} s: ${c.info.worksPerSec} works/s`);
    }
    const mid = [...loads].sort((a, b) => a.worksPerSec - b.worksPerSec)[Math.floor((loads.length - 1) / 2)]!;
    importFig = {
      works: batch.works,
      worksPerSec: mid.worksPerSec,
      seconds: mid.seconds,
      runs: loads.map((l) => l.worksPerSec),
      inputsMadeBeforehand: true,
    };
  }
  let epub: Awaited<ReturnType<typeof epubBuildMs>> | undefined;
  if (!skip.has('epub')) {
    epub = await epubBuildMs();
    log(`[epub] ${epub.words} words: median ${epub.medianMs} ms (${epub.bytes} bytes)`);
  }

  if (filter.length) printFilter(filter, suite.runs, indexInfo);
  if (fulltext) {
    console.log(`\nFull text (${fulltext.queries} searches, guest, queryWorks with q), ms:`);
    for (const q of fulltext.perQuery)
      console.log(
        `  ${q.name.padEnd(48)} ${fmt(q.total).padStart(9)} works   p50 ${fmt(q.p50).padStart(8)}   p95 ${fmt(q.p95).padStart(8)}`,
      );
    console.log(
      `  ${'all searches'.padEnd(48)} ${''.padStart(9)}         p50 ${fmt(fulltext.p50).padStart(8)}   p95 ${fmt(fulltext.p95).padStart(8)}`,
    );
  }
  // How the HTTP suite ran, for its table and its JSON alike.
  const httpRun = member && {
    connections: Number(args.connections),
    seconds: Number(args['http-seconds']),
    rounds: Number(args['http-rounds']),
    serverHeapMb: args['server-heap-mb'] ? Number(args['server-heap-mb']) : null,
    loadBody,
    member,
  };
  if (http && httpRun) printHttp(http, httpRun);
  if (importFig)
    console.log(
      `\nBulk loader: ${fmt(importFig.worksPerSec)} works/s for a batch of ${importFig.works}, median of ${importFig.runs.length} loads (${importFig.runs.map(fmt).join(' / ')}; inputs made before the clock; corpus itself: ${fmt(primary.info.worksPerSec)} works/s)`,
    );
  if (epub) console.log(`EPUB of a ${fmt(epub.words)}-word work: median ${fmt(epub.medianMs)} ms`);
  if (interactions) {
    const i = interactions;
    console.log(
      `\nInteractions (QUIRE_TRUST_PROXY, ${i.guestSessions} guest sessions, ${args.connections} connections, ${args['http-seconds']} s each, median of ${args['interactions-rounds']} rounds):`,
    );
    console.log(
      `  kudos left (303s)        ${fmt(i.kudosPerSec).padStart(8)} /s   rounds ${i.kudosRounds.map((r) => fmt(r.kudosPerSec)).join(' / ')}`,
    );
    console.log(
      `  work page during kudos   ${fmt(i.workPageRpsDuringKudos).padStart(8)} req/s (${Math.round(i.workPageDuringKudosFraction * 100)} % of hello world ${fmt(i.helloWorldRps)}; kudos at ${fmt(i.kudosRateDuringPage)}/s on other works)`,
    );
    const d = i.distinctWorkPageDuringKudos;
    console.log(
      `  distinct work pages      ${fmt(d.duringRps).padStart(8)} req/s during ${fmt(d.kudosPerSec)} kudos/s, p50 ${fmt(d.duringP50Ms)} / p99 ${fmt(d.duringP99Ms)} ms; alone ${fmt(d.aloneRps)} req/s, p50 ${fmt(d.aloneP50Ms)} / p99 ${fmt(d.aloneP99Ms)} ms`,
    );
    console.log(
      `  comments page            p50 ${fmt(i.commentsPageP50Ms)} / p95 ${fmt(i.commentsPageP95Ms)} / p99 ${fmt(i.commentsPageP99Ms)} ms   (${i.commentsPage.path}, ${fmt(i.commentsPage.comments)} comments, uncached)`,
    );
    console.log(
      `  hit counting             ${fmt(i.hitsOverheadPct).padStart(8)} %    (work page counted ${fmt(i.workPageCountedRps)}, uncounted ${fmt(i.workPageUncountedRps)} req/s; rounds ${i.hitsOverheadRounds.map(fmt).join(' / ')} %)`,
    );
  }

  if (follow) {
    const f = follow;
    console.log(`\nFollow (${fmt(f.subscribers)} subscribers of one work, median of ${args['follow-rounds']} rounds):`);
    console.log(
      `  fan-out                  ${fmt(f.fanoutMs).padStart(8)} ms   rounds ${f.fanoutRounds.map((r) => fmt(r.ms)).join(' / ')}`,
    );
    console.log(
      `  work page during it      ${fmt(Math.round(f.workPageRpsDuringFanout * 100)).padStart(8)} %    of hello world (rounds ${f.workPageRpsDuringFanoutRounds.map((r) => Math.round(r * 100)).join(' / ')} %)`,
    );
    console.log(
      `  bookmarks page           p50 ${fmt(f.bookmarksPageP50Ms)} / p95 ${fmt(f.bookmarksPageP95Ms)} ms   (${f.bookmarksPage.path})`,
    );
    console.log(
      `  stats page               p50 ${fmt(f.statsPageP50Ms)} / p95 ${fmt(f.statsPageP95Ms)} ms   (${f.statsPage.works} works)`,
    );
  }

  const out = {
    works: id.works,
    seed: id.seed,
    dialect: dialects[0],
    dialects,
    takenAt: started,
    machine: { ...m, stealSecondsDuringRun: stolenSince(m.stealSecondsAtStart) },
    corpus: { ...corpusFacts, loadWorksPerSec: primary.info.worksPerSec, loadSeconds: primary.info.loadSeconds },
    filter: filter.length ? filterJson(filter, suite, indexInfo) : null,
    fulltext: fulltext ? { words: textWords, ...fulltext } : null,
    http: http && httpRun ? httpJson(http, httpRun) : null,
    // Headline figures first: kudosPerSec, workPageRpsDuringKudos (and its fraction of hello world,
    // the median of each round's ratio), commentsPageP95Ms, hitsOverheadPct.
    interactions: interactions
      ? {
          ...interactions,
          rounds: Number(args['interactions-rounds']),
          seconds: Number(args['http-seconds']),
          connections: Number(args.connections),
        }
      : null,
    // Headline figures first: fanoutMs, workPageRpsDuringFanout (a fraction of hello world in the same round),
    // bookmarksPageP95Ms, statsPageP95Ms.
    follow: follow ? { ...follow, rounds: Number(args['follow-rounds']), connections: Number(args.connections) } : null,
    importWorksPerSec: importFig?.worksPerSec ?? null,
    importBatch: importFig ?? null,
    epub100kWordsMs: epub?.medianMs ?? null,
    epub: epub ?? null,
    rssMb: http?.rssMb ?? null,
    peakRssMb: http?.peakRssMb ?? null,
  };
  console.log(
    `\nCPU time stolen by the hypervisor during the run (/proc/stat): ${out.machine.stealSecondsDuringRun ?? 'unknown'} s`,
  );
  if (args.json) writeJson(args.json, out, log);
}

function loadBodyWanted(s: string | undefined): LoadBody {
  if (s === 'count' || s === 'decode') return s;
  throw new Error(`--http-load-body must be count or decode (got “${s}”)`);
}

function pinWanted(s: string | undefined): boolean {
  if (s === 'on' || s === undefined) return true;
  if (s === 'off') return false;
  throw new Error(`--http-pin must be on or off (got “${s}”)`);
}

/**
 * Filter p95 (app and baseline) at several corpus sizes; JSON and an SVG chart under bench/results/.
 * Measures each size in turn, or with --from charts the filter figures of earlier `--json` runs.
 */
async function scalingRun(): Promise<void> {
  const sizes = args.from ? [] : args.sizes.split(',').map((s) => Number(s.replace(/[_,]/g, '')));
  const m = machine();
  const points: Array<{ works: number; filter: FilterJson; source?: string }> = args.from
    ? pointsFrom(args.from.split(','))
    : [];
  points.sort((a, b) => a.works - b.works);
  for (const works of sizes) {
    const id = corpusIdFrom({ ...args, works: String(works) }, works);
    let spec: CorpusSpec | undefined = specFor(id);
    const queries = resolveFilterQueries(spec);
    const figs: DialectFigures[] = [];
    for (const [i, d] of dialects.entries()) {
      const c = await openCorpus(d, id, spec!);
      // As in suiteRun: the suite's garbage collections should not pass over the spec's million works.
      if (i === dialects.length - 1) {
        spec = undefined;
        (globalThis as { gc?: () => void }).gc?.();
      }
      try {
        figs.push(await withAppIndex(d, c, (search) => runFilterSuite(search, d, queries, suite)));
      } finally {
        await c.database.close();
      }
    }
    points.push({ works, filter: filterJson(figs, suite, indexInfo) });
    log(
      `[scaling] ${works} works: app p95 ${figs[0]!.app.p95} ms, sql p95 ${figs.map((f) => `${f.dialect} ${f.sql.p95}`).join(', ')} ms`,
    );
  }
  const data = args.from
    ? { chartedAt: new Date().toISOString(), points }
    : { takenAt: new Date().toISOString(), machine: m, runs: suite.runs, points };
  const dir = path.join(BENCH_ROOT, 'bench', 'results');
  writeJson(args.json ?? path.join(dir, 'scaling.json'), data, log);
  const colors = { app: ['#1f77b4', '#9467bd'], sql: ['#d62728', '#ff7f0e'] };
  const charted = dialects.filter((d) => points.some((p) => p.filter.app[d]));
  const series = charted.flatMap((d, i) => [
    {
      name: `queryWorks [${d}]`,
      color: colors.app[i]!,
      points: points.filter((p) => p.filter.app[d]).map((p): [number, number] => [p.works, p.filter.app[d]!.p95]),
    },
    {
      name: `plain SQL [${d}]`,
      color: colors.sql[i]!,
      points: points.flatMap((p): Array<[number, number]> => {
        const v = d === 'sqlite' ? p.filter.sqliteSqlP95 : p.filter.postgresSqlP95;
        return v === null ? [] : [[p.works, v]];
      }),
    },
  ]);
  const svg = lineChart({
    title: `Filter queries: p95 over ${points[0]?.filter.queries ?? 0} fixed queries (guest)`,
    xLabel: 'works in the corpus (log scale)',
    yLabel: 'p95 latency (ms, log scale)',
    series,
  });
  const svgFile = args.json ? args.json.replace(/\.json$/, '') + '.svg' : path.join(dir, 'scaling.svg');
  fs.mkdirSync(path.dirname(path.resolve(svgFile)), { recursive: true });
  fs.writeFileSync(svgFile, svg);
  log(`wrote ${path.relative(BENCH_ROOT, svgFile)}`);
  console.log(
    points
      .map(
        (p) =>
          `${p.works.toLocaleString('en').padStart(10)} works: app p95 ${fmt(p.filter.p95)} ms; sql p95 sqlite ${fmt(p.filter.sqliteSqlP95)}, postgres ${fmt(p.filter.postgresSqlP95)} ms`,
      )
      .join('\n'),
  );
}

/** The cluster suite alone: what a page view costs the shared PostgreSQL primary when nodes read a replica. */
async function clusterRun(nodes: number): Promise<void> {
  const id = corpusIdFrom(args, 100_000);
  const spec = specFor(id);
  const started = new Date().toISOString();
  const m = machine();
  console.log(
    `Quire benchmark, ${nodes} nodes — ${started} — node ${m.node}, ${m.cores} cores (${m.cpu}), load ${m.loadAverageAtStart.join(' ')} — ${m.shared}`,
  );
  const cluster = await runClusterSuite({
    id,
    spec,
    seconds: Number(args['http-seconds']),
    connections: Number(args.connections),
    loadBody,
    cpus: cpuPlan(pinCores),
    rebuild: args.rebuild,
    log,
  });
  printCluster(cluster, { seconds: Number(args['http-seconds']), connections: Number(args.connections) });
  const out = {
    works: id.works,
    seed: id.seed,
    dialect: 'postgres',
    takenAt: started,
    machine: { ...m, stealSecondsDuringRun: stolenSince(m.stealSecondsAtStart) },
    cluster: { ...cluster, seconds: Number(args['http-seconds']), connections: Number(args.connections) },
  };
  console.log(
    `\nCPU time stolen by the hypervisor during the run (/proc/stat): ${out.machine.stealSecondsDuringRun ?? 'unknown'} s`,
  );
  if (args.json) writeJson(args.json, out, log);
}

await (args.nodes !== undefined
  ? clusterRun(clusterNodesFrom(args.nodes, args.dialect))
  : args.scaling
    ? scalingRun()
    : suiteRun());
