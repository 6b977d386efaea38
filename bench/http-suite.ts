/**
 * The HTTP suite: autocannon (in a child process, bench/load-child.ts) against servers in child
 * processes, so load generator and server each get a core of the two. First a bare node:http hello-world server as the
 * ceiling, then the real app started as `npm start` starts it on the corpus database:
 * a work page, a filtered listing and a tag page. Reports requests/s and the server's RSS after the run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_ROOT } from './corpus-db.js';
import type { LoadRequest } from './load-child.js';
import { round } from './timing.js';

export interface Target {
  name: string;
  path: string;
  /** When given, each request takes the next of these paths in turn (distinct pages, so no page cache helps). */
  paths?: string[];
}

export interface LoadFigures {
  path: string;
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
}

interface Child {
  url: string;
  pid: number;
  /** Resolves with the first stdout line matching `pattern` (lines seen before the call count too). */
  waitForLine: (pattern: RegExp, timeoutMs: number) => Promise<string | undefined>;
  /** Skips the log written so far: what the load writes is never read. */
  settle: () => void;
  stop: () => Promise<void>;
}

/**
 * Spawns a server and waits for the line that gives its URL. Its stdout (the request log) goes to a
 * file, as a server's log would, not to a pipe this process reads: under load the pipe carried a
 * line per request, and reading it took CPU time the load generator needs, while
 * a full pipe made the server buffer its log in memory.
 */
