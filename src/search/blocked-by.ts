import type { Executor } from '../store/executor.js';
import type { Work } from '../domain/work.js';
import type { Viewer } from '../policies/index.js';
import { isPostgres } from '../store/dialect.js';
import { tagsOfWork } from '../store/tag.store.js';
import { likeMatcher } from './filter-index/like.js';
import { prepareQuery } from './works-query.js';

/**
 * What of the reader's blocklist one work matches, by the rules every listing applies
 * (resolve-filter.ts: a canonical tag with its synonyms and sub tags, wildcards with the families
 * of the canonical tags they name, muted creators): the names of the work's tags that are blocked
 * and "works by NAME" for each muted creator. Empty for guests and for works nothing blocks.
 */
export async function workBlockedBy(
  db: Executor,
  viewer: Viewer,
  work: Pick<Work, 'id' | 'creators'>,
): Promise<string[]> {
  if (!viewer.user) return [];
  const prepared = await prepareQuery(db, viewer, {});
  if (!prepared.ok || !prepared.resolved.exclusions.active) return [];
  const x = prepared.resolved.exclusions;
  const blocked = new Set([...x.ids, ...x.exactIds]);
  // SQLite's LIKE folds ASCII case and PostgreSQL's does not: match as the listing's own SQL does.
  const likes = x.likePatterns.map((p) => likeMatcher(p, !isPostgres(db)));
  const tags = blocked.size + likes.length ? await tagsOfWork(db, work.id) : [];
  const names = tags.filter((t) => blocked.has(t.id) || likes.some((m) => m(t.name_key))).map((t) => t.name);
  const muted = work.creators.filter((c) => x.mutedUserIds.includes(c.userId)).map((c) => `works by ${c.username}`);
  return [...new Set([...names, ...muted])];
}
