import type { Executor } from '../store/executor.js';
import type { WorkMeta } from '../domain/work-input.js';
import { addWorkToSeries, findOrCreateSeries, removeWorkFromOtherSeriesOf } from '../store/series.store.js';

/**
 * Makes the work part of exactly the listed series of this writer (made when new). Series of
 * co-creators are theirs to change, so they are left as they are.
 */
export async function saveWorkSeries(
  trx: Executor,
  userId: number,
  workId: number,
  series: WorkMeta['series'],
  now: string,
): Promise<void> {
  const keep: number[] = [];
  for (const s of series) {
    const id = await findOrCreateSeries(trx, userId, s.title, now);
    await addWorkToSeries(trx, id, workId, s.position ?? undefined, now);
    keep.push(id);
  }
  await removeWorkFromOtherSeriesOf(trx, userId, workId, keep);
}
