/** Shaping and printing the suite's figures: the JSON sections, the tables, and writing files. */
import fs from 'node:fs';
import path from 'node:path';
import type { DialectName } from '../src/store/db.js';
import { BENCH_ROOT } from './corpus-db.js';
import type { DialectFigures, SuiteOptions } from './filter-suite.js';
import type { AppIndexInfo } from './app-index.js';
import type { ClusterFigures } from './cluster-suite.js';
import { BROWSER_HEADERS, type HttpFigures, type LoadFigures } from './http-suite.js';
import type { LoadBody } from './load-child.js';
import type { BenchMember } from './member-setup.js';

export const fmt = (n: number | null | undefined): string =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en', { maximumFractionDigits: 1 });

const ratio = (sql: number, app: number): number | null => (app > 0 ? Math.round((sql / app) * 10) / 10 : null);

/** The filter section of the JSON: the primary dialect's queryWorks figures, the baselines, and per-query detail. */
export function filterJson(
  figs: DialectFigures[],
  suite: Pick<SuiteOptions, 'runs' | 'warmPass'>,
  indexInfo: Map<DialectName, AppIndexInfo>,
) {
  const by = (d: DialectName) => figs.find((f) => f.dialect === d);
  const main = figs[0]!;
  const lite = by('sqlite');
  const pg = by('postgres');
  return {
    queries: main.perQuery.length,
    runs: suite.runs,
    warmPass: suite.warmPass,
    dialect: main.dialect,
    p50: main.app.p50,
    p95: main.app.p95,
    p99: main.app.p99,
    sqliteSqlP50: lite?.sql.p50 ?? null,
    sqliteSqlP95: lite?.sql.p95 ?? null,
    sqliteSqlP99: lite?.sql.p99 ?? null,
    postgresSqlP50: pg?.sql.p50 ?? null,
    postgresSqlP95: pg?.sql.p95 ?? null,
    postgresSqlP99: pg?.sql.p99 ?? null,
    // The best plain SQL (per query the faster of the naive and the tuned statement; filter-suite.ts),
    // and how many times each dialect's app p95 its p95 is.
    sqliteBestSqlP50: lite?.best.p50 ?? null,
    sqliteBestSqlP95: lite?.best.p95 ?? null,
    postgresBestSqlP50: pg?.best.p50 ?? null,
    postgresBestSqlP95: pg?.best.p95 ?? null,
    bestSqlP95Ratio: Object.fromEntries(figs.map((f) => [f.dialect, ratio(f.best.p95, f.app.p95)])),
    app: Object.fromEntries(figs.map((f) => [f.dialect, f.app])),
    index: Object.fromEntries(figs.map((f) => [f.dialect, indexInfo.get(f.dialect) ?? null])),
    mismatches: Object.fromEntries(figs.map((f) => [f.dialect, f.mismatches])),
    perQuery: Object.fromEntries(figs.map((f) => [f.dialect, f.perQuery])),
  };
}

export function printFilter(figs: DialectFigures[], runs: number, indexInfo: Map<DialectName, AppIndexInfo>): void {
  const head = [
    'query'.padEnd(50),
    'works'.padStart(9),
    ...figs.flatMap((f) => [
      `app ${f.dialect}`.padStart(16),
      `sql ${f.dialect}`.padStart(16),
      `tuned ${f.dialect}`.padStart(16),
    ]),
  ].join(' ');
  console.log(
    `\nFilter queries: p50 in ms over ${runs} runs each (guest; app = queryWorks, sql = naive plain-SQL baseline, tuned = tuned plain SQL; the best SQL is the faster of the two per query)`,
  );
  for (const f of figs)
    console.log(`  app filter index [${f.dialect}]: ${JSON.stringify(indexInfo.get(f.dialect) ?? null)}`);
  console.log(head);
  console.log('-'.repeat(head.length));
  figs[0]!.perQuery.forEach((q, i) => {
    console.log(
      [
        q.name.padEnd(50),
        fmt(q.total).padStart(9),
        ...figs.flatMap((f) => [
          fmt(f.perQuery[i]!.app.p50).padStart(16),
          fmt(f.perQuery[i]!.sql.p50).padStart(16),
          fmt(f.perQuery[i]!.tuned.p50).padStart(16),
        ]),
      ].join(' '),
    );
  });
  for (const f of figs) {
    console.log(
      `${`all queries [${f.dialect}]`.padEnd(30)} app p50 ${fmt(f.app.p50)}  p95 ${fmt(f.app.p95)}  p99 ${fmt(f.app.p99)}   |   sql p50 ${fmt(f.sql.p50)}  p95 ${fmt(f.sql.p95)}  p99 ${fmt(f.sql.p99)}   |   best SQL (the faster form per query) p50 ${fmt(f.best.p50)}  p95 ${fmt(f.best.p95)} (${fmt(ratio(f.best.p95, f.app.p95))}× the app's)`,
    );
    if (f.mismatches.length)
      console.log(
        `WARNING [${f.dialect}]: baseline and app differ on ${f.mismatches.length} queries: ${f.mismatches.join('; ')}`,
      );
  }
}

