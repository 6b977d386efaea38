/**
 * The follow suite: what readers keep and follow, against the served app on a corpus with the
 * follow rows (bench/corpus-follow.ts).
 *
 * - fan-out: the creator of a work with 100,000 subscribers posts a chapter (POST, as the chapter
 *   form does); the time from sending it to the last of the 100,000 notifications stored, read by
 *   polling the corpus database beside the server. Meanwhile the cached work page is loaded for
 *   about as long as a fan-out took in an untimed first round, beside hello world in the same round.
 * - the bookmarks page of a member with 5,000 bookmarks, filtered by one of their own bookmark tags
 *   and recs only, sequential requests, nearest-rank p95 (a member's page is never shared).
 * - the statistics page of a writer with about 500 works, likewise.
 *
 * Member sessions are made in the corpus database before the server starts, as logging in would.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import { startSession } from '../src/services/sessions.js';
import type { FollowCorpus } from './corpus-follow.js';
import { FAN_OUT_SUBSCRIBERS } from './corpus-follow.js';
import type { LoadBody } from './load-child.js';
import {
  BROWSER_HEADERS,
  INDEX_LINE,
  load,
  serverEnvironment,
  startBare,
  startApp,
  startServerCommand,
  warmUp,
  type Child,
  type CpuPlan,
  type HttpOptions,
} from './http-suite.js';
import { percentile, round } from './timing.js';

export interface FollowOptions {
  seconds: number;
  connections: number;
  loadBody: LoadBody;
  rounds: number;
  serve: HttpOptions['serve'];
  serverEnv: Record<string, string>;
  cpus: CpuPlan | undefined;
  indexWait: boolean;
  indexTimeoutMs: number;
  /** Timed requests of each member page (after a tenth as many untimed). */
  pageRequests: number;
  /** The cached work page the HTTP suite loads. */
  workPage: string;
  log: (line: string) => void;
}

export interface FollowFigures {
  /** Median round: from the chapter's POST to the last of its notifications stored. */
  fanoutMs: number;
  /** The cached work page during the fan-out over hello world in the same round, the median round's. */
  workPageRpsDuringFanout: number;
  workPageRpsDuringFanoutRounds: number[];
  fanoutRounds: Array<{
    ms: number;
    notifications: number;
    pageRps: number;
    /** The page loaded as long just before, with no fan-out running. */
    pageAloneRps: number;
    helloRps: number;
    loadSeconds: number;
  }>;
  subscribers: number;
  bookmarksPageP95Ms: number;
  bookmarksPageP50Ms: number;
  bookmarksPage: { path: string; bytes: number; bookmarks: number };
  statsPageP95Ms: number;
  statsPageP50Ms: number;
  statsPage: { path: string; bytes: number; works: number };
  corpus: FollowCorpus;
}

interface MemberSession {
  cookie: string;
  csrf: string;
}

