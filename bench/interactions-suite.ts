/**
 * The interactions suite: readers talking back, against the served app (started as the HTTP suite
 * starts it, with QUIRE_TRUST_PROXY so that each guest session can come from an address of its own,
 * as readers do, and the per-address kudos limit bounds each of them rather than the load generator).
 *
 * - kudos/s: POST /works/:id/kudos as fast as `kudosConnections` (64) connections go, each request a new (guest session,
 *   work) pair with the session's cookie and CSRF token, sessions made before the clock starts;
 *   only 303 answers (kudos left) count.
 * - the cached work page while kudos are posted on other works at a steady rate, beside hello world
 *   measured in the same round;
 * - the comments page of the work with the most comments, uncached (a guest with a session cookie
 *   is never answered from the shared pages), sequential requests, nearest-rank p95;
 * - what hit counting costs the cached work page: the same page loaded with a browser's user agent
 *   (counted) and a robot's (not counted), in turn, round after round.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import type { CorpusSpec } from './corpus-spec.js';
import { mulberry32 } from './corpus-vocab.js';
import type { LoadBody, LoadStep } from './load-child.js';
import {
  BROWSER_HEADERS,
  INDEX_LINE,
  load,
  median,
  serverEnvironment,
  startBare,
  startApp,
  startServerCommand,
  warmUp,
  type Child,
  type CpuPlan,
  type HttpOptions,
  type LoadFigures,
  type RoundFigures,
} from './http-suite.js';
import { percentile, round } from './timing.js';

/** The works the suite needs, chosen from the corpus before the suites start. */
export interface InteractionTargets {
  /** The work page the HTTP suite loads. */
  workPage: string;
  /** The comments page of the work with the most comments. */
  commentsPage: string;
  commentsWork: { id: number; comments: number; rating: string };
  /** Works a guest may leave kudos on (posted, not restricted), the two above left out. */
  kudosWorks: number[];
  /** The HTTP suite's distinct work pages (a different page each request): none of them is shared yet. */
  distinctWorkPages: string[];
}

const workPageId = (path: string): number => Number(/\/works\/(\d+)/.exec(path)![1]);

/** How many works guests leave kudos on during the suite: enough that no few works take them all. */
const KUDOS_POOL = 100_000;

export async function interactionTargets(
  spec: CorpusSpec,
  db: Kysely<DB>,
  workPage: string,
  distinctWorkPages: string[],
): Promise<InteractionTargets> {
  let top = 0;
  for (let i = 1; i < spec.works.length; i++) if (spec.works[i]!.comments > spec.works[top]!.comments) top = i;
  const w = spec.works[top]!;
  const row = await db
    .selectFrom('works')
    .select(['id', 'comments_count'])
    .where('title', '=', w.title)
    .executeTakeFirstOrThrow();
  const pageId = workPageId(workPage);
  const ids = await db
    .selectFrom('works')
    .select('id')
    .where('posted', '=', 1)
    .where('restricted', '=', 0)
    .where('id', 'not in', [pageId, row.id])
    .orderBy('id')
    .execute();
  // An even spread over the whole corpus, old and new works alike.
  const step = Math.max(1, ids.length / KUDOS_POOL);
  const kudosWorks: number[] = [];
  for (let k = 0; k < ids.length && kudosWorks.length < KUDOS_POOL; k++) kudosWorks.push(ids[Math.floor(k * step)]!.id);
  return {
    workPage,
    // view_adult=true: past the adult gate, should the work be rated for it (a reader's one click).
    commentsPage: `/works/${row.id}/comments?view_adult=true`,
    commentsWork: { id: row.id, comments: Number(row.comments_count), rating: w.rating },
    kudosWorks,
    distinctWorkPages,
  };
}

export interface InteractionOptions {
  seconds: number;
  connections: number;
  /** Connections posting kudos as fast as they go: many readers at once, as on a busy archive. */
  kudosConnections: number;
  loadBody: LoadBody;
  rounds: number;
  serve: HttpOptions['serve'];
  serverEnv: Record<string, string>;
  cpus: CpuPlan | undefined;
  indexWait: boolean;
  indexTimeoutMs: number;
  /** Kudos per second posted while the work page is loaded. */
  kudosRateDuringPage: number;
  /** Timed requests of the comments page (after a tenth as many untimed). */
  commentsRequests: number;
  log: (line: string) => void;
}

