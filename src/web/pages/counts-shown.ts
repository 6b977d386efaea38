import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import type { Work } from '../../domain/work.js';
import type { WorkCounts } from '../../store/count-changes.store.js';
import { COUNT_SORTS, type SortKey } from '../../search/works-filter.js';
import { NO_COUNTS } from '../../store/count-changes.store.js';
import { readingsFor } from '../../services/reading-history.js';
import type { BlurbCounts } from './components.js';

/**
 * The counts of a listing's works, and a note for the shared guest pages that this page shows them
 * (and, sorted by a count, depends on all of them): a count change then drops the page (ADR 010).
 */
export async function countsForListing(
  c: Context<AppEnv>,
  works: readonly Work[],
  sort?: SortKey,
): Promise<ReadonlyMap<number, BlurbCounts>> {
  const ids = works.map((w) => w.id);
  c.set('countsShown', { workIds: ids, countSorted: sort !== undefined && COUNT_SORTS.has(sort) });
  const counts = await c.get('deps').counts.of(ids);
  return withNewChapters(c, works, counts);
}

/**
 * Adds a member's "N new chapters since you last read" to the counts, from one query for the page's
 * works. A guest's page (the kind the shared guest pages keep) gets none: the badges are the member's own.
 */
async function withNewChapters(
  c: Context<AppEnv>,
  works: readonly Work[],
  counts: ReadonlyMap<number, WorkCounts>,
): Promise<ReadonlyMap<number, BlurbCounts>> {
  const viewer = c.get('viewer');
  if (!viewer.user) return counts;
  const { db, readings } = c.get('deps');
  const read = await readingsFor(db, readings, viewer, works);
  let out: Map<number, BlurbCounts> | undefined;
  for (const [id, r] of read) {
    if (r.newChapters === 0) continue;
    out ??= new Map(counts);
    out.set(id, { ...(counts.get(id) ?? NO_COUNTS), newChapters: r.newChapters });
  }
  return out ?? counts;
}
