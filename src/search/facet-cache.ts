import type { Viewer } from '../policies/index.js';
import type { StampMemoKind } from '../store/stamp-memo.js';
import type { SearchState } from './search-state.js';
import { prepareQuery, type WorksQuery } from './works-query.js';
import { preparedFacets, type FacetTag } from './work-facets.js';

const MAX_ENTRIES = 1000;
const FACETS: StampMemoKind<Map<string, Record<string, FacetTag[]>>> = {
  create: () => new Map(),
  full: (m) => m.size >= MAX_ENTRIES,
};

/**
 * The sidebar's tag counts, remembered per filter and per listing scope for one change stamp
 * (work-changes.store.ts), as the listed works beside them are. Counting every tag of every
 * matching work by SQL costs about a second at 100,000 works, so an answer is reused; but the key
 * holds everything the count depends on — the scope the policy gave (members-only works, the
 * reader's blocklist as it is now) and the filter — and any logged change to a work or tag starts
 * afresh, so a sidebar is never older than the listing it sits beside.
 */
export async function cachedWorkFacets(
  search: SearchState,
  viewer: Viewer,
  query: WorksQuery,
  perType = 10,
): Promise<Record<string, FacetTag[]>> {
  const prepared = await prepareQuery(search, viewer, query);
  if (!prepared.ok) return {};
  const memo = await search.memos.get(search.db, FACETS);
  // Neither the page nor the order changes which works match: a reader paging or re-sorting reuses it.
  const key = JSON.stringify([prepared.scope, perType, { ...query, page: undefined, sort: undefined }]);
  const hit = memo?.get(key);
  if (hit) return hit;
  const facets = await preparedFacets(search, prepared, perType);
  memo?.set(key, facets);
  return facets;
}
