import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { WorkSeries } from '../domain/work.js';

export interface SeriesRow {
  id: number;
  userId: number;
  username: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export const seriesTitleKey = (title: string): string => title.trim().toLowerCase();

/** The member's series of this title, made when missing. */
export async function findOrCreateSeries(db: Executor, userId: number, title: string, now: string): Promise<number> {
  const key = seriesTitleKey(title);
  const found = await db
    .selectFrom('series')
    .select('id')
    .where('user_id', '=', userId)
    .where('title_key', '=', key)
    .executeTakeFirst();
  if (found) return found.id;
  const r = await db
    .insertInto('series')
    .values({ user_id: userId, title: title.trim(), title_key: key, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Puts a work in a series at `position` (or after the last part); a work already there keeps its place. */
export async function addWorkToSeries(
  db: Executor,
  seriesId: number,
  workId: number,
  position: number | undefined,
  now: string,
): Promise<void> {
  const existing = await db
    .selectFrom('series_works')
    .select('position')
    .where('series_id', '=', seriesId)
    .where('work_id', '=', workId)
    .executeTakeFirst();
  if (existing) return;
  let pos = position;
  if (pos === undefined) {
    const last = await db
      .selectFrom('series_works')
      .select(sql<number>`coalesce(max(position), 0)`.as('m'))
      .where('series_id', '=', seriesId)
      .executeTakeFirstOrThrow();
    pos = Number(last.m) + 1;
  }
  await db.insertInto('series_works').values({ series_id: seriesId, work_id: workId, position: pos }).execute();
  await db.updateTable('series').set({ updated_at: now }).where('id', '=', seriesId).execute();
}

/** Takes a work out of this member's series other than `keep`. */
export async function removeWorkFromOtherSeriesOf(
  db: Executor,
  userId: number,
  workId: number,
  keep: number[],
): Promise<void> {
  let q = db
    .deleteFrom('series_works')
    .where('work_id', '=', workId)
    .where('series_id', 'in', (eb) => eb.selectFrom('series').select('series.id').where('series.user_id', '=', userId));
  if (keep.length > 0) q = q.where('series_id', 'not in', keep);
  await q.execute();
}

export async function findSeries(db: Executor, id: number): Promise<SeriesRow | undefined> {
  const r = await db
    .selectFrom('series')
    .innerJoin('users', 'users.id', 'series.user_id')
    .select(['series.id', 'series.user_id', 'users.username', 'series.title', 'series.created_at', 'series.updated_at'])
    .where('series.id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      userId: r.user_id,
      username: r.username,
      title: r.title,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }
  );
}

/** Series memberships of these works, in the order the works list them. */
export async function loadWorksSeries(db: Executor, workIds: number[]): Promise<Map<number, WorkSeries[]>> {
  const out = new Map<number, WorkSeries[]>();
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('series_works')
    .innerJoin('series', 'series.id', 'series_works.series_id')
    .select(['series_works.work_id', 'series.id', 'series.title', 'series_works.position'])
    .where('series_works.work_id', 'in', workIds)
    .orderBy('series_works.work_id')
    .orderBy('series.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.work_id) ?? [];
    list.push({ id: r.id, title: r.title, position: r.position });
    out.set(r.work_id, list);
  }
  return out;
}
