import type { Executor } from './executor.js';

export interface Hit {
  workId: number;
  visitor: string;
  day: string;
}

/** Stores the hits not stored before (one per work, visitor and day); returns how many were new, per work. */
export async function insertNewHits(db: Executor, hits: readonly Hit[]): Promise<Map<number, number>> {
  const added = new Map<number, number>();
  // A few hundred rows per statement keeps within both dialects' limits on bound parameters.
  for (let i = 0; i < hits.length; i += 500) {
    const rows = await db
      .insertInto('work_hits')
      .values(hits.slice(i, i + 500).map((h) => ({ work_id: h.workId, visitor: h.visitor, day: h.day })))
      .onConflict((oc) => oc.doNothing())
      .returning('work_id')
      .execute();
    for (const r of rows) added.set(r.work_id, (added.get(r.work_id) ?? 0) + 1);
  }
  return added;
}

export async function pruneHits(db: Executor, beforeDay: string): Promise<void> {
  await db.deleteFrom('work_hits').where('day', '<', beforeDay).execute();
}
