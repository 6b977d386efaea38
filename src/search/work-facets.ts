import type { ListingScope, Viewer } from '../policies/index.js';
import type { ResolvedFilter } from './resolve-filter.js';
import type { SearchState } from './search-state.js';
import { fulltextFacets } from './fulltext-page.js';
import { sqlFacetCounts } from './works-sql.js';
import { prepareQuery, type WorksQuery } from './works-query.js';

export interface FacetTag {
  name: string;
  count: number;
}

/**
 * The most frequent tags among all results of a query, by type (AO3's filter sidebar). Synonyms
 * count towards their canonical tag, which is the one a click filters on.
 */
export async function workFacets(
  search: SearchState,
  viewer: Viewer,
  query: WorksQuery,
  perType = 10,
): Promise<Record<string, FacetTag[]>> {
  const prepared = await prepareQuery(search, viewer, query);
  return prepared.ok ? preparedFacets(search, prepared, perType) : {};
}

/** The same, for a query already prepared (facet-cache.ts keys its entries on the prepared scope). */
export async function preparedFacets(
  search: SearchState,
  prepared: { scope: ListingScope; resolved: ResolvedFilter },
  perType = 10,
): Promise<Record<string, FacetTag[]>> {
  const { db } = search;
  const out: Record<string, FacetTag[]> = {};
  const fromIndex = prepared.resolved.search
    ? await fulltextFacets(search, prepared.scope, prepared.resolved, 500)
    : await search.filterIndex?.facets(prepared.scope, prepared.resolved, 500);
  const rows =
    fromIndex?.map((f) => ({ tag_id: f.tagId, n: f.count })) ??
    (await sqlFacetCounts(db, prepared.scope, prepared.resolved));
  const tags = rows.length
    ? await db
        .selectFrom('tags')
        .select(['id', 'name', 'type'])
        .where(
          'id',
          'in',
          rows.map((r) => Number(r.tag_id)),
        )
        .execute()
    : [];
  const byId = new Map(tags.map((t) => [t.id, t]));
  for (const r of rows) {
    const t = byId.get(Number(r.tag_id));
    if (!t) continue;
    const list = (out[t.type] ??= []);
    if (list.length < perType) list.push({ name: t.name, count: Number(r.n) });
  }
  return out;
}