export interface InteractionFigures {
  /** Kudos left (303 answers) per second, the median round's, POSTs as fast as the connections go. */
  kudosPerSec: number;
  /** The cached work page (as the HTTP suite loads it) while kudos were posted at `kudosRateDuringPage`. */
  workPageRpsDuringKudos: number;
  /** The median of the rounds' ratios below. */
  workPageDuringKudosFraction: number;
  commentsPageP95Ms: number;
  hitsOverheadPct: number;
  /** Each round's work page during kudos over the same round's hello world. */
  workPageDuringKudosRatios: number[];
  helloWorldRps: number;
  kudosRateDuringPage: number;
  /** Kudos left per second while the work page was loaded, each round. */
  kudosDuringPageRounds: Array<{ kudosPerSec: number; statusCodes: Record<string, number> }>;
  kudosRounds: Array<{ kudosPerSec: number; statusCodes: Record<string, number>; p50Ms: number; p99Ms: number }>;
  commentsPage: { path: string; workId: number; comments: number; rating: string; bytes: number };
  commentsPageP50Ms: number;
  commentsPageP99Ms: number;
  workPageCountedRps: number;
  workPageUncountedRps: number;
  hitsOverheadRounds: number[];
  guestSessions: number;
  kudosWorks: number;
  /**
   * Distinct work pages (no shared page helps) loaded alone, then while kudos are posted at
   * `kudosRateDuringPage`: each load takes its own half of the paths, so the second finds none of
   * the first's pages kept.
   */
  distinctWorkPageDuringKudos: {
    aloneRps: number;
    aloneP50Ms: number;
    aloneP99Ms: number;
    duringRps: number;
    duringP50Ms: number;
    duringP99Ms: number;
    kudosPerSec: number;
    statusCodes: Record<string, number>;
  };
  detail: Record<string, RoundFigures>;
}

// A desktop browser's user agent (hits are counted) and a robot's (not counted: no "Mozilla/").
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const ROBOT_UA = 'quire-bench/1 (load generator)';
/** The most kudos a guest session leaves in one load: below the default 60 per address per minute. */
const KUDOS_PER_SESSION = 50;

interface GuestSession {
  cookie: string;
  csrf: string;
  /** The client address the session's requests claim (X-Forwarded-For). */
  address: string;
}

/**
 * Starts `n` guest sessions as a reader's browser would: a kudos POST without a session gets the
 * "reload and send again" page and a session cookie; the work page then carries that session's
 * CSRF token in its kudos form.
 */
