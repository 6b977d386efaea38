/**
 * What the cluster suite (bench/cluster-suite.ts) stands on: a benchmark corpus copied into a
 * private PostgreSQL primary and its streaming replica (test/pg-cluster-pair.ts), `quire serve`
 * nodes on them, each timed from spawn to its first 200 on /readyz, from scratch and from the filter
 * index's snapshot, the servers' pg_stat_statements, and the stale-read test across two nodes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/store/schema.js';
import type { AppEnv } from '../src/web/context.js';
import { buildUser } from '../test/factories.js';
import { Client } from '../test/http.js';
import { migrateToLatest, openDatabase, type Database } from '../src/store/db.js';
import { withClient, type ClusterPair } from '../test/pg-cluster-pair.js';
import { progressBars } from './cli-options.js';
import {
  ensureCorpus,
  fingerprint,
  pgCorpusUrl,
  pgSchemaName,
  readCorpusInfo,
  type CorpusId,
  type OpenedCorpus,
} from './corpus-db.js';
import type { CorpusSpec } from './corpus-spec.js';
import { serverEnvironment, startApp, type Child, type CpuPlan } from './http-suite.js';

/** A connection string with the corpus's schema first on the search path (replicas too). */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** How the corpus came into the pair's primary. */
export interface CorpusCopy {
  schema: string;
  /** `pg_dump -n SCHEMA | psql` from the shared benchmark database, or the bench's loader first when that had none. */
  source: string;
  /** Whether the shared server's corpus had to be built (or rebuilt) first. */
  builtOnSharedServer: boolean;
  copySeconds: number;
  /** Migrations the copy lacked, applied after it (the nodes find none pending). */
  migrationsApplied: string[];
  analyzeSeconds: number;
  /** From the end of ANALYZE until the replica had replayed everything. */
  replaySeconds: number;
}

/** The pair's primary and replica URLs on the corpus's schema, and the primary opened there. */
export interface PairCorpus {
  copy: CorpusCopy;
  primaryUrl: string;
  replicaUrl: string;
  /** The primary, for picking pages and making the stale-read test's member. */
  opened: OpenedCorpus;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/** The settings row a finished corpus carries, read without touching the shared schema otherwise. */
async function sharedCorpusFingerprint(schema: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: pgCorpusUrl() });
  try {
    await c.connect();
    const r = await c.query<{ value: string }>(`select value from ${schema}.settings where key = 'bench.corpus'`);
    return (JSON.parse(r.rows[0]?.value ?? '{}') as { fingerprint?: string }).fingerprint;
  } catch {
    return undefined; // no database, schema or settings table yet
  } finally {
    await c.end().catch(() => {});
  }
}

/** The environment for PostgreSQL's tools without PG* variables meant for another server. */
const toolEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));

