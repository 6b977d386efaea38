import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import type { Work } from '../../domain/work.js';
import type { WorkCounts } from '../../store/count-changes.store.js';
import { COUNT_SORTS, type SortKey } from '../../search/works-filter.js';

/**
 * The counts of a listing's works, and a note for the shared guest pages that this page shows them
 * (and, sorted by a count, depends on all of them): a count change then drops the page (ADR 010).
 */
export async function countsForListing(
  c: Context<AppEnv>,
  works: readonly Work[],
  sort?: SortKey,
): Promise<ReadonlyMap<number, WorkCounts>> {
  const ids = works.map((w) => w.id);
  c.set('countsShown', { workIds: ids, countSorted: sort !== undefined && COUNT_SORTS.has(sort) });
  return c.get('deps').counts.of(ids);
}
