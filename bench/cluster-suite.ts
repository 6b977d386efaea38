/**
 * The cluster suite (`--nodes 2 --dialect postgres`): two `quire serve` nodes on one PostgreSQL
 * primary and its streaming replica (docs/decisions/015). Two nodes on a 2-core machine cannot show
 * scaling, so it measures what decides it: the database time each page view costs the shared
 * primary (pg_stat_statements on both servers, reset before and read after each load), how long a
 * node takes to become ready, and whether a guest on the replica's node ever reads what the primary
 * has already taken away (bench/cluster-nodes.ts).
 *
 * Node a reads from the primary alone; node b has the replica (DATABASE_REPLICA_URLS). Each page type
 * of the HTTP suite's distinct guest pages is loaded at a, then at b, each node with its own part of
 * the pages, after an idle window of the same length (both nodes running, no load) that shows the
 * nodes' own chores: timers, the listener, b's replica checks, the filter index's slice checks.
 */
import fs from 'node:fs';
import { filterToParams, SORTS } from '../src/search/works-filter.js';
import { startClusterPair, withClient, type ClusterPair } from '../test/pg-cluster-pair.js';
import type { CorpusId } from './corpus-db.js';
import type { CorpusSpec } from './corpus-spec.js';
import { resolveFilterQueries } from './filter-queries.js';
import { fulltextQueries } from './fulltext-suite.js';
import { BROWSER_HEADERS, load, startServerCommand, type CpuPlan, type Target } from './http-suite.js';
import { httpTargets, searchQueries } from './http-targets.js';
import type { LoadBody } from './load-child.js';
import { round } from './timing.js';
import {
  corpusIntoPair,
  makeNode,
  readStatements,
  replayed,
  resetStatements,
  staleReads,
  stopNode,
  timeNodeStarts,
  type ClusterNode,
  type CorpusCopy,
  type NodeStart,
  type Statement,
  type StaleReads,
} from './cluster-nodes.js';

export interface ClusterOptions {
  id: CorpusId;
  spec: CorpusSpec;
  /** Seconds of load per page type and node. */
  seconds: number;
  connections: number;
  loadBody: LoadBody;
  cpus: CpuPlan | undefined;
  /** Rebuild the shared server's corpus before copying it. */
  rebuild: boolean;
  log: (line: string) => void;
}

/** Both servers' statements in one window of `seconds`. */
interface Window {
  seconds: number;
  primary: Statement[];
  replica: Statement[];
}

/** What one server spent on a page type's page views, per page view. */
interface ServerShare {
  queriesPerPage: number;
  msPerPage: number;
  /** All statements of the window, chores included. */
  rawQueriesPerPage: number;
  rawMsPerPage: number;
  /** The chores' part of the window (see CHORE_SHARE), in statements and ms. */
  chores: { calls: number; ms: number };
  /** The costliest statements counted for the pages, per page view. */
  top: Array<{ query: string; callsPerPage: number; msPerPage: number }>;
}

/** One page type loaded at one node: the database time its page views cost, chores taken out. */
export interface PageCost {
  node: string;
  pageViews: number;
  non2xx: number;
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Paths given to the load; requests beyond them asked for a page again (cached by then). */
  distinctPaths: number;
  requestsSent: number;
  seconds: number;
  primaryQueriesPerPage: number;
  primaryMsPerPage: number;
  replicaQueriesPerPage: number;
  replicaMsPerPage: number;
  /** 1000 / primaryMsPerPage: page views one core of the primary could serve a second (null: no primary time). */
  projectedPageViewsPerPrimaryCore: number | null;
  primary: ServerShare;
  replica: ServerShare;
}

/** The nodes' own statements with no load, a second. */
export interface IdleFigures {
  seconds: number;
  primaryCallsPerSec: number;
  primaryMsPerSec: number;
  replicaCallsPerSec: number;
  replicaMsPerSec: number;
  topPrimaryStatements: Array<{ query: string; callsPerSec: number; msPerSec: number }>;
}

export interface ClusterFigures {
  nodes: number;
  corpus: CorpusCopy & { works: number };
  /** The slower node's start, and each node's (ms from spawn to the first 200 on /readyz). */
  nodeStartMs: {
    fromScratch: number;
    fromSnapshot: number | null;
    note: string | null;
    perNode: Record<string, NodeStart>;
  };
  idle: IdleFigures;
  pages: Record<string, PageCost[]>;
  /** The worse of the two modes; details in staleReads. */
  staleReadsMs: number;
  staleReads: { replaying: StaleReads; replayPaused: StaleReads };
  targets: { primaryMsPerPage: number; nodeStartFromSnapshotMs: number; staleReadsMs: number };
  method: string;
}

