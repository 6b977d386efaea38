import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** Hits and kudos to add to a work's row of one day. */
export interface DailyAdd {
  workId: number;
  day: string;
  hits: number;
  kudos: number;
}

/** Adds to the works' rows of the day, made when missing. */
async function addToWorkDays(db: Executor, adds: readonly DailyAdd[]): Promise<void> {
  for (let i = 0; i < adds.length; i += 500) {
    await db
      .insertInto('work_stats_daily')
      .values(adds.slice(i, i + 500).map((a) => ({ work_id: a.workId, day: a.day, hits: a.hits, kudos: a.kudos })))
      .onConflict((oc) =>
        oc.columns(['work_id', 'day']).doUpdateSet((eb) => ({
          hits: eb('work_stats_daily.hits', '+', eb.ref('excluded.hits')),
          kudos: eb('work_stats_daily.kudos', '+', eb.ref('excluded.kudos')),
        })),
      )
      .execute();
  }
}

/** Adds to the writers' rows of the day, made when missing. */
async function addToWriterDays(db: Executor, adds: ReadonlyArray<Omit<DailyAdd, 'workId'> & { userId: number }>) {
  for (let i = 0; i < adds.length; i += 500) {
    await db
      .insertInto('writer_stats_daily')
      .values(adds.slice(i, i + 500).map((a) => ({ user_id: a.userId, day: a.day, hits: a.hits, kudos: a.kudos })))
      .onConflict((oc) =>
        oc.columns(['user_id', 'day']).doUpdateSet((eb) => ({
          hits: eb('writer_stats_daily.hits', '+', eb.ref('excluded.hits')),
          kudos: eb('writer_stats_daily.kudos', '+', eb.ref('excluded.kudos')),
        })),
      )
      .execute();
  }
}

/**
 * Adds a batch of new hits to the works' and their writers' rows of each day; call inside the
 * transaction that stores the hits. A few statements per batch, however many works it holds.
 */
export async function addDailyHits(db: Executor, adds: readonly DailyAdd[]): Promise<void> {
  if (adds.length === 0) return;
  await addToWorkDays(db, adds);
  const writersOf = new Map<number, Set<number>>();
  for (const ids of slices([...new Set(adds.map((a) => a.workId))])) {
    const rows = await db
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
      .select(['creatorships.work_id', 'pseuds.user_id'])
      .where('creatorships.work_id', 'in', ids)
      .execute();
    for (const r of rows)
      (writersOf.get(r.work_id) ?? writersOf.set(r.work_id, new Set()).get(r.work_id)!).add(r.user_id);
  }
  const perWriter = new Map<string, { userId: number; day: string; hits: number; kudos: number }>();
  for (const a of adds)
    for (const userId of writersOf.get(a.workId) ?? []) {
      const key = `${userId} ${a.day}`;
      const w = perWriter.get(key) ?? { userId, day: a.day, hits: 0, kudos: 0 };
      w.hits += a.hits;
      perWriter.set(key, w);
    }
  await addToWriterDays(db, [...perWriter.values()]);
}

/** Adds one kudos to the work's and its writers' rows of the day; call inside the kudos' transaction. */
export async function addDailyKudos(db: Executor, workId: number, writerIds: readonly number[], day: string) {
  await addToWorkDays(db, [{ workId, day, hits: 0, kudos: 1 }]);
  await addToWriterDays(
    db,
    [...new Set(writerIds)].map((userId) => ({ userId, day, hits: 0, kudos: 1 })),
  );
}

// Ids per statement: within both dialects' limits on bound parameters, one statement for most writers.
const SLICE = 500;

function slices(ids: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += SLICE) out.push(ids.slice(i, i + SLICE));
  return out;
}

/** One posted work of a writer with its figures; the totals are the works' own counts. */
export interface WorkFigures {
  id: number;
  title: string;
  publishedAt: string;
  words: number;
  hits: number;
  kudos: number;
  threads: number;
  bookmarks: number;
  subscriptions: number;
}

/**
 * Every posted work the writer co-created, with its figures: three statements for up to 500 works.
 * The works are found from the writer's pseuds (their creatorships), so no other work is read.
 */
