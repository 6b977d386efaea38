import type { Executor } from './executor.js';

export interface Hit {
  workId: number;
  visitor: string;
  day: string;
}

/** How many hits of a work and day were new. */
export interface NewHits {
  workId: number;
  day: string;
  n: number;
}

/** Stores the hits not stored before (one per work, visitor and day); returns how many were new, per work and day. */
export async function insertNewHits(db: Executor, hits: readonly Hit[]): Promise<NewHits[]> {
  const added = new Map<string, NewHits>();
  // A few hundred rows per statement keeps within both dialects' limits on bound parameters.
  for (let i = 0; i < hits.length; i += 500) {
    const rows = await db
      .insertInto('work_hits')
      .values(hits.slice(i, i + 500).map((h) => ({ work_id: h.workId, visitor: h.visitor, day: h.day })))
      .onConflict((oc) => oc.doNothing())
      .returning(['work_id', 'day'])
      .execute();
    for (const r of rows) {
      const key = `${r.work_id} ${r.day}`;
      const a = added.get(key);
      if (a) a.n++;
      else added.set(key, { workId: r.work_id, day: r.day, n: 1 });
    }
  }
  return [...added.values()];
}

export async function pruneHits(db: Executor, beforeDay: string): Promise<void> {
  await db.deleteFrom('work_hits').where('day', '<', beforeDay).execute();
}