/**
 * A statement the idle nodes run too, called under load less than once in this many page views, is
 * a chore and left out whole: the filter index's slice check (every 15 s on each node, tens of ms)
 * would otherwise land in one window and not the next. Statements called more often under load
 * count beyond their idle rate.
 */
const CHORE_SHARE = 0.05;

const METHOD =
  'pg_stat_statements (top-level statements, execution time without planning) reset on the primary and the replica before each window and read after; each page type loaded at each node alone, on pages of its own; a statement the idle nodes also run counts beyond its idle rate, or not at all when called under once in 20 page views (a chore)';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const oneLine = (query: string) => query.replace(/\s+/g, ' ').slice(0, 160);

/** Resets both servers' statistics, runs `fn`, waits `tailMs` (nodes write hits each second) and reads both. */
async function measured(pair: ClusterPair, fn: () => Promise<unknown>, tailMs: number): Promise<Window> {
  await Promise.all([resetStatements(pair.primaryUrl), resetStatements(pair.replicaUrl)]);
  const started = performance.now();
  await fn();
  await sleep(tailMs);
  const seconds = (performance.now() - started) / 1000;
  const [primary, replica] = await Promise.all([readStatements(pair.primaryUrl), readStatements(pair.replicaUrl)]);
  return { seconds, primary, replica };
}

type Rates = Map<string, { query: string; calls: number; ms: number }>;

/** Each statement's calls and ms a second over the idle windows. */
function idleRates(idles: Window[], server: 'primary' | 'replica'): Rates {
  const seconds = idles.reduce((n, w) => n + w.seconds, 0);
  const out: Rates = new Map();
  for (const s of idles.flatMap((w) => w[server])) {
    const r = out.get(s.query) ?? out.set(s.query, { query: s.query, calls: 0, ms: 0 }).get(s.query)!;
    r.calls += s.calls / seconds;
    r.ms += s.ms / seconds;
  }
  return out;
}

function idleFigures(idles: Window[]): IdleFigures {
  const [primary, replica] = [idleRates(idles, 'primary'), idleRates(idles, 'replica')];
  const sum = (r: Rates, k: 'calls' | 'ms') => [...r.values()].reduce((n, x) => n + x[k], 0);
  return {
    seconds: round(
      idles.reduce((n, w) => n + w.seconds, 0),
      1,
    ),
    primaryCallsPerSec: round(sum(primary, 'calls'), 2),
    primaryMsPerSec: round(sum(primary, 'ms'), 3),
    replicaCallsPerSec: round(sum(replica, 'calls'), 2),
    replicaMsPerSec: round(sum(replica, 'ms'), 3),
    topPrimaryStatements: [...primary.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map((r) => ({ query: oneLine(r.query), callsPerSec: round(r.calls, 3), msPerSec: round(r.ms, 3) })),
  };
}

/** One server's statements in a load window, as a share per page view (CHORE_SHARE says what is left out). */
function share(statements: Statement[], idle: Rates, seconds: number, pages: number): ServerShare {
  const per = (x: number, digits: number) => round(x / Math.max(1, pages), digits);
  const chores = { calls: 0, ms: 0 };
  const counted: Array<{ query: string; calls: number; ms: number }> = [];
  for (const s of statements) {
    const r = idle.get(s.query);
    if (r && s.calls < pages * CHORE_SHARE) {
      chores.calls += s.calls;
      chores.ms += s.ms;
      continue;
    }
    const calls = Math.max(0, s.calls - (r?.calls ?? 0) * seconds);
    const ms = Math.max(0, s.ms - (r?.ms ?? 0) * seconds);
    chores.calls += s.calls - calls;
    chores.ms += s.ms - ms;
    counted.push({ query: s.query, calls, ms });
  }
  const total = (xs: Array<{ calls: number; ms: number }>, k: 'calls' | 'ms') => xs.reduce((n, x) => n + x[k], 0);
  return {
    queriesPerPage: per(total(counted, 'calls'), 3),
    msPerPage: per(total(counted, 'ms'), 4),
    rawQueriesPerPage: per(total(statements, 'calls'), 3),
    rawMsPerPage: per(total(statements, 'ms'), 4),
    chores: { calls: Math.round(chores.calls), ms: round(chores.ms, 1) },
    top: counted
      .filter((x) => x.calls > 0)
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 6)
      .map((x) => ({ query: oneLine(x.query), callsPerPage: per(x.calls, 3), msPerPage: per(x.ms, 4) })),
  };
}

