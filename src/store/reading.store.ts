import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** Visits of one member to one work gathered since the last write. */
export interface VisitBatchItem {
  userId: number;
  workId: number;
  chapterId: number;
  chaptersSeen: number;
  visits: number;
  at: string;
}

/** A member's reading of a work as pages show it. */
export interface ReadingRow {
  workId: number;
  lastChapterId: number | null;
  chaptersSeen: number;
  visits: number;
  lastVisitedAt: string;
  markedForLater: boolean;
}

/**
 * Adds gathered visits: a new row per first visit, else the visit count grows and the last chapter,
 * the chapters seen and the time move on. Works deleted since their visit are skipped.
 */
export async function addVisits(db: Executor, batch: readonly VisitBatchItem[]): Promise<void> {
  const ids = [...new Set(batch.map((v) => v.workId))];
  const live = new Set<number>();
  // In slices: SQLite binds at most 32,766 parameters to a statement.
  for (let i = 0; i < ids.length; i += 10_000)
    for (const r of await db
      .selectFrom('works')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 10_000))
      .execute())
      live.add(r.id);
  const rows = batch.filter((v) => live.has(v.workId));
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('readings')
      .values(
        rows.slice(i, i + 500).map((v) => ({
          user_id: v.userId,
          work_id: v.workId,
          last_chapter_id: v.chapterId,
          chapters_seen: v.chaptersSeen,
          visits: v.visits,
          last_visited_at: v.at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['user_id', 'work_id']).doUpdateSet({
          last_chapter_id: (eb) => eb.ref('excluded.last_chapter_id'),
          chapters_seen: (eb) => eb.ref('excluded.chapters_seen'),
          visits: sql<number>`readings.visits + excluded.visits`,
          last_visited_at: (eb) => eb.ref('excluded.last_visited_at'),
        }),
      )
      .execute();
  }
}

/** A member's readings of these works (at most a page's worth: one statement). */
export async function readingsOf(db: Executor, userId: number, workIds: readonly number[]): Promise<ReadingRow[]> {
  if (workIds.length === 0) return [];
  const rows = await db
    .selectFrom('readings')
    .select(['work_id', 'last_chapter_id', 'chapters_seen', 'visits', 'last_visited_at', 'marked_for_later'])
    .where('user_id', '=', userId)
    .where('work_id', 'in', [...workIds])
    .execute();
  return rows.map((r) => ({
    workId: r.work_id,
    lastChapterId: r.last_chapter_id,
    chaptersSeen: r.chapters_seen,
    visits: r.visits,
    lastVisitedAt: r.last_visited_at,
    markedForLater: r.marked_for_later === 1,
  }));
}

/**
 * Marks or unmarks a work for later. Marking a work never opened makes its row (no visits, no
 * chapter); unmarking leaves the visits.
 */
export async function setMarkedForLater(
  db: Executor,
  userId: number,
  workId: number,
  marked: boolean,
  chapterCount: number,
  now: string,
): Promise<void> {
  if (!marked) {
    await db
      .updateTable('readings')
      .set({ marked_for_later: 0 })
      .where('user_id', '=', userId)
      .where('work_id', '=', workId)
      .execute();
    return;
  }
  await db
    .insertInto('readings')
    .values({
      user_id: userId,
      work_id: workId,
      last_chapter_id: null,
      chapters_seen: chapterCount,
      visits: 0,
      last_visited_at: now,
      marked_for_later: 1,
    })
    .onConflict((oc) => oc.columns(['user_id', 'work_id']).doUpdateSet({ marked_for_later: 1 }))
    .execute();
}

/** Removes one work from a member's history (its mark for later too); false when it was not there. */
export async function deleteReading(db: Executor, userId: number, workId: number): Promise<boolean> {
  const r = await db
    .deleteFrom('readings')
    .where('user_id', '=', userId)
    .where('work_id', '=', workId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Removes a member's whole history; returns how many works it held. */
export async function deleteAllReadings(db: Executor, userId: number): Promise<number> {
  const r = await db.deleteFrom('readings').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Saves whether a member's reading history is recorded. */
export async function updateKeepHistory(db: Executor, userId: number, keep: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ keep_history: keep ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}
