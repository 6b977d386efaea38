/**
 * What readers keep and follow, added to a loaded corpus for the follow suite: 100,000 reader
 * accounts, bookmarks (two a work), subscriptions (three a work, one work and a few members with
 * 100,000 subscribers each), reading history (ten rows a work) and a writer's daily figures.
 *
 * It is loaded beside the corpus rather than into its fingerprint, so a corpus of a million works
 * takes these rows in minutes instead of being built again; a settings row says they are there.
 * Every row comes from a generator seeded by the corpus seed.
 */
import crypto from 'node:crypto';
import { SqliteAdapter, sql, type Insertable, type Kysely } from 'kysely';
import { insertRows, insertRowsReturningIds } from '../src/store/bulk-insert.js';
import type { DB } from '../src/store/schema.js';
import { tagKey } from '../src/domain/tags.js';
import { mulberry32, type Rng } from './corpus-vocab.js';
import type { CorpusSpec } from './corpus-spec.js';
import { CORPUS_PASSWORD_HASH, type Progress } from './corpus-load.js';

const MARKER_KEY = 'bench:follow';
/** Changes whenever the rows below change, so an older set is not measured as this one. */
const FOLLOW_VERSION = 1;

/** Subscribers of the fan-out's work, and of each of the members most followed. */
export const FAN_OUT_SUBSCRIBERS = 100_000;
const READERS = 100_000;
const FAMOUS_MEMBERS = 3;
/** The member whose bookmarks page is measured has this many. */
export const BOOKMARKER_BOOKMARKS = 5_000;
/** The writer whose statistics page is measured has about this many works. */
export const STATS_WRITER_WORKS = 500;
const STATS_DAYS = 365;
const BOOKMARK_TAGS = 60;
const ROWS_PER_TRANSACTION = 50_000;

/** What the follow suite needs to find again in the corpus. */
export interface FollowCorpus {
  version: number;
  readers: number;
  bookmarks: number;
  subscriptions: number;
  readings: number;
  statsDays: number;
  /** A work with FAN_OUT_SUBSCRIBERS subscribers, and one of its creators. */
  fanOutWork: { id: number; creatorId: number };
  bookmarker: { id: number; username: string; bookmarks: number };
  /** One of the bookmark tags the bookmarker used most, for the filtered page. */
  bookmarkerTag: string;
  statsWriter: { id: number; username: string; works: number };
}

export async function readFollowCorpus(db: Kysely<DB>): Promise<FollowCorpus | undefined> {
  const v = (await db.selectFrom('settings').select('value').where('key', '=', MARKER_KEY).executeTakeFirst())?.value;
  const parsed = v ? (JSON.parse(v) as FollowCorpus) : undefined;
  return parsed?.version === FOLLOW_VERSION ? parsed : undefined;
}

/** Loads the follow rows unless this corpus has them already; returns where the suite finds them. */
export async function ensureFollowCorpus(
  db: Kysely<DB>,
  spec: CorpusSpec,
  onProgress?: Progress,
): Promise<FollowCorpus> {
  const existing = await readFollowCorpus(db);
  if (existing) return existing;
  // As the corpus loader does on SQLite: a large page cache and no fsync per batch while loading
  // (a crash mid-load means loading again anyway); the app's own setting after.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) for (const p of ['cache_size = -2000000', 'synchronous = off']) await sql.raw(`pragma ${p}`).execute(db);
  try {
    return await loadFollowRows(db, spec, onProgress);
  } finally {
    if (sqlite) for (const p of ['cache_size = -2000', 'synchronous = full']) await sql.raw(`pragma ${p}`).execute(db);
  }
}