/** A page type: each node's paths (disjoint), a few more per node to warm it up with, and the headers. */
interface PageType {
  name: string;
  perNode: string[][];
  warm: string[][];
  headers: Record<string, string>;
}

// A browser's User-Agent: guests' work-page views then count as hits (services/hit-counter.ts).
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const WARM = 20;

/** Splits `paths` into `parts` disjoint slices, each with WARM paths of its own set aside to warm up with. */
function split(paths: string[], parts: number): { perNode: string[][]; warm: string[][] } {
  const size = Math.floor(paths.length / parts);
  const slices = Array.from({ length: parts }, (_, i) => paths.slice(i * size, (i + 1) * size));
  return { perNode: slices.map((s) => s.slice(WARM)), warm: slices.map((s) => s.slice(0, WARM)) };
}

/**
 * The HTTP suite's distinct guest pages (bench/http-targets.ts): work pages (also as a browser
 * sends them, counted as hits), listings in every sort, tag pages, and guest searches.
 */
async function pageTypes(spec: CorpusSpec, opened: Parameters<typeof httpTargets>[1]): Promise<PageType[]> {
  const targets = await httpTargets(spec, opened);
  const paths = (name: string) => targets.find((t) => t.name === name)!.paths!;
  const works = split(paths('workPageDistinct'), 4);
  const listings = [
    ...new Set(
      resolveFilterQueries(spec).flatMap((q) =>
        SORTS.flatMap((sort) =>
          Array.from(
            { length: 20 },
            (_, i) => `/works?${filterToParams({ ...q.query, sort, page: i + 1 }).toString()}`,
          ),
        ),
      ),
    ),
  ];
  // Spread over queries and sorts alike (7919 is prime, so i → i·7919 mod n visits every listing once).
  const spread = listings.map((_, i) => listings[(i * 7919) % listings.length]!);
  const searches = searchQueries(fulltextQueries(spec), spec.nonces).map(
    (q) => `/search?${new URLSearchParams({ q }).toString()}`,
  );
  return [
    { name: 'workPage', perNode: works.perNode.slice(0, 2), warm: works.warm.slice(0, 2), headers: BROWSER_HEADERS },
    {
      name: 'workPageCounted',
      perNode: works.perNode.slice(2),
      warm: works.warm.slice(2),
      headers: { ...BROWSER_HEADERS, 'user-agent': BROWSER_UA },
    },
    { name: 'listing', ...split(spread, 2), headers: BROWSER_HEADERS },
    { name: 'tagPage', ...split(paths('tagPageDistinct'), 2), headers: BROWSER_HEADERS },
    { name: 'searchPage', ...split(searches, 2), headers: BROWSER_HEADERS },
  ];
}

async function warmUp(base: string, paths: string[], headers: Record<string, string>): Promise<void> {
  for (const p of paths) await (await fetch(base + p, { headers, redirect: 'manual' })).arrayBuffer();
}

interface LoadWindow {
  type: string;
  node: string;
  window: Window;
  result: Awaited<ReturnType<typeof load>>;
  distinctPaths: number;
}

/**
 * Each page type at each node in turn, each after an idle window of the same length. The figures are
 * worked out at the end, against the idle rates of all idle windows.
 */