export function writeJson(file: string, data: unknown, log: (line: string) => void): void {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(data, null, 2) + '\n');
  log(`wrote ${path.relative(BENCH_ROOT, target)}`);
}

export type FilterJson = ReturnType<typeof filterJson>;

/** Points taken from earlier suite results (--from a.json,b.json): each one's works and filter figures. */
export function pointsFrom(files: string[]): Array<{ works: number; filter: FilterJson; source: string }> {
  return files.map((f) => {
    const j = JSON.parse(fs.readFileSync(f, 'utf8')) as { works: number; filter: FilterJson };
    return { works: j.works, filter: j.filter, source: path.relative(BENCH_ROOT, path.resolve(f)) };
  });
}

/** How the HTTP suite was run, for its JSON and its table. */
export interface HttpRunOptions {
  connections: number;
  seconds: number;
  rounds: number;
  serverHeapMb: number | null;
  loadBody: LoadBody;
  member: BenchMember;
}

/** The distinct pages, by their key in the JSON: the guest's target and the member's (null: none). */
const DISTINCT_PAGES: Array<[key: string, guest: string | null, member: string]> = [
  ['workPage', 'workPageDistinct', 'workPageMember'],
  ['listing', 'listingDistinct', 'listingMember'],
  ['tagPage', 'tagPageDistinct', 'tagPageMember'],
  ['searchPage', null, 'searchPageMember'],
  ['dashboard', null, 'dashboardMember'],
];

/** `{ workPageRps, listingRps, …, workPageP50Ms, workPageP99Ms, … }` for the pages given. */
function loadFigures(app: HttpFigures['app'], pages: Array<[key: string, target: string]>) {
  const f = (t: string): LoadFigures | undefined => app[t];
  return {
    ...Object.fromEntries(pages.map(([k, t]) => [`${k}Rps`, f(t)?.rps ?? null])),
    ...Object.fromEntries(
      pages.flatMap(([k, t]) => [
        [`${k}P50Ms`, f(t)?.latencyP50Ms ?? null],
        [`${k}P99Ms`, f(t)?.latencyP99Ms ?? null],
      ]),
    ),
  };
}

/** The http section of the JSON. */
export function httpJson(http: HttpFigures, o: HttpRunOptions) {
  return {
    helloWorldRps: http.helloWorldRps,
    // A bare node:http server sending the bytes of the work page: the ceiling for a page that size.
    sameBytesWorkPageRps: http.sameBytes.rps,
    workPageBytes: http.sameBytes.bytes,
    workPageRps: http.app.workPage?.rps ?? null,
    listingRps: http.app.listing?.rps ?? null,
    tagPageRps: http.app.tagPage?.rps ?? null,
    // The figures above are for requests as a browser sends them (gzip accepted); these, without Accept-Encoding.
    acceptEncoding: BROWSER_HEADERS['accept-encoding'],
    plain: {
      workPageRps: http.app.workPagePlain?.rps ?? null,
      listingRps: http.app.listingPlain?.rps ?? null,
      tagPageRps: http.app.tagPagePlain?.rps ?? null,
    },
    // A different page on every request (thousands of works, listing pages, tags): the page cache cannot help.
    distinct: loadFigures(
      http.app,
      DISTINCT_PAGES.flatMap(([k, g]) => (g ? [[k, g] as [string, string]] : [])),
    ),
    // The same kinds of pages as one signed-in member with a blocklist reads them (bench/member-setup.ts),
    // listings in every sort, plus full-text searches and their dashboard; never cached for a member.
    member: {
      ...loadFigures(
        http.app,
        DISTINCT_PAGES.map(([k, , m]) => [k, m]),
      ),
      blockedTags: o.member.blockedTags,
      mutedCreators: o.member.mutedCreators,
      // The share of posted works these hide; the member's work and tag pages leave those out.
      worksHidden: o.member.worksHidden,
      blocklist: o.member.blocklist,
    },
    // Per distinct target: each Server-Timing stage's mean and p50 in ms over 200 requests one at a
    // time, from a server started with QUIRE_SERVER_TIMING=1 (null: it sent no such header).
    breakdown: http.breakdown,
    // Each round's work page over the same round's hello world (the medians above come from whole rounds).
    workPageRatios: http.workPageRatios,
    plainWorkPageRatios: http.plainWorkPageRatios,
    connections: o.connections,
    // count: autocannon counted response bodies instead of decoding them into strings (bench/load-child.ts).
    loadBody: o.loadBody,
    seconds: o.seconds,
    rounds: o.rounds,
    serverHeapMb: o.serverHeapMb,
    serverCommand: http.serverCommand,
    // Cores the servers and the load generator ran on (taskset -c), or null when left to the scheduler.
    cpus: http.cpus,
    logLevel: http.logLevel,
    serverReadyMs: http.serverReadyMs,
    serverIndex: http.serverIndex,
    detail: { hello: http.hello, sameBytes: http.sameBytes, ...http.app },
  };
}