async function loadFollowRows(db: Kysely<DB>, spec: CorpusSpec, onProgress?: Progress): Promise<FollowCorpus> {
  const rng = mulberry32(spec.seed ^ 0x7f4a7c15);
  const works = await db
    .selectFrom('works')
    .select(['id', 'chapter_count'])
    .where('posted', '=', 1)
    .orderBy('id')
    .execute();
  const workIds = works.map((w) => w.id);
  const chaptersOf = new Map(works.map((w) => [w.id, w.chapter_count]));
  const firstChapter = new Map<number, number>();
  for (const r of await db
    .selectFrom('chapters')
    .select(['work_id', (eb) => eb.fn.min('id').as('id')])
    .groupBy('work_id')
    .execute())
    firstChapter.set(r.work_id, Number(r.id));
  const n = workIds.length;

  const readers = await loadReaders(db, onProgress);
  const corpusUsers = await db
    .selectFrom('users')
    .innerJoin('pseuds', (j) => j.onRef('pseuds.user_id', '=', 'users.id').on('pseuds.is_default', '=', 1))
    .select(['users.id as userId', 'pseuds.id as pseudId', 'users.username'])
    .where('users.username', 'in', spec.users.slice(0, FAMOUS_MEMBERS))
    .execute();
  const members = [...readers, ...corpusUsers.map((u) => ({ userId: u.userId, pseudId: u.pseudId }))];

  // The fan-out's work: an early General Audiences work, open to guests, of one chapter's length or more.
  const spot = spec.works.findIndex(
    (w, i) => i > 100 && !w.draft && !w.restricted && w.rating === 'General Audiences' && w.coAuthors.length === 0,
  );
  const fanOut = await db
    .selectFrom('works')
    .select('id')
    .where('title', '=', spec.works[spot]!.title)
    .executeTakeFirstOrThrow();
  const creator = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .select('pseuds.user_id')
    .where('creatorships.work_id', '=', fanOut.id)
    .orderBy('creatorships.position')
    .executeTakeFirstOrThrow();

  const bookmarkTagIds = await loadBookmarkTags(db);
  const bookmarker = readers[0]!;
  // A small corpus has fewer works than the bookmarker's 5,000: half its works then.
  const own = Math.min(BOOKMARKER_BOOKMARKS, Math.floor(n / 2));
  const bookmarks = await loadBookmarks(
    db,
    rng,
    { members, bookmarker, own, workIds, tagIds: bookmarkTagIds },
    Math.max(2 * n, own + n),
    onProgress,
  );
  const subscriptions = await loadSubscriptions(
    db,
    rng,
    { readers, famous: corpusUsers.map((u) => u.userId), members, workIds, fanOutWork: fanOut.id },
    Math.max(3 * n, FAN_OUT_SUBSCRIBERS * (1 + FAMOUS_MEMBERS) + n),
    onProgress,
  );
  const readings = await loadReadings(db, rng, { readers, workIds, chaptersOf, firstChapter }, 10 * n, onProgress);
  const statsWriter = await statsWriterOf(db, spec);
  await loadDailyStats(db, rng, statsWriter);
  // The works' bookmark counts count their public bookmarks, as the archive keeps them.
  await sql`update works set bookmarks_count = (select count(*) from bookmarks b where b.work_id = works.id and b.private = 0)`.execute(
    db,
  );
  await sql`analyze`.execute(db);

  const info: FollowCorpus = {
    version: FOLLOW_VERSION,
    readers: readers.length,
    bookmarks,
    subscriptions,
    readings,
    statsDays: STATS_DAYS,
    fanOutWork: { id: fanOut.id, creatorId: creator.user_id },
    bookmarker: { id: bookmarker.userId, username: readerName(0), bookmarks: own },
    bookmarkerTag: bookmarkTagName(0),
    statsWriter: { id: statsWriter.id, username: statsWriter.username, works: statsWriter.workIds.length },
  };
  const value = JSON.stringify(info);
  await db
    .insertInto('settings')
    .values({ key: MARKER_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
  return info;
}

const readerName = (i: number) => `follow_reader_${i + 1}`;
// Zipf-like weight on the first tags, so one tag is on a fair share of bookmarks.
const bookmarkTagName = (i: number) => `Bench Bookmark Tag ${i + 1}`;

interface Member {
  userId: number;
  pseudId: number;
}

async function loadReaders(db: Kysely<DB>, onProgress?: Progress): Promise<Member[]> {
  const created = '2020-01-01T00:00:00.000Z';
  const out: Member[] = [];
  for (let i = 0; i < READERS; i += 5_000) {
    await db.transaction().execute(async (trx) => {
      const names = Array.from({ length: Math.min(5_000, READERS - i) }, (_, k) => readerName(i + k));
      const ids = await insertRowsReturningIds(
        trx,
        'users',
        names.map((u) => ({
          username: u,
          username_key: u.toLowerCase(),
          email: `${u}@example.test`,
          password_hash: CORPUS_PASSWORD_HASH,
          is_admin: 0,
          view_adult: 0,
          created_at: created,
          password_changed_at: created,
        })),
      );
      const pseuds = await insertRowsReturningIds(
        trx,
        'pseuds',
        names.map((u, k) => ({
          user_id: ids[k]!,
          name: u,
          name_key: u.toLowerCase(),
          is_default: 1,
          description: '',
          created_at: created,
        })),
      );
      ids.forEach((id, k) => out.push({ userId: id, pseudId: pseuds[k]! }));
    });
    onProgress?.('follow readers', out.length, READERS);
  }
  return out;
}

async function loadBookmarkTags(db: Kysely<DB>): Promise<number[]> {
  const names = Array.from({ length: BOOKMARK_TAGS }, (_, i) => bookmarkTagName(i));
  return insertRowsReturningIds(
    db,
    'tags',
    names.map((name) => ({
      name,
      name_key: tagKey(name),
      type: 'freeform',
      canonical: 0,
      merger_id: null,
      created_at: '2020-01-01T00:00:00.000Z',
    })),
  );
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
/** A skewed pick of 0..k-1: the first few far more often. */
const skewed = (rng: Rng, k: number): number => Math.min(k - 1, Math.floor(k * rng() * rng() * rng()));
const at = (rng: Rng, fromYear: number) =>
  new Date(
    Date.UTC(fromYear, 0, 1) + Math.floor(rng() * (Date.UTC(2026, 3, 1) - Date.UTC(fromYear, 0, 1))),
  ).toISOString();

/** Writes rows a transaction at a time as `make` yields them. */
async function inBatches<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  total: number,
  make: (count: number) => Array<Insertable<DB[T]>>,
  stage: string,
  onProgress?: Progress,
): Promise<number> {
  let done = 0;
  while (done < total) {
    const rows = make(Math.min(ROWS_PER_TRANSACTION, total - done));
    if (rows.length === 0) break;
    await db.transaction().execute((trx) => insertRows(trx, table, rows));
    done += rows.length;
    onProgress?.(stage, done, total);
  }
  return done;
}

async function loadBookmarks(
  db: Kysely<DB>,
  rng: Rng,
  c: { members: Member[]; bookmarker: Member; own: number; workIds: number[]; tagIds: number[] },
  total: number,
  onProgress?: Progress,
): Promise<number> {
  const seen = new Set<string>();
  let made = 0;
  const rows = await inBatches(
    db,
    'bookmarks',
    total,
    (count) => {
      const out: Array<Insertable<DB['bookmarks']>> = [];
      while (out.length < count) {
        // The bookmarker's first, then anyone's.
        const m = made < c.own ? c.bookmarker : pick(rng, c.members);
        const work = pick(rng, c.workIds);
        const key = `${m.userId}:${work}`;
        if (seen.has(key)) continue;
        seen.add(key);
        made++;
        const when = at(rng, 2012);
        out.push({
          user_id: m.userId,
          pseud_id: m.pseudId,
          work_id: work,
          series_id: null,
          external_work_id: null,
          notes: rng() < 0.3 ? '<p>Kept for the slow middle chapters and the ending.</p>' : '',
          rec: rng() < 0.2 ? 1 : 0,
          private: rng() < 0.1 ? 1 : 0,
          created_at: when,
          updated_at: when,
        });
      }
      return out;
    },
    'follow bookmarks',
    onProgress,
  );
  // Tags on about half of them: read back by id range, a transaction at a time.
  const ids = await db.selectFrom('bookmarks').select(['id']).orderBy('id').execute();
  for (let i = 0; i < ids.length; i += ROWS_PER_TRANSACTION) {
    const tagRows: Array<Insertable<DB['bookmark_tags']>> = [];
    for (const { id } of ids.slice(i, i + ROWS_PER_TRANSACTION)) {
      if (rng() < 0.5) continue;
      const chosen = new Set<number>();
      const k = 1 + Math.floor(rng() * 3);
      while (chosen.size < k) chosen.add(c.tagIds[skewed(rng, c.tagIds.length)]!);
      [...chosen].forEach((tag_id, position) => tagRows.push({ bookmark_id: id, tag_id, position }));
    }
    await db.transaction().execute((trx) => insertRows(trx, 'bookmark_tags', tagRows));
    onProgress?.('follow bookmark tags', Math.min(i + ROWS_PER_TRANSACTION, ids.length), ids.length);
  }
  return rows;
}

async function loadSubscriptions(
  db: Kysely<DB>,
  rng: Rng,
  c: { readers: Member[]; famous: number[]; members: Member[]; workIds: number[]; fanOutWork: number },
  total: number,
  onProgress?: Progress,
): Promise<number> {
  // First the fan-out's work's subscribers, then each famous member's, then anyone's on any work or member.
  const planned: Array<{ user: number; kind: 'work' | 'user'; target: number }> = [];
  for (let i = 0; i < FAN_OUT_SUBSCRIBERS; i++)
    planned.push({ user: c.readers[i % c.readers.length]!.userId, kind: 'work', target: c.fanOutWork });
  for (const f of c.famous)
    for (let i = 0; i < FAN_OUT_SUBSCRIBERS; i++)
      planned.push({ user: c.readers[i % c.readers.length]!.userId, kind: 'user', target: f });
  const seen = new Set(planned.map((p) => `${p.user}:${p.kind}:${p.target}`));
  let next = 0;
  return inBatches(
    db,
    'subscriptions',
    total,
    (count) => {
      const out: Array<Insertable<DB['subscriptions']>> = [];
      while (out.length < count) {
        let p = planned[next++];
        if (!p) {
          const kind = rng() < 0.85 ? 'work' : 'user';
          const target = kind === 'work' ? pick(rng, c.workIds) : pick(rng, c.members).userId;
          p = { user: pick(rng, c.members).userId, kind, target };
          const key = `${p.user}:${p.kind}:${p.target}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        out.push({
          user_id: p.user,
          kind: p.kind,
          target_id: p.target,
          feed_token: crypto.randomBytes(18).toString('base64url'),
          created_at: at(rng, 2015),
        });
      }
      return out;
    },
    'follow subscriptions',
    onProgress,
  );
}

async function loadReadings(
  db: Kysely<DB>,
  rng: Rng,
  c: { readers: Member[]; workIds: number[]; chaptersOf: Map<number, number>; firstChapter: Map<number, number> },
  total: number,
  onProgress?: Progress,
): Promise<number> {
  const perReader = Math.max(1, Math.floor(total / c.readers.length));
  let reader = 0;
  return inBatches(
    db,
    'readings',
    perReader * c.readers.length,
    () => {
      const out: Array<Insertable<DB['readings']>> = [];
      // Whole readers a batch, in member order, as a history is written.
      while (out.length < ROWS_PER_TRANSACTION && reader < c.readers.length) {
        const m = c.readers[reader++]!;
        const chosen = new Set<number>();
        while (chosen.size < Math.min(perReader, c.workIds.length)) chosen.add(pick(rng, c.workIds));
        for (const work of chosen) {
          const chapters = c.chaptersOf.get(work) ?? 1;
          // A fifth of readings are behind the work: new chapters since.
          const seen = rng() < 0.2 && chapters > 1 ? 1 + Math.floor(rng() * (chapters - 1)) : chapters;
          out.push({
            user_id: m.userId,
            work_id: work,
            last_chapter_id: c.firstChapter.get(work) ?? null,
            chapters_seen: seen,
            visits: 1 + skewed(rng, 20),
            last_visited_at: at(rng, 2020),
            marked_for_later: rng() < 0.05 ? 1 : 0,
          });
        }
      }
      return out;
    },
    'follow history',
    onProgress,
  );
}

/** The corpus writer with a count of posted works nearest STATS_WRITER_WORKS, and those works. */
async function statsWriterOf(
  db: Kysely<DB>,
  spec: CorpusSpec,
): Promise<{ id: number; username: string; workIds: number[] }> {
  const per = new Map<number, number>();
  for (const w of spec.works) if (!w.draft) per.set(w.author, (per.get(w.author) ?? 0) + 1);
  let best = 0;
  for (const [a, k] of per)
    if (Math.abs(k - STATS_WRITER_WORKS) < Math.abs((per.get(best) ?? 0) - STATS_WRITER_WORKS)) best = a;
  const username = spec.users[best]!;
  const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .innerJoin('works', 'works.id', 'creatorships.work_id')
    .select('works.id')
    .where('pseuds.user_id', '=', user.id)
    .where('works.posted', '=', 1)
    .execute();
  return { id: user.id, username, workIds: rows.map((r) => r.id) };
}

/** A year of daily hits and kudos for each of the writer's works, and the writer's sums of them. */
export async function loadDailyStats(
  db: Kysely<DB>,
  rng: Rng,
  writer: { id: number; workIds: number[] },
): Promise<void> {
  const { workIds } = writer;
  const end = Date.UTC(2026, 11, 1);
  const rows: Array<Insertable<DB['work_stats_daily']>> = [];
  for (const work of workIds)
    for (let d = 0; d < STATS_DAYS; d++) {
      if (rng() < 0.4) continue; // days without a hit have no row
      const hits = 1 + skewed(rng, 40);
      rows.push({
        work_id: work,
        day: new Date(end - d * 86_400_000).toISOString().slice(0, 10),
        hits,
        kudos: Math.floor(hits * 0.1 * rng()),
      });
    }
  for (let i = 0; i < rows.length; i += ROWS_PER_TRANSACTION)
    await db
      .transaction()
      .execute((trx) => insertRows(trx, 'work_stats_daily', rows.slice(i, i + ROWS_PER_TRANSACTION)));
  const sums = new Map<string, { hits: number; kudos: number }>();
  for (const r of rows) {
    const s = sums.get(r.day) ?? { hits: 0, kudos: 0 };
    s.hits += Number(r.hits);
    s.kudos += Number(r.kudos);
    sums.set(r.day, s);
  }
  await insertRows(
    db,
    'writer_stats_daily',
    [...sums].map(([day, s]) => ({ user_id: writer.id, day, hits: s.hits, kudos: s.kudos })),
  );
}