async function guestSessions(base: string, workId: number, n: number, first: number): Promise<GuestSession[]> {
  const one = async (k: number): Promise<GuestSession> => {
    const address = `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
    const res = await fetch(`${base}/works/${workId}/kudos`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
      body: '',
      redirect: 'manual',
    });
    await res.arrayBuffer();
    const set = res.headers.get('set-cookie');
    if (!set) throw new Error(`no session cookie from POST /works/${workId}/kudos (${res.status})`);
    const cookie = set.split(';')[0]!;
    const page = await fetch(`${base}/works/${workId}`, { headers: { cookie, 'x-forwarded-for': address } });
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error(`no CSRF token on /works/${workId} for a guest session (${page.status})`);
    return { cookie, csrf, address };
  };
  const out: GuestSession[] = [];
  // A few at a time: sessions are made outside the timed loads, and quickly.
  for (let k = 0; k < n; k += 8)
    out.push(...(await Promise.all(Array.from({ length: Math.min(8, n - k) }, (_, j) => one(first + k + j)))));
  return out;
}

/**
 * Kudos posts for a load: each session on `perSession` distinct works, the sessions interleaved so
 * that consecutive requests come from different readers on different works.
 */
function kudosSteps(sessions: GuestSession[], works: number[], perSession: number, seed: number): LoadStep[] {
  const rng = mulberry32(seed);
  const chosen = sessions.map(() => {
    const set = new Set<number>();
    while (set.size < Math.min(perSession, works.length)) set.add(works[Math.floor(rng() * works.length)]!);
    return [...set];
  });
  const steps: LoadStep[] = [];
  for (let j = 0; j < perSession; j++)
    for (const [s, session] of sessions.entries()) {
      const work = chosen[s]![j];
      if (work === undefined) continue;
      steps.push({
        method: 'POST',
        path: `/works/${work}/kudos`,
        headers: {
          cookie: session.cookie,
          'x-forwarded-for': session.address,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `_csrf=${encodeURIComponent(session.csrf)}`,
      });
    }
  return steps;
}

const kudosLeft = (codes: Record<string, number>): number => codes['303'] ?? 0;

export async function runInteractionsSuite(o: InteractionOptions, t: InteractionTargets): Promise<InteractionFigures> {
  const env = { ...serverEnvironment(o), QUIRE_TRUST_PROXY: '1' };
  const app = await startApp(startServerCommand(), o, env);
  const bare: Child[] = [];
  try {
    await warmUp(app.url + t.workPage, 1);
    if (o.indexWait) await app.waitForLine(INDEX_LINE, o.indexTimeoutMs);
    app.settle();
    const hello = await startBare(process.env, o.cpus?.server);
    bare.push(hello);

    // Sessions for every kudos load of every round, made now: a load never reuses a (session, work)
    // pair, and no session posts more than its address may in a minute.
    // Room for 3,000 kudos a second, half again the target; a load that runs out says so.
    const fastPerLoad = 3_000 * o.seconds;
    const steadyPerLoad = Math.ceil(o.kudosRateDuringPage * o.seconds * 1.5);
    const sessionsFor = (posts: number) => Math.ceil(posts / KUDOS_PER_SESSION);
    const perRound = sessionsFor(fastPerLoad) + sessionsFor(steadyPerLoad);
    // And one more steady load, for the distinct work pages.
    const extra = sessionsFor(steadyPerLoad);
    // On the work page's work: a General Audiences one, so no adult gate stands before its kudos form.
    const madeAt = performance.now();
    const sessions = await guestSessions(app.url, workPageId(t.workPage), perRound * o.rounds + extra, 1);
    o.log(
      `[interactions] ${sessions.length} guest sessions in ${Math.round((performance.now() - madeAt) / 1000)} s; kudos on ${t.kudosWorks.length} works; comments page ${t.commentsPage} (${t.commentsWork.comments} comments)`,
    );
    const works = t.kudosWorks;
    let cursor = 0;
    const stepsFor = (posts: number, seed: number): LoadStep[] => {
      const mine = sessions.slice(cursor, cursor + sessionsFor(posts));
      cursor += mine.length;
      return kudosSteps(mine, works, KUDOS_PER_SESSION, seed);
    };

    const page = { name: 'workPage', path: t.workPage, headers: BROWSER_HEADERS };
    const counted = { name: 'counted', path: t.workPage, headers: { ...BROWSER_HEADERS, 'user-agent': BROWSER_UA } };
    const uncounted = { name: 'uncounted', path: t.workPage, headers: { ...BROWSER_HEADERS, 'user-agent': ROBOT_UA } };
    for (const x of [page, counted, uncounted]) await warmUp(app.url + x.path, 20);
    const run = (
      base: string,
      target: { name: string; path: string; paths?: string[]; headers?: Record<string, string> },
      more = {},
      connections = o.connections,
    ) => load(base, target, o.seconds, connections, o.loadBody, o.cpus?.load, more);
    const kudosTarget = { name: 'kudos', path: '/' };

    const runs = new Map<string, LoadFigures[]>();
    const add = (name: string, f: LoadFigures) => (runs.get(name) ?? runs.set(name, []).get(name)!).push(f);
    const kudosRounds: InteractionFigures['kudosRounds'] = [];
    const duringRounds: InteractionFigures['kudosDuringPageRounds'] = [];
    const overhead: number[] = [];
    for (let r = 1; r <= o.rounds; r++) {
      const h = await run(hello.url, { name: 'hello', path: '/', headers: BROWSER_HEADERS });
      add('hello', h);
      const fast = stepsFor(fastPerLoad, 1000 + r);
      const k = await run(app.url, kudosTarget, { requests: fast }, o.kudosConnections);
      const perSec = round(kudosLeft(k.statusCodes) / o.seconds, 1);
      kudosRounds.push({
        kudosPerSec: perSec,
        statusCodes: k.statusCodes,
        p50Ms: k.latencyP50Ms,
        p99Ms: k.latencyP99Ms,
      });
      if (k.sent > fast.length) o.log(`[interactions] the kudos load ran out of new (session, work) pairs`);
      // The page and a steady stream of kudos on other works, at once, each load generator on the load core.
      const steady = stepsFor(steadyPerLoad, 2000 + r);
      const [p, kd] = await Promise.all([
        run(app.url, page),
        run(app.url, kudosTarget, { requests: steady, overallRate: o.kudosRateDuringPage }),
      ]);
      add('workPageDuringKudos', p);
      duringRounds.push({ kudosPerSec: round(kudosLeft(kd.statusCodes) / o.seconds, 1), statusCodes: kd.statusCodes });
      // Counted and uncounted in turn, which goes first alternating round by round.
      const pair = r % 2 === 1 ? [counted, uncounted] : [uncounted, counted];
      const got: Record<string, LoadFigures> = {};
      for (const x of pair) add(x.name, (got[x.name] = await run(app.url, x)));
      overhead.push(round((1 - got.counted!.rps / got.uncounted!.rps) * 100, 1));
      o.log(
        `[interactions] round ${r}/${o.rounds}: hello ${h.rps} req/s; kudos ${perSec}/s (${JSON.stringify(k.statusCodes)}); work page during ${o.kudosRateDuringPage} kudos/s ${p.rps} req/s (${round((p.rps / h.rps) * 100, 1)} % of hello; kudos ${JSON.stringify(kd.statusCodes)}); counted ${got.counted!.rps}, uncounted ${got.uncounted!.rps} req/s`,
      );
    }

    // Distinct work pages, which every reader's first visit to a work is: alone, then while kudos
    // arrive at the steady rate. Each load has its own half of the paths, in the same order.
    const half = Math.floor(t.distinctWorkPages.length / 2);
    const distinct = (name: string, paths: string[]) => ({ name, path: paths[0]!, paths, headers: BROWSER_HEADERS });
    const dAlone = await run(app.url, distinct('workPageDistinct', t.distinctWorkPages.slice(0, half)));
    const [dDuring, dKudos] = await Promise.all([
      run(app.url, distinct('workPageDistinctDuringKudos', t.distinctWorkPages.slice(half))),
      run(app.url, kudosTarget, { requests: stepsFor(steadyPerLoad, 3000), overallRate: o.kudosRateDuringPage }),
    ]);
    const distinctWorkPageDuringKudos = {
      aloneRps: dAlone.rps,
      aloneP50Ms: dAlone.latencyP50Ms,
      aloneP99Ms: dAlone.latencyP99Ms,
      duringRps: dDuring.rps,
      duringP50Ms: dDuring.latencyP50Ms,
      duringP99Ms: dDuring.latencyP99Ms,
      kudosPerSec: round(kudosLeft(dKudos.statusCodes) / o.seconds, 1),
      statusCodes: dKudos.statusCodes,
    };
    o.log(
      `[interactions] distinct work pages: ${dAlone.rps} req/s alone (p99 ${dAlone.latencyP99Ms} ms), ${dDuring.rps} during ${distinctWorkPageDuringKudos.kudosPerSec} kudos/s (p99 ${dDuring.latencyP99Ms} ms)`,
    );

    // The comments page, uncached: a guest with a session cookie. First a pause, so the counts, hits
    // and filter index have taken in the kudos of the last load before the warm-up.
    await new Promise((r) => setTimeout(r, 5000));
    const cookie = { cookie: sessions[sessions.length - 1]!.cookie };
    const url = app.url + t.commentsPage;
    let bytes = 0;
    const once = async (): Promise<number> => {
      const start = performance.now();
      const res = await fetch(url, { headers: { ...cookie, ...BROWSER_HEADERS } });
      const body = await res.arrayBuffer();
      const ms = performance.now() - start;
      if (res.status !== 200) throw new Error(`GET ${t.commentsPage} → ${res.status}`);
      bytes = body.byteLength;
      return ms;
    };
    for (let i = 0; i < Math.max(1, Math.round(o.commentsRequests / 10)); i++) await once();
    const times: number[] = [];
    for (let i = 0; i < o.commentsRequests; i++) times.push(await once());
    times.sort((a, b) => a - b);

    const helloRuns = runs.get('hello')!;
    const ratios = runs.get('workPageDuringKudos')!.map((p, i) => round(p.rps / helloRuns[i]!.rps, 3));
    const mid = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[(xs.length - 1) >> 1]!;
    const detail: Record<string, RoundFigures> = {};
    for (const [name, list] of runs) detail[name] = median(list);
    const countedRps = detail.counted!.rps;
    const uncountedRps = detail.uncounted!.rps;
    return {
      kudosPerSec: mid(kudosRounds, (x) => x.kudosPerSec).kudosPerSec,
      workPageRpsDuringKudos: detail.workPageDuringKudos!.rps,
      workPageDuringKudosFraction: mid(ratios, (x) => x),
      commentsPageP95Ms: round(percentile(times, 0.95), 2),
      hitsOverheadPct: round((1 - countedRps / uncountedRps) * 100, 1),
      workPageDuringKudosRatios: ratios,
      helloWorldRps: detail.hello!.rps,
      kudosRateDuringPage: o.kudosRateDuringPage,
      kudosDuringPageRounds: duringRounds,
      kudosRounds,
      commentsPage: {
        path: t.commentsPage,
        workId: t.commentsWork.id,
        comments: t.commentsWork.comments,
        rating: t.commentsWork.rating,
        bytes,
      },
      commentsPageP50Ms: round(percentile(times, 0.5), 2),
      commentsPageP99Ms: round(percentile(times, 0.99), 2),
      workPageCountedRps: countedRps,
      workPageUncountedRps: uncountedRps,
      hitsOverheadRounds: overhead,
      guestSessions: sessions.length,
      kudosWorks: works.length,
      distinctWorkPageDuringKudos,
      detail,
    };
  } finally {
    for (const b of bare) await b.stop();
    await app.stop();
  }
}
