import type { Executor } from './executor.js';

/** A work's counts as pages show them (ADR 010). */
export interface WorkCounts {
  kudos: number;
  hits: number;
  comments: number;
  bookmarks: number;
}

export const NO_COUNTS: WorkCounts = Object.freeze({ kudos: 0, hits: 0, comments: 0, bookmarks: 0 });

type CountColumn = 'kudos_count' | 'hits_count' | 'comments_count' | 'bookmarks_count';

/** Adds `delta` to one of a work's counts and logs the change; call inside the change's transaction. */
export async function addToCount(db: Executor, workId: number, column: CountColumn, delta: number): Promise<void> {
  if (delta === 0) return;
  await db
    .updateTable('works')
    .set((eb) => ({ [column]: eb(column, '+', delta) }))
    .where('id', '=', workId)
    .execute();
  await logCountChange(db, workId);
}

/** Records that a work's counts changed; call inside the change's transaction. */
export async function logCountChange(db: Executor, workId: number): Promise<void> {
  await db.insertInto('count_changes').values({ work_id: workId, created_at: new Date().toISOString() }).execute();
}

/** The counts of these works (missing ids are left out). */
export async function readCounts(db: Executor, ids: readonly number[]): Promise<Map<number, WorkCounts>> {
  const out = new Map<number, WorkCounts>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('works')
    .select(['id', 'kudos_count', 'hits_count', 'comments_count', 'bookmarks_count'])
    .where('id', 'in', [...ids])
    .execute();
  for (const r of rows)
    out.set(r.id, {
      kudos: Number(r.kudos_count ?? 0),
      hits: Number(r.hits_count ?? 0),
      comments: Number(r.comments_count ?? 0),
      bookmarks: Number(r.bookmarks_count ?? 0),
    });
  return out;
}