const ms2 = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 2 });

export function printHttp(http: HttpFigures, o: HttpRunOptions): void {
  console.log(
    `\nHTTP (autocannon in its own process, ${o.connections} connections, ${o.seconds} s each; cached pages and bare servers in turn, median of ${o.rounds} rounds; \`${http.serverCommand}\` (npm start's) in a child process${o.serverHeapMb !== null ? ` with QUIRE_HEAP_MB=${o.serverHeapMb}` : ''}, LOG_LEVEL=${http.logLevel}; response bodies ${o.loadBody === 'count' ? 'counted, not decoded' : "decoded (autocannon's own way)"}; ${http.cpus ? `servers on core ${http.cpus.server}, load generator on core ${http.cpus.load}` : 'not pinned to cores'}), requests/s:`,
  );
  console.log(
    `  hello world (node:http)  ${fmt(http.helloWorldRps).padStart(8)}   rounds ${http.hello.rounds.map(fmt).join(' / ')}`,
  );
  console.log(
    `  node:http, same bytes    ${fmt(http.sameBytes.rps).padStart(8)}   rounds ${http.sameBytes.rounds.map(fmt).join(' / ')}   (a bare server sending the ${fmt(http.sameBytes.bytes)} bytes of the work page)`,
  );
  const distinct = new Set(DISTINCT_PAGES.flatMap(([, g, m]) => (g ? [g, m] : [m])));
  for (const [name, f] of Object.entries(http.app))
    if (!distinct.has(name.replace(/@.*/, '')))
      console.log(
        `  ${name.padEnd(24)} ${fmt(f.rps).padStart(8)}   p50 ${f.latencyP50Ms} ms  p99 ${f.latencyP99Ms} ms   ${'rounds' in f ? `rounds ${f.rounds.map(fmt).join(' / ')}   ` : ''}${f.path}`,
      );
  console.log(
    `  (pages as a browser asks for them, Accept-Encoding: ${BROWSER_HEADERS['accept-encoding']}; …Plain: without it, the bytes as rendered)`,
  );
  console.log(
    `  work page / hello world, round by round: ${http.workPageRatios.map((r) => `${Math.round(r * 100)} %`).join(' / ')}; plain: ${http.plainWorkPageRatios.map((r) => `${Math.round(r * 100)} %`).join(' / ')}`,
  );
  const m = o.member;
  console.log(
    `  A different page each request, as a guest and as ${m.username} (${m.blockedTags} blocked tags and patterns, ${m.mutedCreators} muted creators, hiding ${Math.round(m.worksHidden * 100)} % of works), req/s and p50 / p99 ms:`,
  );
  const cell = (f: LoadFigures | undefined) =>
    f ? `${fmt(f.rps).padStart(8)}  ${`${fmt(f.latencyP50Ms)} / ${fmt(f.latencyP99Ms)}`.padEnd(16)}` : ''.padEnd(26);
  console.log(`  ${''.padEnd(24)} ${'guest'.padStart(8)}  ${''.padEnd(16)} ${'member'.padStart(8)}`);
  for (const [key, g, mt] of DISTINCT_PAGES)
    console.log(`  ${key.padEnd(24)} ${cell(g ? http.app[g] : undefined)} ${cell(http.app[mt])}`.trimEnd());
  for (const [name, f] of Object.entries(http.app))
    if (name.includes('@') && distinct.has(name.replace(/@.*/, '')))
      console.log(`  ${name.padEnd(24)} ${cell(f)}`.trimEnd());
  console.log(
    `  server RSS after the run: ${http.rssMb} MB (peak ${http.peakRssMb} MB); first page in ${http.serverReadyMs} ms; filter index: ${http.serverIndex}`,
  );
  console.log(
    `\nWhere a distinct page's time goes (Server-Timing, QUIRE_SERVER_TIMING=1, one request at a time), mean / p50 ms:`,
  );
  for (const [name, stages] of Object.entries(http.breakdown))
    console.log(
      `  ${name.padEnd(24)} ${
        stages
          ? Object.entries(stages)
              .map(([n, s]) => `${n} ${ms2(s.meanMs)} / ${ms2(s.p50Ms)}`)
              .join(' · ')
          : 'no Server-Timing header'
      }`,
    );
}