async function memberSession(db: Kysely<DB>, userId: number): Promise<MemberSession> {
  const s = await startSession(db, userId);
  return { cookie: `quire_session=${s.token}`, csrf: s.row.csrf_token };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The notifications stored for one chapter (read once a fan-out is over: it takes a while). */
async function notificationsOf(db: Kysely<DB>, workId: number, chapterId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('work_id', '=', workId)
    .where('chapter_id', '=', chapterId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Whether the notification of one subscription is stored: the fan-out walks a work's subscriptions
 * in id order, one step after another, so the last one's is stored last. One look-up by the
 * notifications' unique key, so polling takes next to nothing from the machine being measured
 * (counting them all, a pass over 100,000 rows, took a core away from the load generator).
 */
async function notified(db: Kysely<DB>, subscriptionId: number, workId: number, chapterId: number) {
  const r = await db
    .selectFrom('notifications')
    .select('id')
    .where('subscription_id', '=', subscriptionId)
    .where('work_id', '=', workId)
    .where('chapter_id', '=', chapterId)
    .executeTakeFirst();
  return r !== undefined;
}

export async function runFollowSuite(o: FollowOptions, db: Kysely<DB>, fc: FollowCorpus): Promise<FollowFigures> {
  // Each run starts from the corpus as loaded: the notifications earlier runs' fan-outs stored are
  // removed first, or every run would write its 100,000 into a bigger table (and index) than the last.
  const cleared = await db.deleteFrom('notifications').where('work_id', '=', fc.fanOutWork.id).executeTakeFirst();
  if (cleared.numDeletedRows > 0n)
    o.log(`[follow] removed ${cleared.numDeletedRows} notifications of earlier runs' fan-outs`);
  const creator = await memberSession(db, fc.fanOutWork.creatorId);
  const bookmarker = await memberSession(db, fc.bookmarker.id);
  const writer = await memberSession(db, fc.statsWriter.id);
  const app = await startApp(startServerCommand(), o, serverEnvironment(o));
  let hello: Child | undefined;
  try {
    await warmUp(app.url + o.workPage, 1);
    if (o.indexWait) await app.waitForLine(INDEX_LINE, o.indexTimeoutMs);
    app.settle();
    hello = await startBare(process.env, o.cpus?.server);
    await warmUp(app.url + o.workPage, 20);

    const work = fc.fanOutWork.id;
    const { last } = await db
      .selectFrom('subscriptions')
      .select((eb) => eb.fn.max('id').as('last'))
      .where('kind', '=', 'work')
      .where('target_id', '=', work)
      .executeTakeFirstOrThrow();
    const lastSubscription = Number(last);
    let posted = 0;
    /** Posts a chapter as its creator; resolves with the time until its notifications are all stored. */
    const fanOut = async (): Promise<{ ms: number; notifications: number }> => {
      posted++;
      const body = new URLSearchParams({
        _csrf: creator.csrf,
        chapterTitle: `Bench chapter ${Date.now()}-${posted}`,
        body: 'The rain kept on through the evening, and the lamps in the square came on one by one.',
      });
      const start = performance.now();
      const res = await fetch(`${app.url}/works/${work}/chapters/new`, {
        method: 'POST',
        headers: { cookie: creator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      await res.arrayBuffer();
      const position = /\/chapters\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1];
      if (res.status !== 303 || !position) throw new Error(`posting a chapter of work ${work} → ${res.status}`);
      const chapter = await db
        .selectFrom('chapters')
        .select('id')
        .where('work_id', '=', work)
        .where('position', '=', Number(position))
        .executeTakeFirstOrThrow();
      const deadline = start + 300_000;
      while (!(await notified(db, lastSubscription, work, chapter.id))) {
        if (performance.now() > deadline) throw new Error(`fan-out of work ${work}: not over after 300 s`);
        await sleep(20);
      }
      const ms = performance.now() - start;
      const stored = await notificationsOf(db, work, chapter.id);
      if (stored !== FAN_OUT_SUBSCRIBERS)
        throw new Error(`fan-out of work ${work}: ${stored} notifications, not ${FAN_OUT_SUBSCRIBERS}`);
      return { ms, notifications: stored };
    };

    // An untimed first fan-out: how long to load the page for in the timed ones.
    const first = await fanOut();
    // Whole seconds within the fan-out, so the page's rate is its rate during it.
    const loadSeconds = Math.max(1, Math.min(o.seconds, Math.floor(first.ms / 1000)));
    o.log(`[follow] untimed fan-out: ${Math.round(first.ms)} ms; the page is loaded ${loadSeconds} s during each`);
    const page = { name: 'workPage', path: o.workPage, headers: BROWSER_HEADERS };
    const rounds: FollowFigures['fanoutRounds'] = [];
    for (let r = 1; r <= o.rounds; r++) {
      // Each load after a second of the same, uncounted: the windows are short, and a load
      // generator's first second is spent compiling its own code.
      const warm = { warmUpSeconds: 1 };
      const h = await load(
        hello.url,
        { name: 'hello', path: '/', headers: BROWSER_HEADERS },
        loadSeconds,
        o.connections,
        o.loadBody,
        o.cpus?.load,
        warm,
      );
      // The same page for as long with no fan-out: what the fan-out takes from it.
      const alone = await load(app.url, page, loadSeconds, o.connections, o.loadBody, o.cpus?.load, warm);
      // The chapter is posted once the load has begun, so the page is loaded while the fan-out runs.
      let begun: () => void = () => undefined;
      const loadBegun = new Promise<void>((r) => (begun = r));
      const [p, f] = await Promise.all([
        load(app.url, page, loadSeconds, o.connections, o.loadBody, o.cpus?.load, warm, begun),
        loadBegun.then(fanOut),
      ]);
      rounds.push({
        ms: round(f.ms, 0),
        notifications: f.notifications,
        pageRps: p.rps,
        pageAloneRps: alone.rps,
        helloRps: h.rps,
        loadSeconds,
      });
      o.log(
        `[follow] round ${r}/${o.rounds}: fan-out ${Math.round(f.ms)} ms; work page ${p.rps} req/s during it (${alone.rps} without), hello ${h.rps} (${round((p.rps / h.rps) * 100, 1)} %)`,
      );
      await sleep(2000);
    }

    const member = async (path: string, s: MemberSession) => {
      let bytes = 0;
      const once = async (): Promise<number> => {
        const start = performance.now();
        const res = await fetch(app.url + path, { headers: { cookie: s.cookie, ...BROWSER_HEADERS } });
        const b = await res.arrayBuffer();
        const ms = performance.now() - start;
        if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
        bytes = b.byteLength;
        return ms;
      };
      for (let i = 0; i < Math.max(1, Math.round(o.pageRequests / 10)); i++) await once();
      const times: number[] = [];
      for (let i = 0; i < o.pageRequests; i++) times.push(await once());
      times.sort((a, b) => a - b);
      return { p95: round(percentile(times, 0.95), 2), p50: round(percentile(times, 0.5), 2), bytes };
    };
    const q = (s: string) => encodeURIComponent(s);
    const bookmarksPath = `/users/${fc.bookmarker.username}/bookmarks?bookmark_tags=${q(fc.bookmarkerTag)}&rec=1`;
    const bm = await member(bookmarksPath, bookmarker);
    const statsPath = `/users/${fc.statsWriter.username}/stats`;
    const st = await member(statsPath, writer);

    const ratios = rounds.map((r) => round(r.pageRps / r.helloRps, 3));
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
    return {
      fanoutMs: mid(rounds.map((r) => r.ms)),
      workPageRpsDuringFanout: mid(ratios),
      workPageRpsDuringFanoutRounds: ratios,
      fanoutRounds: rounds,
      subscribers: FAN_OUT_SUBSCRIBERS,
      bookmarksPageP95Ms: bm.p95,
      bookmarksPageP50Ms: bm.p50,
      bookmarksPage: { path: bookmarksPath, bytes: bm.bytes, bookmarks: fc.bookmarker.bookmarks },
      statsPageP95Ms: st.p95,
      statsPageP50Ms: st.p50,
      statsPage: { path: statsPath, bytes: st.bytes, works: fc.statsWriter.works },
      corpus: fc,
    };
  } finally {
    await hello?.stop();
    await app.stop();
  }
}
