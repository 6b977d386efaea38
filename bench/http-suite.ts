/**
 * The HTTP suite: autocannon (in a child process, bench/load-child.ts) against servers in child
 * processes, so load generator and server each get a core of the two. The real app is started as
 * `npm start` starts it on the corpus database; beside it, a bare node:http hello-world server (the
 * ceiling) and one sending the work page's bytes. The app's cached pages (a work page, a filtered
 * listing, a tag page) and the bare servers are loaded in turn, round after round; then pages that
 * differ on every request, for a guest and then for one signed-in member. Reports requests/s and the
 * server's RSS after the run. Last, a server started with QUIRE_SERVER_TIMING=1 answers a few
 * hundred of each distinct target's pages one at a time: where its time goes, stage by stage.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_ROOT } from './corpus-db.js';
import type { LoadBody, LoadRequest, LoadResult } from './load-child.js';
import { percentile, round } from './timing.js';

export interface Target {
  name: string;
  path: string;
  /** When given, each request takes the next of these paths in turn (distinct pages, so no page cache helps). */
  paths?: string[];
  /** Request headers (BROWSER_HEADERS, or none for the plain bytes). */
  headers?: Record<string, string>;
}

/**
 * What every browser sends and the load sends by default: the archive then answers with gzipped
 * pages, as it does for readers. Each cached page is also loaded without it (`…Plain`), the bytes
 * as rendered (result files from before 2026-11-26 15:26 UTC measured only these).
 */
export const BROWSER_HEADERS: Readonly<Record<string, string>> = { 'accept-encoding': 'gzip, deflate, br, zstd' };

export interface LoadFigures {
  path: string;
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
}

export interface Child {
  url: string;
  pid: number;
  /** Resolves with the first stdout line matching `pattern` (lines seen before the call count too). */
  waitForLine: (pattern: RegExp, timeoutMs: number) => Promise<string | undefined>;
  /** Skips the log written so far: what the load writes is never read. */
  settle: () => void;
  stop: () => Promise<void>;
}

/** Which core the servers run on and which the load generator does (`taskset -c`), or none. */
export interface CpuPlan {
  server: string;
  load: string;
}

/**
 * The servers on one core and the load generator on another, where there are two and taskset.
 * Why: on two cores shared by a load generator and a server, where the scheduler puts them (and
 * the server's collector and thread-pool threads) decided the figures: rounds of the same page on
 * the same build differed by half. Pinned, each has a core of its own, as a server has when its
 * clients are elsewhere; hello world and the same-bytes server are pinned the same way.
 */
export function cpuPlan(wanted: boolean): CpuPlan | undefined {
  if (!wanted || os.cpus().length < 2) return undefined;
  if (spawnSync('taskset', ['-c', '0', 'true']).status !== 0) return undefined;
  return { server: '0', load: '1' };
}

// taskset execs the command, so the child's pid stays the measured process's.
function onCpu(cpu: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpu === undefined ? [command, args] : ['taskset', ['-c', cpu, command, ...args]];
}

/**
 * Spawns a server and waits for the line that gives its URL. Its stdout (the request log) goes to a
 * file, as a server's log would, not to a pipe this process reads: under load the pipe carried a
 * line per request, and reading it took CPU time the load generator needs, while
 * a full pipe made the server buffer its log in memory.
 */
