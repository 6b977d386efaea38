import type { Executor } from '../store/executor.js';
import type { Work } from '../domain/work.js';
import type { Viewer } from '../policies/index.js';
import { isPostgres } from '../store/dialect.js';
import { tagsOfWork } from '../store/tag.store.js';
import { likeMatcher } from './filter-index/like.js';
import { prepareQuery } from './works-query.js';
import type { SearchState } from './search-state.js';
import type { ResolvedFilter } from './resolve-filter.js';

type Exclusions = ResolvedFilter['exclusions'];

/** The reader's blocklist as every listing resolves it, or undefined for a guest or an empty one. */
export async function readerBlocklist(search: SearchState, viewer: Viewer): Promise<Exclusions | undefined> {
  if (!viewer.user) return undefined;
  const prepared = await prepareQuery(search, viewer, {});
  return prepared.ok && prepared.resolved.exclusions.active ? prepared.resolved.exclusions : undefined;
}

/**
 * What of a resolved blocklist one work matches, by the rules every listing applies
 * (resolve-filter.ts: a canonical tag with its synonyms and sub tags, wildcards with the families
 * of the canonical tags they name, muted creators): the names of the work's tags that are blocked
 * and "works by NAME" for each muted creator.
 */
export async function blocklistMatches(
  db: Executor,
  x: Exclusions,
  work: Pick<Work, 'id' | 'creators'>,
): Promise<string[]> {
  const blocked = new Set([...x.ids, ...x.exactIds]);
  // SQLite's LIKE folds ASCII case and PostgreSQL's does not: match as the listing's own SQL does.
  const likes = x.likePatterns.map((p) => likeMatcher(p, !isPostgres(db)));
  const tags = blocked.size + likes.length ? await tagsOfWork(db, work.id) : [];
  const names = tags.filter((t) => blocked.has(t.id) || likes.some((m) => m(t.name_key))).map((t) => t.name);
  const muted = work.creators.filter((c) => x.mutedUserIds.includes(c.userId)).map((c) => `works by ${c.username}`);
  return [...new Set([...names, ...muted])];
}