async function measurePages(
  o: ClusterOptions,
  pair: ClusterPair,
  nodes: ClusterNode[],
  types: PageType[],
): Promise<{ idle: IdleFigures; pages: Record<string, PageCost[]> }> {
  const tailMs = 1500;
  // The load generator's start (about a second) lies inside each load window too.
  const idleMs = o.seconds * 1000 + 1000;
  const idles: Window[] = [];
  const loads: LoadWindow[] = [];
  for (const t of types) {
    idles.push(await measured(pair, () => sleep(idleMs), tailMs));
    for (const [i, node] of nodes.entries()) {
      const paths = t.perNode[i]!;
      await warmUp(node.url!, t.warm[i]!, t.headers);
      const target: Target = { name: t.name, path: paths[0]!, paths, headers: t.headers };
      let result: Awaited<ReturnType<typeof load>> | undefined;
      const window = await measured(
        pair,
        async () => (result = await load(node.url!, target, o.seconds, o.connections, o.loadBody, o.cpus?.load)),
        tailMs,
      );
      node.child!.settle();
      loads.push({ type: t.name, node: node.name, window, result: result!, distinctPaths: paths.length });
      o.log(`[cluster] ${t.name} at ${node.name}: ${result!.rps} req/s`);
    }
  }
  const primaryIdle = idleRates(idles, 'primary');
  const replicaIdle = idleRates(idles, 'replica');
  const pages: Record<string, PageCost[]> = {};
  for (const l of loads) {
    const { window: w, result: r } = l;
    const pageViews = Object.values(r.statusCodes).reduce((a, b) => a + b, 0);
    const primary = share(w.primary, primaryIdle, w.seconds, pageViews);
    const replica = share(w.replica, replicaIdle, w.seconds, pageViews);
    const cost: PageCost = {
      node: l.node,
      pageViews,
      non2xx: r.non2xx,
      rps: r.rps,
      latencyP50Ms: r.latencyP50Ms,
      latencyP99Ms: r.latencyP99Ms,
      distinctPaths: l.distinctPaths,
      requestsSent: r.sent,
      seconds: round(w.seconds, 1),
      primaryQueriesPerPage: primary.queriesPerPage,
      primaryMsPerPage: primary.msPerPage,
      replicaQueriesPerPage: replica.queriesPerPage,
      replicaMsPerPage: replica.msPerPage,
      projectedPageViewsPerPrimaryCore: primary.msPerPage > 0 ? Math.round(1000 / primary.msPerPage) : null,
      primary,
      replica,
    };
    (pages[l.type] ??= []).push(cost);
    o.log(
      `[cluster] ${l.type} at ${l.node}: ${pageViews} pages${r.non2xx ? ` (${r.non2xx} not 2xx)` : ''}; primary ${primary.queriesPerPage} statements, ${primary.msPerPage} ms a page (raw ${primary.rawMsPerPage}); replica ${replica.queriesPerPage}, ${replica.msPerPage} ms`,
    );
  }
  return { idle: idleFigures(idles), pages };
}

/** Runs the suite; tears the nodes and the pair down whatever happens. */
export async function runClusterSuite(o: ClusterOptions): Promise<ClusterFigures> {
  const pair = await startClusterPair();
  const nodes: ClusterNode[] = [];
  let closeCorpus: (() => Promise<void>) | undefined;
  try {
    const corpus = await corpusIntoPair(pair, o.id, o.spec, o);
    closeCorpus = () => corpus.opened.database.close();
    await withClient(corpus.primaryUrl, (c) => c.query('create extension if not exists pg_stat_statements'));
    const types = await pageTypes(o.spec, corpus.opened);
    const serverCommand = startServerCommand();
    nodes.push(makeNode('a', { primaryUrl: corpus.primaryUrl }));
    nodes.push(makeNode('b', { primaryUrl: corpus.primaryUrl, replicaUrl: corpus.replicaUrl }));
    const perNode: Record<string, NodeStart> = {};
    for (const n of nodes) perNode[n.name] = await timeNodeStarts(n, serverCommand, o.cpus, o.log);
    const starts = Object.values(perNode);
    const snapshots = starts.map((s) => s.fromSnapshotMs);
    const all = snapshots.every((s) => s !== null);
    const nodeStartMs = {
      fromScratch: Math.max(...starts.map((s) => s.fromScratchMs)),
      fromSnapshot: all ? Math.max(...snapshots) : null,
      note: all
        ? null
        : 'no filter-index.snapshot appeared in a node’s data folder within a minute of its start or at its stop',
      perNode,
    };
    await replayed(pair, 60_000);
    const { idle, pages } = await measurePages(o, pair, nodes, types);
    const [a, b] = [nodes[0]!, nodes[1]!];
    const db = corpus.opened.database.db;
    const replaying = await staleReads(pair, db, a, b, false, o.log);
    const replayPaused = await staleReads(pair, db, a, b, true, o.log);
    return {
      nodes: nodes.length,
      corpus: { ...corpus.copy, works: corpus.opened.info.works },
      nodeStartMs,
      idle,
      pages,
      staleReadsMs: Math.max(replaying.maxMs, replayPaused.maxMs),
      staleReads: { replaying, replayPaused },
      targets: { primaryMsPerPage: 0.05, nodeStartFromSnapshotMs: 5000, staleReadsMs: 0 },
      method: METHOD,
    };
  } finally {
    for (const n of nodes)
      await stopNode(n).catch((e: unknown) => o.log(`[cluster] stopping node ${n.name}: ${String(e)}`));
    await closeCorpus?.().catch(() => {});
    await pair.stop();
    for (const n of nodes) fs.rmSync(n.dataDir, { recursive: true, force: true });
  }
}