function startChild(args: string[], env: NodeJS.ProcessEnv, urlPattern: RegExp, command: string = process.execPath): Promise<Child> {
  const logFile = path.join(os.tmpdir(), `quire-bench-server-${process.pid}-${Date.now()}.log`);
  const fd = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(command, args, { cwd: BENCH_ROOT, env, stdio: ['ignore', fd, 'inherit'] });
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
function startServerCommand(): string {
  const start = (JSON.parse(fs.readFileSync(path.join(BENCH_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
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

async function warmUp(url: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
  }
}

/** One load run, in a process of its own (bench/load-child.ts says why). */
async function load(base: string, t: Target, seconds: number, connections: number): Promise<LoadFigures> {
  const request: LoadRequest = { base, path: t.path, connections, seconds, ...(t.paths ? { paths: t.paths } : {}) };
  const file = path.join(os.tmpdir(), `quire-bench-load-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(request));
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-child.ts', file], { cwd: BENCH_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`the load generator exited with ${code}`))));
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Omit<LoadFigures, 'path'>;
    return { path: t.path, ...r, rps: round(r.rps, 1) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export interface HttpOptions {
  seconds: number;
  connections: number;
  /** `quire serve` arguments and environment that point it at the corpus. */
  serve: { args: string[]; env: Record<string, string> };
  /** Extra environment for the served app (QUIRE_HEAP_MB: its heap limit, as `npm start` reads it). */
  serverEnv: Record<string, string>;
  targets: Target[];
  /** Whether to wait for the server's filter-index line (false when the index is turned off). */
  indexWait: boolean;
  indexTimeoutMs: number;
  log: (line: string) => void;
}

function summarizeIndexLine(line: string): string {
  try {
    const j = JSON.parse(line) as { msg?: string; ms?: number; estimatedBytes?: number };
    return [j.msg, j.ms !== undefined ? `${j.ms} ms` : '', j.estimatedBytes !== undefined ? `~${Math.round(j.estimatedBytes / 1048576)} MB` : ''].filter(Boolean).join(', ');
  } catch {
    return line.slice(0, 200);
  }
}

export interface HttpFigures {
  helloWorldRps: number;
  /** What the server logged about its in-memory filter index before the load began (none: it logged nothing in time). */
  serverIndex: string;
  /** Per target name: requests/s and latencies. */
  app: Record<string, LoadFigures>;
  hello: LoadFigures;
  /** The bare server sending the first target's page (its bytes): the ceiling for a page of that size. */
  sameBytes: LoadFigures & { bytes: number };
  /** From spawn to the first 200 on the first target (includes opening the corpus and any index build). */
  serverReadyMs: number;
  rssMb: number;
  peakRssMb: number;
  logLevel: string;
  /** The server's command line, from package.json's start script. */
  serverCommand: string;
}

// The CLI's default: every request is logged (to a file, see startChild).
const LOG_LEVEL = 'info';
const INDEX_LINE = /filter index (ready|not built|build failed)/;

export async function runHttpSuite(o: HttpOptions): Promise<HttpFigures> {
  const helloFigures = await bareServer(o, process.env);
  o.log(`[http] hello world: ${helloFigures.rps} req/s`);

  const env: NodeJS.ProcessEnv = { ...process.env, ...o.serve.env, ...o.serverEnv, LOG_LEVEL, HOST: '127.0.0.1' };
  if (!o.serve.env.DATABASE_URL) delete env.DATABASE_URL;
  const started = performance.now();
  const serverCommand = startServerCommand();
  const app = await startChild(['-c', `exec ${serverCommand} "$@"`, 'quire', '--port', '0', ...o.serve.args], env, /running at (http:\/\/\S+)/, '/bin/sh');
  try {
    await warmUp(app.url + o.targets[0]!.path, 1);
    const serverReadyMs = Math.round(performance.now() - started);
    // Listings use SQL until the server's filter index is built: measure the app as it runs once it has.
    const indexLine = !o.indexWait ? undefined : await app.waitForLine(INDEX_LINE, o.indexTimeoutMs);
    const serverIndex = indexLine ? summarizeIndexLine(indexLine) : 'none';
    o.log(`[http] server ready in ${serverReadyMs} ms; filter index: ${serverIndex}`);
    app.settle();
    const figures: Record<string, LoadFigures> = {};
    for (const t of o.targets) {
      await warmUp(app.url + t.path, 20);
      figures[t.name] = await load(app.url, t, o.seconds, o.connections);
      const f = figures[t.name]!;
      o.log(`[http] ${t.name} ${t.paths ? `${t.paths.length} distinct paths like ${t.path}` : t.path}: ${f.rps} req/s, p50 ${f.latencyP50Ms} ms, p99 ${f.latencyP99Ms} ms${f.non2xx || f.errors ? `, ${f.non2xx} non-2xx, ${f.errors} errors` : ''}`);
    }
    const rss = { rssMb: rssMb(app.pid), peakRssMb: rssMb(app.pid, 'VmHWM') };
    // The first target's page as the app sends it, for the same-bytes ceiling below.
    const page = Buffer.from(await (await fetch(app.url + o.targets[0]!.path)).arrayBuffer());
    await app.stop();
    const sameBytes = await sameBytesCeiling(page, o);
    return { helloWorldRps: helloFigures.rps, serverIndex, app: figures, hello: helloFigures, sameBytes, serverReadyMs, ...rss, logLevel: LOG_LEVEL, serverCommand };
  } finally {
    await app.stop();
  }
}

/** Loads the bare server (bench/hello-server.ts) started with `env`, as the app's targets are loaded. */
async function bareServer(o: HttpOptions, env: NodeJS.ProcessEnv): Promise<LoadFigures> {
  const server = await startChild(['--import', 'tsx', 'bench/hello-server.ts'], env, /listening on (http:\/\/\S+)/);
  try {
    await warmUp(server.url + '/', 50);
    return await load(server.url, { name: 'bare', path: '/' }, o.seconds, o.connections);
  } finally {
    await server.stop();
  }
}

/** The bare server answering with the bytes of one of the app's pages: the ceiling for that page's size. */
async function sameBytesCeiling(page: Buffer, o: HttpOptions): Promise<LoadFigures & { bytes: number }> {
  const file = path.join(os.tmpdir(), `quire-bench-page-${process.pid}.html`);
  fs.writeFileSync(file, page);
  try {
    const f = await bareServer(o, { ...process.env, HELLO_BODY_FILE: file });
    o.log(`[http] bare node:http sending the same ${page.length} bytes as ${o.targets[0]!.path}: ${f.rps} req/s`);
    return { ...f, bytes: page.length };
  } finally {
    fs.rmSync(file, { force: true });
  }
}
