import type { Executor } from '../store/executor.js';
import { isPostgres } from '../store/dialect.js';
import { tagIdsByNames } from '../store/external-work.store.js';
import { tagKey } from '../domain/tags.js';
import { likeMatcher } from './filter-index/like.js';
import type { ResolvedFilter } from './resolve-filter.js';

type Exclusions = ResolvedFilter['exclusions'];

/**
 * Which works hosted elsewhere a resolved blocklist excludes, by the rules the works query applies
 * to the archive's own tags: a fandom or rating whose tag is blocked (a canonical tag's synonyms
 * and sub tags included), or whose name a wildcard matches. Names that are no tag here match
 * wildcards only.
 */
export async function blockedExternalWorks(
  db: Executor,
  x: Exclusions,
  works: ReadonlyArray<{ id: number; fandoms: readonly string[]; rating: string }>,
): Promise<Set<number>> {
  const out = new Set<number>();
  if (!x.active || works.length === 0) return out;
  const names = [...new Set(works.flatMap((w) => [...w.fandoms, w.rating]))];
  const ids = await tagIdsByNames(db, names);
  const blocked = new Set([...x.ids, ...x.exactIds]);
  // SQLite's LIKE folds ASCII case and PostgreSQL's does not: match as the listing's own SQL does.
  const likes = x.likePatterns.map((p) => likeMatcher(p, !isPostgres(db)));
  const isBlocked = (name: string) => {
    const id = ids.get(tagKey(name));
    return (id !== undefined && blocked.has(id)) || likes.some((m) => m(tagKey(name)));
  };
  for (const w of works) if ([...w.fandoms, w.rating].some(isBlocked)) out.add(w.id);
  return out;
}