/** The cluster suite's table: database time per page view on the primary and the replica, node starts, stale reads. */
export function printCluster(c: ClusterFigures, o: { seconds: number; connections: number }): void {
  console.log(
    `\nCluster (${c.nodes} nodes on a private PostgreSQL primary and streaming replica; ${fmt(c.corpus.works)} works copied from ${c.corpus.schema}; ${o.connections} connections, ${o.seconds} s per page type and node; ${c.method}):`,
  );
  console.log(
    `  node chores (idle, both nodes): primary ${c.idle.primaryCallsPerSec} statements / ${c.idle.primaryMsPerSec} ms a second; replica ${c.idle.replicaCallsPerSec} / ${c.idle.replicaMsPerSec} ms a second`,
  );
  const cols: Array<[string, number]> = [
    ['page', 16],
    ['node', 18],
    ['pages', 7],
    ['req/s', 7],
    ['primary q/page', 15],
    ['primary ms/page (raw)', 22],
    ['replica q/page', 15],
    ['replica ms/page', 16],
    ['pages/primary core s', 21],
  ];
  const row = (cells: string[]) =>
    `  ${cells.map((x, i) => (i < 2 ? x.padEnd(cols[i]![1]) : x.padStart(cols[i]![1]))).join(' ')}`;
  console.log(row(cols.map(([h]) => h)));
  for (const [page, costs] of Object.entries(c.pages))
    for (const p of costs)
      console.log(
        row([
          page,
          `${p.node} (${p.node === 'a' ? 'primary only' : '+ replica'})`,
          fmt(p.pageViews),
          fmt(p.rps),
          String(p.primaryQueriesPerPage),
          `${p.primaryMsPerPage} (${p.primary.rawMsPerPage})`,
          String(p.replicaQueriesPerPage),
          String(p.replicaMsPerPage),
          fmt(p.projectedPageViewsPerPrimaryCore),
        ]),
      );
  const s = c.nodeStartMs;
  console.log(
    `  node start (spawn to /readyz 200): from scratch ${fmt(s.fromScratch)} ms, from a snapshot ${s.fromSnapshot === null ? `— (${s.note})` : `${fmt(s.fromSnapshot)} ms`}; per node, scratch / snapshot: ${Object.entries(
      s.perNode,
    )
      .map(([n, x]) => `${n} ${fmt(x.fromScratchMs)} / ${fmt(x.fromSnapshotMs)}`)
      .join(', ')}`,
  );
  for (const [mode, r] of Object.entries(c.staleReads))
    console.log(
      `  stale reads, ${mode === 'replaying' ? 'replica replaying' : 'replay paused'}: max ${r.maxMs} ms over ${r.repeats} repeats; ${r.staleResponses} of ${r.bResponsesAfterA} answers after the restriction showed the text (${r.inFlightFullText} more were in flight); ${fmt(r.replicaQueries)} statements on the replica meanwhile`,
    );
  console.log(
    `  targets: primary ≤ ${c.targets.primaryMsPerPage} ms a page view; start from a snapshot ≤ ${fmt(c.targets.nodeStartFromSnapshotMs)} ms; stale reads ${c.targets.staleReadsMs} ms`,
  );
}
