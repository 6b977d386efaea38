import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from './schema.js';
import type { Executor } from './executor.js';

/** Hits and kudos to add to a work's row of one day. */
export interface DailyAdd {
  workId: number;
  day: string;
  hits: number;
  kudos: number;
}

/**
 * Adds to the works' rows of the day, made when missing; call inside the transaction that writes
 * the hits or kudos themselves. One statement per few hundred rows (a hit flush is one batch).
 */
export async function addDailyStats(db: Executor, adds: readonly DailyAdd[]): Promise<void> {
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

/** Which of a writer's works the figures are of: all they co-created and posted, those published in a year, or one. */
export interface StatsScope {
  userId: number;
  /** Works first published in this year (UTC). */
  year?: number;
  workId?: number;
}

type IdQuery = SelectQueryBuilder<DB, 'pseuds' | 'creatorships' | 'works', { work_id: number }>;

/** The ids of the scope's works, as a subquery: from the writer's pseuds, so it reads only their works. */
function scopeIds(db: Executor, s: StatsScope): IdQuery {
  let q = db
    .selectFrom('pseuds')
    .innerJoin('creatorships', 'creatorships.pseud_id', 'pseuds.id')
    .innerJoin('works', 'works.id', 'creatorships.work_id')
    .select('creatorships.work_id')
    .where('pseuds.user_id', '=', s.userId)
    .where('works.posted', '=', 1);
  if (s.year !== undefined)
    q = q.where('works.published_at', '>=', `${s.year}-01-01`).where('works.published_at', '<', `${s.year + 1}-01-01`);
  if (s.workId !== undefined) q = q.where('works.id', '=', s.workId);
  return q;
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

/** Every posted work the writer co-created, with its figures: three statements, however many works. */
export async function writerWorkFigures(db: Executor, userId: number): Promise<WorkFigures[]> {
  const ids = scopeIds(db, { userId });
  const works = await db
    .selectFrom('works')
    .select(['id', 'title', 'published_at', 'word_count', 'hits_count', 'kudos_count', 'bookmarks_count'])
    .where('id', 'in', ids)
    .execute();
  // A thread is a top-level comment as readers see it: held ones wait for the writer.
  const threads = await db
    .selectFrom('comments')
    .select((eb) => ['work_id', eb.fn.countAll<number>().as('n')])
    .where('work_id', 'in', ids)
    .where('depth', '=', 0)
    .where('status', '=', 'published')
    .groupBy('work_id')
    .execute();
  const subs = await db
    .selectFrom('subscriptions')
    .select((eb) => ['target_id', eb.fn.countAll<number>().as('n')])
    .where('kind', '=', 'work')
    .where('target_id', 'in', ids)
    .groupBy('target_id')
    .execute();
  const threadsOf = new Map(threads.map((r) => [r.work_id, Number(r.n)]));
  const subsOf = new Map(subs.map((r) => [r.target_id, Number(r.n)]));
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

/** The scope's hits and kudos per day from `fromDay` on. */
export async function sumsByDay(db: Executor, scope: StatsScope, fromDay: string): Promise<DailySum[]> {
  const rows = await db
    .selectFrom('work_stats_daily')
    .select((eb) => ['day', eb.fn.sum<number>('hits').as('hits'), eb.fn.sum<number>('kudos').as('kudos')])
    .where('work_id', 'in', scopeIds(db, scope))
    .where('day', '>=', fromDay)
    .groupBy('day')
    .execute();
  return rows.map((r) => ({ key: r.day, hits: Number(r.hits), kudos: Number(r.kudos) }));
}

/** The scope's hits and kudos per month (YYYY-MM) from `fromDay` on, summed by the database. */
export async function sumsByMonth(db: Executor, scope: StatsScope, fromDay: string): Promise<DailySum[]> {
  const month = sql<string>`substr(day, 1, 7)`;
  const rows = await db
    .selectFrom('work_stats_daily')
    .select((eb) => [month.as('month'), eb.fn.sum<number>('hits').as('hits'), eb.fn.sum<number>('kudos').as('kudos')])
    .where('work_id', 'in', scopeIds(db, scope))
    .where('day', '>=', fromDay)
    .groupBy(month)
    .execute();
  return rows.map((r) => ({ key: r.month, hits: Number(r.hits), kudos: Number(r.kudos) }));
}