export function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  urlPattern: RegExp,
  command: string = process.execPath,
  cpu?: string,
): Promise<Child> {
  const logFile = path.join(os.tmpdir(), `quire-bench-server-${process.pid}-${Date.now()}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(...onCpu(cpu, command, args), {
    cwd: BENCH_ROOT,
    env,
    stdio: ['ignore', fd, 'inherit'],
  });
  fs.closeSync(fd);
  // Lines that are not request logs, read from the file while someone waits for one.
  const kept: string[] = [];
  let offset = 0;
  let partial = '';
  const readNew = () => {
    const size = fs.statSync(logFile).size;
    if (size <= offset) return;
    const buf = Buffer.alloc(size - offset);
    const f = fs.openSync(logFile, 'r');
    try {
      fs.readSync(f, buf, 0, buf.length, offset);
    } finally {
      fs.closeSync(f);
    }
    offset = size;
    const lines = (partial + buf.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (!line.includes('"msg":"request"')) kept.push(line);
  };
  const waitForLine = async (pattern: RegExp, timeoutMs: number): Promise<string | undefined> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      readNew();
      const seen = kept.find((l) => pattern.test(l));
      if (seen !== undefined || Date.now() > until || child.exitCode !== null) return seen;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server ${args.join(' ')} exited with ${code} before listening`)));
    void waitForLine(urlPattern, 600_000).then((line) => {
      const m = line ? urlPattern.exec(line) : null;
      if (!m) return;
      resolve({
        url: m[1]!,
        pid: child.pid!,
        waitForLine,
        // The log is skipped up to here: what the load writes is never read.
        settle: () => {
          offset = fs.statSync(logFile).size;
          partial = '';
        },
        stop: () =>
          new Promise<void>((done) => {
            const finish = () => {
              fs.rmSync(logFile, { force: true });
              done();
            };
            if (child.exitCode !== null || child.signalCode !== null) return finish();
            child.once('exit', finish);
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * The command `npm start` ends with (package.json), after running its build step here: the bench
 * measures the server with the same code, flags and heap limit a self-hoster starts. Run by sh with
 * `exec`, so the measured pid is node's.
 */
export function startServerCommand(): string {
  const start = (
    JSON.parse(fs.readFileSync(path.join(BENCH_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
  ).scripts.start;
  const steps = start.split('&&').map((x) => x.trim());
  for (const step of steps.slice(0, -1)) {
    const r = spawnSync('/bin/sh', ['-c', step], { cwd: BENCH_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`\`${step}\` (from npm start) failed`);
  }
  return steps[steps.length - 1]!;
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

/** Requests `url` n times; anything but a 200 (a redirect to the log-in page, say) is an error. */
export async function warmUp(url: string, n: number, headers?: Record<string, string>): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, { redirect: 'manual', ...(headers ? { headers } : {}) });
    await res.arrayBuffer();
    if (res.status !== 200)
      throw new Error(
        `GET ${url} → ${res.status}${res.headers.has('location') ? ` ${res.headers.get('location')}` : ''}`,
      );
  }
}

/**
 * One load run, in a process of its own (bench/load-child.ts says why); `more` adds to the request
 * (whole requests taken in turn, a steady rate).
 */
export async function load(
  base: string,
  t: Target,
  seconds: number,
  connections: number,
  body: LoadBody,
  cpu?: string,
  more: Pick<LoadRequest, 'requests' | 'overallRate' | 'warmUpSeconds'> = {},
  /** Called when the load generator has started and its load begins. */
  onStart?: () => void,
): Promise<LoadFigures & Pick<LoadResult, 'statusCodes' | 'sent'>> {
  const request: LoadRequest = {
    base,
    path: t.path,
    connections,
    seconds,
    body,
    ...(t.paths ? { paths: t.paths } : {}),
    ...(t.headers ? { headers: { ...t.headers } } : {}),
    ...more,
  };
  const file = path.join(os.tmpdir(), `quire-bench-load-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(request));
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(...onCpu(cpu, process.execPath, ['--import', 'tsx', 'bench/load-child.ts', file]), {
        cwd: BENCH_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      let started = false;
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        text += d;
        if (!started && text.includes('started\n')) {
          started = true;
          onStart?.();
        }
      });
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`the load generator exited with ${code}`)),
      );
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
    return { path: t.path, ...r, rps: round(r.rps, 1) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export interface HttpOptions {
  seconds: number;
  connections: number;
  /** What the load generator does with response bodies (bench/load-child.ts, countBodiesOnly). */
  loadBody: LoadBody;
  /** How many times the cached pages and both bare servers are loaded in turn (see runHttpSuite). */
  rounds: number;
  /** `quire serve` arguments and environment that point it at the corpus. */
  serve: { args: string[]; env: Record<string, string> };
  /** Extra environment for the served app (QUIRE_HEAP_MB: its heap limit, as `npm start` reads it). */
  serverEnv: Record<string, string>;
  targets: Target[];
  /**
   * Distinct pages as one signed-in member reads them (their session cookie in the headers), loaded
   * after the guest's; every response must be a 200.
   */
  memberTargets: Target[];
  /** Cores for the servers and the load generator (cpuPlan), or undefined to leave it to the scheduler. */
  cpus: CpuPlan | undefined;
  /** Whether to wait for the server's filter-index line (false when the index is turned off). */
  indexWait: boolean;
  indexTimeoutMs: number;
  /**
   * Other builds of the app to compare, each its own server with extra environment (`--http-variants`):
   * in every round each variant's cached pages are loaded right after the app's, in the same turn,
   * as `name@variant`. For weighing a change against the simpler code it replaces, same run, alternating.
   */
  variants?: Array<{ name: string; env: Record<string, string> }>;
  log: (line: string) => void;
}

function summarizeIndexLine(line: string): string {
  try {
    const j = JSON.parse(line) as { msg?: string; ms?: number; estimatedBytes?: number };
    return [
      j.msg,
      j.ms !== undefined ? `${j.ms} ms` : '',
      j.estimatedBytes !== undefined ? `~${Math.round(j.estimatedBytes / 1048576)} MB` : '',
    ]
      .filter(Boolean)
      .join(', ');
  } catch {
    return line.slice(0, 200);
  }
}

/** A target's figures: the median round's, and every round's requests/s. */
export type RoundFigures = LoadFigures & { rounds: number[] };

export interface HttpFigures {
  helloWorldRps: number;
  /** What the server logged about its in-memory filter index before the load began (none: it logged nothing in time). */
  serverIndex: string;
  /** Per target name: requests/s and latencies. */
  app: Record<string, LoadFigures | RoundFigures>;
  hello: RoundFigures;
  /** The bare server sending the first target's page (its bytes): the ceiling for a page of that size. */
  sameBytes: RoundFigures & { bytes: number };
  /** Each round's work-page requests/s over hello world's in the same round (as a browser asks, and plain). */
  workPageRatios: number[];
  plainWorkPageRatios: number[];
  /** From spawn to the first 200 on the first target (includes opening the corpus and any index build). */
  serverReadyMs: number;
  rssMb: number;
  peakRssMb: number;
  logLevel: string;
  /** The server's command line, from package.json's start script. */
  serverCommand: string;
  /** Cores the servers and the load generator were pinned to (null: not pinned). */
  cpus: CpuPlan | null;
  /** Per distinct target, guest and member: its pages' Server-Timing stages (null: the server sent none). */
  breakdown: Record<string, StageTimes | null>;
}

// The CLI's default: every request is logged (to a file, see startChild).
export const LOG_LEVEL = 'info';
export const INDEX_LINE = /filter index (ready|not built|build failed)/;

/** The served app's environment: the corpus, the extra settings, every request logged, on loopback. */
export function serverEnvironment(o: Pick<HttpOptions, 'serve' | 'serverEnv'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.serve.env, ...o.serverEnv, LOG_LEVEL, HOST: '127.0.0.1' };
  if (!o.serve.env.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}

/** The app on the corpus, started with `npm start`'s command (startServerCommand) and this environment, on the server core. */
export function startApp(
  serverCommand: string,
  o: Pick<HttpOptions, 'serve' | 'cpus'>,
  env: NodeJS.ProcessEnv,
): Promise<Child> {
  return startChild(
    ['-c', `exec ${serverCommand} "$@"`, 'quire', '--port', '0', ...o.serve.args],
    env,
    /running at (http:\/\/\S+)/,
    '/bin/sh',
    o.cpus?.server,
  );
}

/** The round with the median requests/s, with every round's figure. */
export function median(runs: LoadFigures[]): RoundFigures {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, rounds: runs.map((r) => r.rps) };
}

/**
 * Loads hello world, the same-bytes server and the app's cached pages in turn, `rounds` times, and
 * reports each one's median round; then each page that changes on every request, once. In turn,
 * because this shared machine's speed drifts by half or more from one minute to the next: measured
 * a minute apart, as they were, hello world and the work page could land on either side of a drift.
 * The bare servers idle while the app is loaded, and the app while they are.
 */
export async function runHttpSuite(o: HttpOptions): Promise<HttpFigures> {
  const figures = await loadRuns(o);
  const distinct = [
    ...o.targets.filter((t) => t.paths).map((t) => ({ ...t, headers: BROWSER_HEADERS })),
    ...o.memberTargets,
  ];
  return { ...figures, breakdown: await breakdownPass(o, figures.serverCommand, distinct) };
}

async function loadRuns(o: HttpOptions): Promise<Omit<HttpFigures, 'breakdown'>> {
  const env = serverEnvironment(o);
  const started = performance.now();
  const serverCommand = startServerCommand();
  const app = await startApp(serverCommand, o, env);
  const bare: Child[] = [];
  const variants: Array<{ name: string; server: Child }> = [];
  const file = path.join(os.tmpdir(), `quire-bench-page-${process.pid}.html`);
  try {
    await warmUp(app.url + o.targets[0]!.path, 1);
    const serverReadyMs = Math.round(performance.now() - started);
    // Listings use SQL until the server's filter index is built: measure the app as it runs once it has.
    const indexLine = !o.indexWait ? undefined : await app.waitForLine(INDEX_LINE, o.indexTimeoutMs);
    const serverIndex = indexLine ? summarizeIndexLine(indexLine) : 'none';
    o.log(`[http] server ready in ${serverReadyMs} ms; filter index: ${serverIndex}`);
    app.settle();
    // The first target's page as the app sends it, for the same-bytes ceiling.
    const page = Buffer.from(await (await fetch(app.url + o.targets[0]!.path)).arrayBuffer());
    fs.writeFileSync(file, page);
    const hello = await startBare(process.env, o.cpus?.server);
    bare.push(hello);
    const same = await startBare({ ...process.env, HELLO_BODY_FILE: file }, o.cpus?.server);
    bare.push(same);
    for (const v of o.variants ?? []) {
      const server = await startApp(serverCommand, o, { ...env, ...v.env });
      variants.push({ name: v.name, server });
      if (o.indexWait) await server.waitForLine(INDEX_LINE, o.indexTimeoutMs);
      server.settle();
    }
    // Each cached page as a browser asks for it (gzipped), then as rendered (no Accept-Encoding).
    const cached = o.targets
      .filter((t) => !t.paths)
      .flatMap((t) => [
        { ...t, headers: BROWSER_HEADERS },
        { ...t, name: `${t.name}Plain`, headers: undefined },
      ]);
    for (const t of cached) await warmUp(app.url + t.path, 20);
    for (const v of variants) for (const t of cached) await warmUp(v.server.url + t.path, 20);
    const run = (base: string, t: Target) => load(base, t, o.seconds, o.connections, o.loadBody, o.cpus?.load);
    const runs = new Map<string, LoadFigures[]>();
    const add = (name: string, f: LoadFigures) => (runs.get(name) ?? runs.set(name, []).get(name)!).push(f);
    for (let r = 1; r <= o.rounds; r++) {
      const h = await run(hello.url, { name: 'hello', path: '/', headers: BROWSER_HEADERS });
      add('hello', h);
      const sb = await run(same.url, { name: 'sameBytes', path: '/' });
      add('sameBytes', sb);
      const line = [`hello ${h.rps}`, `same ${page.length} bytes ${sb.rps}`];
      // With variants, which of them goes first turns round by round.
      const order = [{ name: '', server: app }, ...variants];
      const turned = [...order.slice((r - 1) % order.length), ...order.slice(0, (r - 1) % order.length)];
      for (const t of cached)
        for (const v of turned) {
          const name = v.name ? `${t.name}@${v.name}` : t.name;
          const f = await run(v.server.url, t);
          add(name, f);
          line.push(`${name} ${f.rps}${f.non2xx || f.errors ? ` (${f.non2xx} non-2xx, ${f.errors} errors)` : ''}`);
        }
      o.log(`[http] round ${r}/${o.rounds}, req/s: ${line.join(', ')}`);
    }
    const figures: Record<string, LoadFigures | RoundFigures> = {};
    for (const name of runs.keys())
      if (name !== 'hello' && name !== 'sameBytes') figures[name] = median(runs.get(name)!);
    for (const t of o.targets.filter((x) => x.paths).map((x) => ({ ...x, headers: BROWSER_HEADERS })))
      for (const v of [{ name: '', server: app }, ...variants]) {
        const name = v.name ? `${t.name}@${v.name}` : t.name;
        await warmUp(v.server.url + t.path, 20);
        const f = (figures[name] = await run(v.server.url, t));
        o.log(
          `[http] ${name} ${t.paths!.length} distinct paths like ${t.path}: ${f.rps} req/s, p50 ${f.latencyP50Ms} ms, p99 ${f.latencyP99Ms} ms${f.non2xx || f.errors ? `, ${f.non2xx} non-2xx, ${f.errors} errors` : ''}`,
        );
      }
    // The member's pages the same way, each checked first: a redirect to the log-in page means the cookie was refused.
    for (const t of o.memberTargets)
      for (const v of [{ name: '', server: app }, ...variants]) {
        const name = v.name ? `${t.name}@${v.name}` : t.name;
        await warmUp(v.server.url + t.path, 20, t.headers);
        const f = (figures[name] = await run(v.server.url, t));
        o.log(
          `[http] ${name} ${t.paths?.length ?? 1} paths like ${t.path}, signed in: ${f.rps} req/s, p50 ${f.latencyP50Ms} ms, p99 ${f.latencyP99Ms} ms`,
        );
        if (f.non2xx || f.errors)
          throw new Error(
            `${name}: ${f.non2xx} responses other than 2xx (${JSON.stringify(f.statusCodes)}) and ${f.errors} errors; a member's pages must all answer 200`,
          );
      }
    const rss = { rssMb: rssMb(app.pid), peakRssMb: rssMb(app.pid, 'VmHWM') };
    const helloRuns = runs.get('hello')!;
    const ratios = (name: string) => runs.get(name)!.map((w, i) => round(w.rps / helloRuns[i]!.rps, 3));
    const helloFigures = median(helloRuns);
    return {
      helloWorldRps: helloFigures.rps,
      serverIndex,
      app: figures,
      hello: helloFigures,
      sameBytes: { ...median(runs.get('sameBytes')!), bytes: page.length },
      workPageRatios: ratios(cached[0]!.name),
      plainWorkPageRatios: ratios(cached[1]!.name),
      serverReadyMs,
      ...rss,
      logLevel: LOG_LEVEL,
      serverCommand,
      cpus: o.cpus ?? null,
    };
  } finally {
    for (const b of bare) await b.stop();
    for (const v of variants) await v.server.stop();
    await app.stop();
    fs.rmSync(file, { force: true });
  }
}

/** Starts the bare server (bench/hello-server.ts) with `env` (HELLO_BODY_FILE: the bytes it sends). */
export async function startBare(env: NodeJS.ProcessEnv, cpu: string | undefined): Promise<Child> {
  const server = await startChild(
    ['--import', 'tsx', 'bench/hello-server.ts'],
    env,
    /listening on (http:\/\/\S+)/,
    process.execPath,
    cpu,
  );
  await warmUp(server.url + '/', 50);
  return server;
}

/** A page's Server-Timing stages: each stage's mean and median over the requests (0 where a response lacked it). */
export type StageTimes = Record<string, { meanMs: number; p50Ms: number }>;

/** Requests of each distinct target in the breakdown pass (after a tenth as many untimed). */
const BREAKDOWN_REQUESTS = 200;

/** `query;dur=1.2, render;desc="x";dur=3` → each name's duration in ms (a name given twice, summed). */
export function parseServerTiming(header: string | null): Map<string, number> | undefined {
  if (!header) return undefined;
  const out = new Map<string, number>();
  for (const entry of header.split(',')) {
    const [name, ...params] = entry.split(';').map((x) => x.trim());
    const dur = params.find((x) => /^dur=/i.test(x));
    const ms = dur === undefined ? Number.NaN : Number(dur.slice(4).replace(/^"|"$/g, ''));
    if (name && Number.isFinite(ms)) out.set(name, (out.get(name) ?? 0) + ms);
  }
  return out.size > 0 ? out : undefined;
}

/** Each stage's mean and median over `samples` (responses), a stage a response lacks counting 0 there. */
export function stageTimes(samples: Array<Map<string, number>>): StageTimes | null {
  if (samples.length === 0) return null;
  const names = [...new Set(samples.flatMap((m) => [...m.keys()]))];
  return Object.fromEntries(
    names.map((n) => {
      const xs = samples.map((m) => m.get(n) ?? 0);
      return [n, { meanMs: round(xs.reduce((a, b) => a + b, 0) / xs.length, 3), p50Ms: round(percentile(xs, 0.5), 3) }];
    }),
  );
}

/**
 * The breakdown: the app started once more with QUIRE_SERVER_TIMING=1, and each target's first
 * BREAKDOWN_REQUESTS pages requested one after another (no load beside them), with the target's
 * headers. Apart from the load runs, so that timing the stages cannot cost them anything. A
 * target whose responses carry no Server-Timing header gets null; a member page that is not a 200
 * is an error, as in the load.
 */
async function breakdownPass(
  o: HttpOptions,
  serverCommand: string,
  targets: Target[],
): Promise<Record<string, StageTimes | null>> {
  const app = await startApp(serverCommand, o, { ...serverEnvironment(o), QUIRE_SERVER_TIMING: '1' });
  const out: Record<string, StageTimes | null> = {};
  try {
    await warmUp(app.url + targets[0]!.path, 1, targets[0]!.headers);
    if (o.indexWait) await app.waitForLine(INDEX_LINE, o.indexTimeoutMs);
    app.settle();
    for (const t of targets) {
      const paths = t.paths ?? [t.path];
      const member = o.memberTargets.includes(t);
      const others = new Map<number, number>();
      let bare = 0;
      const get = async (p: string) => {
        const res = await fetch(app.url + p, { redirect: 'manual', ...(t.headers ? { headers: t.headers } : {}) });
        await res.arrayBuffer();
        if (res.status !== 200 && member) throw new Error(`${t.name}: GET ${p} → ${res.status} in the breakdown pass`);
        if (res.status !== 200) others.set(res.status, (others.get(res.status) ?? 0) + 1);
        const stages = res.status === 200 ? parseServerTiming(res.headers.get('server-timing')) : undefined;
        if (res.status === 200 && !stages) bare++;
        return stages;
      };
      // Untimed first: pages the timed requests do not ask for again.
      for (let i = 0; i < BREAKDOWN_REQUESTS / 10; i++) await get(paths[(BREAKDOWN_REQUESTS + i) % paths.length]!);
      others.clear();
      bare = 0;
      const samples: Array<Map<string, number>> = [];
      for (let i = 0; i < BREAKDOWN_REQUESTS; i++) {
        const stages = await get(paths[i % paths.length]!);
        if (stages) samples.push(stages);
      }
      out[t.name] = stageTimes(samples);
      const line = out[t.name]
        ? Object.entries(out[t.name]!)
            .map(([n, s]) => `${n} ${s.meanMs}/${s.p50Ms}`)
            .join(', ')
        : 'no Server-Timing header';
      const missed = [
        ...[...others].map(([status, n]) => `${n} answered ${status}`),
        ...(bare ? [`${bare} without the header`] : []),
      ];
      o.log(
        `[http] breakdown ${t.name} (${samples.length} of ${BREAKDOWN_REQUESTS} requests${missed.length ? `; ${missed.join(', ')}` : ''}), mean/p50 ms: ${line}`,
      );
    }
  } finally {
    await app.stop();
  }
  return out;
}
