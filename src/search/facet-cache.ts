import type { Executor } from '../store/user.store.js';
import { listingScope, type Viewer } from '../policies/index.js';
import { workFacets, type FacetTag, type WorksQuery } from './works-query.js';

const TTL_MS = 60_000;
const MAX_ENTRIES = 1000;
type Entry = { at: number; facets: Record<string, FacetTag[]> };
// One cache per database handle, so that two archives in one process (tests) never share counts.
const caches = new WeakMap<object, Map<string, Entry>>();

/**
 * The sidebar's tag counts, remembered for a minute per filter and kind of viewer. Counting every
 * tag of every matching work costs about a second at 100,000 works, and a minute-old count is
 * good enough for a sidebar; the works listed beside it are always current.
 */
export async function cachedWorkFacets(db: Executor, viewer: Viewer, query: WorksQuery, perType = 10): Promise<Record<string, FacetTag[]>> {
  // Guests share entries; a member's entries are their own (restricted works, their blocklist).
  const who = viewer.user ? `u${viewer.user.id}` : 'guest';
  const key = `${who}:${perType}:${JSON.stringify({ ...query, page: undefined })}`;
  const now = Date.now();
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<string, Entry>()));
  const hit = cache.get(key);
  // The entry was computed under this same viewer's scope; asking again keeps the policy trail whole.
  listingScope(viewer);
  if (hit && now - hit.at < TTL_MS) return hit.facets;
  const facets = await workFacets(db, viewer, query, perType);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: now, facets });
  return facets;
}