export async function writerWorkFigures(db: Executor, userId: number): Promise<WorkFigures[]> {
  // Drafts are left out here rather than in SQL: a condition on `posted` lets SQLite walk every
  // posted work's index entry instead of looking up the writer's few.
  const works = (
    await db
      .selectFrom('works')
      .select(['id', 'title', 'posted', 'published_at', 'word_count', 'hits_count', 'kudos_count', 'bookmarks_count'])
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('creatorships')
          .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
          .select('creatorships.work_id')
          .where('pseuds.user_id', '=', userId),
      )
      .execute()
  ).filter((w) => w.posted === 1);
  const threadsOf = new Map<number, number>();
  const subsOf = new Map<number, number>();
  for (const ids of slices(works.map((w) => w.id))) {
    // A thread is a top-level comment as readers see it: held ones wait for the writer.
    const threads = await db
      .selectFrom('comments')
      .select((eb) => ['work_id', eb.fn.countAll<number>().as('n')])
      .where('work_id', 'in', ids)
      .where('depth', '=', 0)
      .where('status', '=', 'published')
      .groupBy('work_id')
      .execute();
    for (const r of threads) threadsOf.set(r.work_id, Number(r.n));
    const subs = await db
      .selectFrom('subscriptions')
      .select((eb) => ['target_id', eb.fn.countAll<number>().as('n')])
      .where('kind', '=', 'work')
      .where('target_id', 'in', ids)
      .groupBy('target_id')
      .execute();
    for (const r of subs) subsOf.set(r.target_id, Number(r.n));
  }
  return works.map((w) => ({
    id: w.id,
    title: w.title,
    publishedAt: w.published_at ?? '',
    words: Number(w.word_count),
    hits: Number(w.hits_count),
    kudos: Number(w.kudos_count),
    threads: threadsOf.get(w.id) ?? 0,
    bookmarks: Number(w.bookmarks_count),
    subscriptions: subsOf.get(w.id) ?? 0,
  }));
}

/** A point of a series: a day (YYYY-MM-DD) or a month (YYYY-MM) and its sums. */
export interface DailySum {
  key: string;
  hits: number;
  kudos: number;
}

/** These works' hits and kudos from `fromDay` on, summed per day, or per month (YYYY-MM) by the database. */
export async function sumsOf(
  db: Executor,
  workIds: readonly number[],
  fromDay: string,
  by: 'day' | 'month',
): Promise<DailySum[]> {
  const key = by === 'day' ? sql<string>`day` : sql<string>`substr(day, 1, 7)`;
  const out = new Map<string, DailySum>();
  for (const ids of slices(workIds)) {
    const rows = await db
      .selectFrom('work_stats_daily')
      .select((eb) => [key.as('key'), eb.fn.sum<number>('hits').as('hits'), eb.fn.sum<number>('kudos').as('kudos')])
      .where('work_id', 'in', ids)
      .where('day', '>=', fromDay)
      .groupBy(key)
      .execute();
    for (const r of rows) {
      const p = out.get(r.key) ?? { key: r.key, hits: 0, kudos: 0 };
      p.hits += Number(r.hits);
      p.kudos += Number(r.kudos);
      out.set(r.key, p);
    }
  }
  return [...out.values()];
}

/** A writer's hits and kudos of all their works from `fromDay` on, per day or per month (YYYY-MM). */
export async function writerSums(
  db: Executor,
  userId: number,
  fromDay: string,
  by: 'day' | 'month',
): Promise<DailySum[]> {
  const key = by === 'day' ? sql<string>`day` : sql<string>`substr(day, 1, 7)`;
  const rows = await db
    .selectFrom('writer_stats_daily')
    .select((eb) => [key.as('key'), eb.fn.sum<number>('hits').as('hits'), eb.fn.sum<number>('kudos').as('kudos')])
    .where('user_id', '=', userId)
    .where('day', '>=', fromDay)
    .groupBy(key)
    .execute();
  return rows.map((r) => ({ key: r.key, hits: Number(r.hits), kudos: Number(r.kudos) }));
}