/** `pg_dump -n schema source | psql target`, two processes joined by a pipe; rejects when either fails. */
function dumpInto(schema: string, source: string, target: string): Promise<void> {
  const dump = spawn('pg_dump', ['--no-owner', '--no-privileges', '-n', schema, source], {
    env: toolEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const restore = spawn('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-o', '/dev/null', target], {
    env: toolEnv(),
    stdio: [dump.stdout, 'ignore', 'inherit'],
  });
  const done = (p: ReturnType<typeof spawn>, name: string) =>
    new Promise<void>((resolve, reject) => {
      p.once('error', reject);
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}`))));
    });
  return Promise.all([done(dump, 'pg_dump'), done(restore, 'psql')]).then(() => undefined);
}

/** Polls the pair until its replica has replayed everything, for up to `timeoutMs` (a copy of gigabytes may take a while). */
export async function replayed(pair: ClusterPair, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await pair.waitForReplay();
    } catch (e) {
      if (Date.now() > until) throw e;
    }
  }
}

/**
 * Puts the corpus of `id` into the pair's primary: copied from the shared benchmark database, where
 * the PostgreSQL suites keep it (built there first by the bench's loader when it is missing or
 * stale). Copying takes minutes where loading takes many more. Then the pending migrations and
 * ANALYZE (a dump carries no planner statistics), and the replica's replay is waited for.
 */
export async function corpusIntoPair(
  pair: ClusterPair,
  id: CorpusId,
  spec: CorpusSpec,
  o: { rebuild: boolean; log: (line: string) => void },
): Promise<PairCorpus> {
  const schema = pgSchemaName(id);
  let built = false;
  if (o.rebuild || (await sharedCorpusFingerprint(schema)) !== fingerprint(spec)) {
    o.log(`[cluster] ${schema} is missing or stale on the shared server: loading it there first`);
    const bars = progressBars();
    const c = await ensureCorpus('postgres', id, spec, { rebuild: o.rebuild, onProgress: bars.onProgress });
    bars.stop();
    await c.database.close();
    built = true;
  }
  let started = performance.now();
  await dumpInto(schema, pgCorpusUrl(), pair.primaryUrl);
  const copySeconds = seconds(started);
  o.log(`[cluster] ${schema} copied into the primary in ${copySeconds} s`);
  const primaryUrl = withSchema(pair.primaryUrl, schema);
  const database: Database = openDatabase({ databaseUrl: pair.primaryUrl, pgSchema: schema });
  const migrationsApplied = await migrateToLatest(database.db);
  started = performance.now();
  await withClient(primaryUrl, (c) => c.query('analyze'));
  const analyzeSeconds = seconds(started);
  started = performance.now();
  await replayed(pair, 10 * 60_000);
  const replaySeconds = seconds(started);
  const info = await readCorpusInfo(database.db);
  if (!info) throw new Error(`the copy of ${schema} has no corpus settings row`);
  o.log(
    `[cluster] migrations applied: ${migrationsApplied.join(', ') || 'none'}; analyze ${analyzeSeconds} s; replica caught up ${replaySeconds} s later`,
  );
  return {
    copy: {
      schema,
      source: `pg_dump -n ${schema} of the shared quire_bench database, restored with psql`,
      builtOnSharedServer: built,
      copySeconds,
      migrationsApplied,
      analyzeSeconds,
      replaySeconds,
    },
    primaryUrl,
    replicaUrl: withSchema(pair.replicaUrl, schema),
    opened: { database, info, built: false },
  };
}

/** One `quire serve` process of the cluster, restartable, with a data folder of its own. */
export interface ClusterNode {
  name: string;
  /** What it reads from: `primary`, or `primary + replica`. */
  reads: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  child?: Child;
  url?: string;
}

export function makeNode(name: string, db: { primaryUrl: string; replicaUrl?: string }): ClusterNode {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `quire-cluster-${name}-`));
  const env = serverEnvironment({
    serve: { args: [], env: { DATABASE_URL: db.primaryUrl } },
    serverEnv: db.replicaUrl ? { DATABASE_REPLICA_URLS: db.replicaUrl } : {},
  });
  if (!db.replicaUrl) delete env.DATABASE_REPLICA_URLS;
  return { name, reads: db.replicaUrl ? 'primary + replica' : 'primary', dataDir, env };
}

export const snapshotFile = (node: ClusterNode): string => path.join(node.dataDir, 'filter-index.snapshot');

const READY_POLL_MS = 50;

/**
 * Spawns the node and resolves with the ms from spawn to its first 200 on /readyz. A refused
 * connection once it has listened means the process ended: that, and no 200 within `timeoutMs`, throw.
 */
export async function startNode(
  node: ClusterNode,
  serverCommand: string,
  cpus: CpuPlan | undefined,
  timeoutMs: number,
): Promise<number> {
  const started = performance.now();
  node.child = await startApp(serverCommand, { serve: { args: ['--data', node.dataDir], env: {} }, cpus }, node.env);
  node.url = node.child.url;
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const res = await fetch(`${node.url}/readyz`).catch((e: unknown) => {
      throw new Error(`node ${node.name} stopped answering while starting: ${String(e)}`);
    });
    last = await res.text();
    if (res.status === 200) break;
    if (Date.now() > until) throw new Error(`node ${node.name} not ready after ${timeoutMs} ms: ${last}`);
    await sleep(READY_POLL_MS);
  }
  const ms = Math.round(performance.now() - started);
  node.child.settle();
  return ms;
}

export async function stopNode(node: ClusterNode): Promise<void> {
  await node.child?.stop();
  node.child = undefined;
  node.url = undefined;
}

/** One node's start times; fromSnapshot is null when it wrote no snapshot (see `snapshot`). */
export interface NodeStart {
  fromScratchMs: number;
  fromSnapshotMs: number | null;
  /** Where the snapshot appeared: while it ran, when it was stopped, or not at all. */
  snapshot: 'written while running' | 'written at stop' | 'none';
  snapshotBytes: number | null;
  /** The second start when there was no snapshot: another start from scratch. */
  restartWithoutSnapshotMs: number | null;
}

const SNAPSHOT_WAIT_MS = 60_000;

/** Resolves true once `file` exists and its size has held for half a second, false after `ms`. */
async function fileSettled(file: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  let size = -1;
  while (Date.now() < until) {
    const now = fs.existsSync(file) ? fs.statSync(file).size : -1;
    if (now >= 0 && now === size) return true;
    size = now;
    await sleep(500);
  }
  return false;
}

/**
 * Starts the node without a snapshot, waits (at most a minute) for its filter index's snapshot,
 * stops it, and starts it again: from the snapshot when one was written, while running or at the
 * stop. Leaves the node running.
 */
export async function timeNodeStarts(
  node: ClusterNode,
  serverCommand: string,
  cpus: CpuPlan | undefined,
  log: (line: string) => void,
): Promise<NodeStart> {
  const timeoutMs = 20 * 60_000;
  fs.rmSync(snapshotFile(node), { force: true });
  const fromScratchMs = await startNode(node, serverCommand, cpus, timeoutMs);
  log(`[cluster] node ${node.name} (${node.reads}) ready from scratch in ${fromScratchMs} ms`);
  const whileRunning = await fileSettled(snapshotFile(node), SNAPSHOT_WAIT_MS);
  await stopNode(node);
  const present = fs.existsSync(snapshotFile(node));
  const snapshotBytes = present ? fs.statSync(snapshotFile(node)).size : null;
  const againMs = await startNode(node, serverCommand, cpus, timeoutMs);
  log(
    `[cluster] node ${node.name}: ${present ? `ready from a ${snapshotBytes} byte snapshot in ${againMs} ms` : `no filter-index.snapshot in ${SNAPSHOT_WAIT_MS / 1000} s and a stop; started again from scratch in ${againMs} ms`}`,
  );
  return {
    fromScratchMs,
    fromSnapshotMs: present ? againMs : null,
    snapshot: whileRunning ? 'written while running' : present ? 'written at stop' : 'none',
    snapshotBytes,
    restartWithoutSnapshotMs: present ? null : againMs,
  };
}

/** One statement's calls and execution time on one server in a window (pg_stat_statements, top level). */
export interface Statement {
  query: string;
  calls: number;
  ms: number;
}

// Only this database's statements, without the suite's own reads of the view.
const STATEMENTS = `select query, calls::float8 as calls, total_exec_time::float8 as ms from pg_stat_statements
  where dbid = (select oid from pg_database where datname = current_database()) and query not ilike '%pg_stat_statements%'`;

/**
 * The statement's text with each list of parameters written `($…)`: pg_stat_statements keeps a
 * statement per length of an `in (…)` list or of a multi-row `values`, which are one statement here.
 */
const shape = (query: string): string =>
  query
    .replace(/\s+/g, ' ')
    .replace(/\(\$\d+(?:, \$\d+)*\)/g, '($…)')
    .replace(/\(\$…\)(?:, \(\$…\))+/g, '($…)');

/** A server's statements since its last reset, one per shape. */
export async function readStatements(url: string): Promise<Statement[]> {
  const rows = (await withClient(url, (c) => c.query<Statement>(STATEMENTS))).rows;
  const out = new Map<string, Statement>();
  for (const r of rows) {
    const query = shape(r.query);
    const s = out.get(query) ?? out.set(query, { query, calls: 0, ms: 0 }).get(query)!;
    s.calls += r.calls;
    s.ms += r.ms;
  }
  return [...out.values()];
}

export const resetStatements = (url: string): Promise<unknown> =>
  withClient(url, (c) => c.query('select pg_stat_statements_reset()'));

/** test/http.ts's Client drives an app in-process through `app.request`; fetch against a node takes its place. */
function remoteClient(base: string): Client {
  const remote = { request: (p: string, init: RequestInit) => fetch(base + p, { ...init, redirect: 'manual' }) };
  return new Client(remote as unknown as Hono<AppEnv>);
}

/** The stale-read test in one mode: the worst case over its repeats. */
export interface StaleReads {
  repeats: number;
  /** Latest full-text answer from b to a request sent after a's answer arrived, ms after it; 0 when none. */
  maxMs: number;
  /** b's answers that arrived after a's answer, and of those, the ones still showing the text. */
  bResponsesAfterA: number;
  staleResponses: number;
  /** Full-text answers to requests b had before a answered (in flight then): not stale; the latest, ms after a's answer. */
  inFlightFullText: number;
  inFlightMaxMs: number;
  /** Polls that failed (no answer from b). */
  pollErrors: number;
  /** Statements the replica ran meanwhile: b did read from it. */
  replicaQueries: number;
  perRepeatMs: number[];
}

const STALE_REPEATS = 10;
const POLLERS = 2;

const workForm = (marker: string) => ({
  title: `Lamp ${marker}`,
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: 'Original Work',
  summary: 'A keeper, a lamp.',
  language: 'en',
  chapterTitle: 'Dusk',
  body: `The lamp turned. ${marker} The keeper wrote in the log, and the gulls slept.`,
  action: 'post',
});

/**
 * A member on node a posts a work; once node b shows it to a guest, guests on b poll it without
 * cookies while the member restricts it through a. Stale: b still showing the text to a request
 * sent after a's answer arrived. With `paused`, the replica's replay is paused before the edit.
 */
export async function staleReads(
  pair: ClusterPair,
  db: Kysely<DB>,
  a: ClusterNode,
  b: ClusterNode,
  paused: boolean,
  log: (line: string) => void,
): Promise<StaleReads> {
  const user = await buildUser(db);
  const member = remoteClient(a.url!);
  const login = await member.login(user.username, user.password);
  if (login.status !== 303) throw new Error(`logging in on node ${a.name} answered ${login.status}`);
  const csrf = await member.csrf('/');
  const out: StaleReads = {
    repeats: STALE_REPEATS,
    maxMs: 0,
    bResponsesAfterA: 0,
    staleResponses: 0,
    inFlightFullText: 0,
    inFlightMaxMs: 0,
    pollErrors: 0,
    replicaQueries: 0,
    perRepeatMs: [],
  };
  for (let r = 1; r <= STALE_REPEATS; r++) {
    const marker = `beacon${paused ? 'p' : 'r'}${r}x${Date.now()}`;
    const posted = await member.post('/works/new', workForm(marker), { csrf });
    const url = posted.headers.get('location');
    if (posted.status !== 303 || !url) throw new Error(`posting a work on node ${a.name} answered ${posted.status}`);
    const shows = async () => {
      const res = await fetch(b.url! + url, { redirect: 'manual' });
      return res.status === 200 && (await res.text()).includes(marker);
    };
    const until = Date.now() + 30_000;
    while (!(await shows())) {
      if (Date.now() > until) throw new Error(`node ${b.name} did not show ${url} within 30 s`);
      await sleep(20);
    }
    if (paused) await pair.pauseReplay();
    await resetStatements(pair.replicaUrl);
    const samples: Array<{ sent: number; got: number; full: boolean }> = [];
    let polling = true;
    const poller = async () => {
      while (polling) {
        const sent = performance.now();
        try {
          const res = await fetch(b.url! + url, { redirect: 'manual' });
          const text = await res.text();
          samples.push({ sent, got: performance.now(), full: res.status === 200 && text.includes(marker) });
        } catch {
          out.pollErrors++;
        }
      }
    };
    const pollers = Array.from({ length: POLLERS }, poller);
    await sleep(200);
    const edit = await member.post(`${url}/edit`, { ...workForm(marker), restricted: '1' }, { csrf });
    const answered = performance.now();
    if (edit.status !== 303) throw new Error(`restricting ${url} on node ${a.name} answered ${edit.status}`);
    await sleep(paused ? 2000 : 1000);
    polling = false;
    await Promise.all(pollers);
    out.replicaQueries += (await readStatements(pair.replicaUrl)).reduce((n, x) => n + x.calls, 0);
    if (paused) await pair.resumeReplay();
    await replayed(pair, 60_000);
    const after = samples.filter((s) => s.got > answered);
    const stale = after.filter((s) => s.sent >= answered && s.full);
    const latest = (xs: typeof samples) => (xs.length ? Math.round(Math.max(...xs.map((s) => s.got)) - answered) : 0);
    const ms = latest(stale);
    const inFlight = after.filter((s) => s.sent < answered && s.full);
    out.bResponsesAfterA += after.length;
    out.staleResponses += stale.length;
    out.inFlightFullText += inFlight.length;
    out.inFlightMaxMs = Math.max(out.inFlightMaxMs, latest(inFlight));
    out.perRepeatMs.push(ms);
    out.maxMs = Math.max(out.maxMs, ms);
  }
  log(
    `[cluster] stale reads, replay ${paused ? 'paused' : 'running'}: max ${out.maxMs} ms over ${STALE_REPEATS} repeats; ${out.staleResponses} of ${out.bResponsesAfterA} answers from ${b.name} after ${a.name}'s showed the text; ${out.replicaQueries} statements on the replica`,
  );
  return out;
}
