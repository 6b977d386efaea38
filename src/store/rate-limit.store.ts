import type { Executor } from './executor.js';

/**
 * Counts one more request for `key` in the window starting at `windowStart` and returns the count
 * so far, in one statement: two processes counting at once both see the other's request.
 */
export async function countRequest(db: Executor, key: string, windowStart: number): Promise<number> {
  const r = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(r.count);
}

/** Forgets windows that started before `before` (seconds since the epoch). */
export async function pruneRateLimits(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
}
