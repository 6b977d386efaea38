import type { Executor } from '../store/executor.js';
import type { Exclusions } from '../policies/index.js';
import { findTagById, findTagByName } from '../store/tag.store.js';
import type { StampMemoKind, StampMemos } from '../store/stamp-memo.js';
import { subTagClosure, synonymIds, wildcardFamilyIds } from '../store/tag-graph.store.js';
import { tagKey } from '../domain/tags.js';
import { bookmarkedWorkIds } from '../store/bookmark.store.js';
import { compileFts5, compileTsquery, parseQuery, positiveTokens } from './query-parser.js';
import type { WorksFilter, WorksQuery } from './works-filter.js';

/** Tag ids a condition matches; with `withSynonyms`, synonyms of those ids match too. */
export interface TagSet {
  /** Shared between queries (see TagMemo): read, never change. */
  readonly ids: readonly number[];
  withSynonyms: boolean;
}

/** A filter with every name turned into ids and the search compiled for the dialect. */
export interface ResolvedFilter {
  filter: WorksFilter;
  includeSets: TagSet[];
  ratingIds: number[];
  /** Canonical expansions (synonyms match) and exact tags (non-canonical) to exclude. */
  exclude: { ids: number[]; exactIds: number[] };
  exclusions: { active: boolean; ids: number[]; exactIds: number[]; likePatterns: string[]; mutedUserIds: number[] };
  pseudId?: number;
  userId?: number;
  seriesId?: number;
  /** A member's reading history (works-filter.ts `readBy`, `markedForLater`). */
  readBy?: { userId: number; markedForLater: boolean };
  /** Works a member bookmarked (works-filter.ts `bookmarkedBy`); `includePrivate` as the bookmark policy answered. */
  bookmarkedBy?: {
    userId: number;
    includePrivate: boolean;
    tagSets: TagSet[];
    rec: boolean;
    withNotes: boolean;
    /** The works whose bookmarks meet these conditions, each with its place: 0 for the newest bookmark. */
    positions: ReadonlyMap<number, number>;
  };
  search?: { fts5: string; tsquery: string; highlight: string[] };
  messages: string[];
}

/**
 * AO3's rule: a canonical tag matches itself, its sub tags transitively, and all their synonyms;
 * a synonym or unwrangled tag matches only itself.
 */
async function expand(db: Executor, tag: { id: number; canonical: number }): Promise<TagSet> {
  if (tag.canonical !== 1) return { ids: [tag.id], withSynonyms: false };
  const closure = [...(await subTagClosure(db, [tag.id]))];
  // Synonyms resolved here, so the SQL is a plain `tag_id IN (…)` that the tag index answers.
  return { ids: [...closure, ...(await synonymIds(db, closure))], withSynonyms: true };
}

type TagLookup = { id: number; canonical: number };

/**
 * Tag look-ups and expansions of one database, valid for one change stamp (work-changes.store.ts). Every change to tags
 * (wrangling, renames, new tags with the works that bring them) is logged in work_changes in its own
 * transaction, so while the stamp stays the same these answers cannot change; a popular
 * meta tag's expansion (a recursive query and thousands of synonym ids) is then read once, not per
 * listing. Only tags that exist are remembered: a name that is not a tag yet is asked again.
 */
interface TagMemo {
  byKey: Map<string, TagLookup>;
  byId: Map<number, TagLookup>;
  expansions: Map<number, TagSet>;
  /** Per LIKE pattern: the canonical tags it names with their sub tags and synonyms. */
  wildcards: Map<string, readonly number[]>;
}
const MEMO_ENTRIES = 20_000;
const TAG_MEMO: StampMemoKind<TagMemo> = {
  create: () => ({ byKey: new Map(), byId: new Map(), expansions: new Map(), wildcards: new Map() }),
  full: (m) => m.expansions.size + m.byKey.size + m.wildcards.size > MEMO_ENTRIES,
};

function tagResolver(db: Executor, memo: TagMemo | undefined) {
  return {
    async byName(name: string): Promise<TagLookup | undefined> {
      const key = tagKey(name);
      const known = memo?.byKey.get(key);
      if (known) return known;
      const t = await findTagByName(db, name);
      if (t && memo) memo.byKey.set(key, { id: t.id, canonical: t.canonical });
      return t;
    },
    async byId(id: number): Promise<TagLookup | undefined> {
      const known = memo?.byId.get(id);
      if (known) return known;
      const t = await findTagById(db, id);
      if (t && memo) memo.byId.set(id, { id: t.id, canonical: t.canonical });
      return t;
    },
    async wildcardFamily(like: string): Promise<readonly number[]> {
      const known = memo?.wildcards.get(like);
      if (known) return known;
      const ids = await wildcardFamilyIds(db, like);
      memo?.wildcards.set(like, ids);
      return ids;
    },
    async expand(tag: TagLookup): Promise<TagSet> {
      const known = memo?.expansions.get(tag.id);
      if (known) return known;
      const set = await expand(db, tag);
      memo?.expansions.set(tag.id, set);
      return set;
    },
  };
}

/** `*Non-Con*` → a LIKE pattern on the lower-cased name (`%non-con%`), with LIKE's own wildcards escaped. */
export function wildcardToLike(pattern: string): string {
  return tagKey(pattern)
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%');
}

export async function resolveFilter(
  db: Executor,
  q: WorksQuery,
  exclusions: Exclusions,
  postgres: boolean,
  memos?: StampMemos,
  bookmarksIncludePrivate = false,
): Promise<{ ok: true; value: ResolvedFilter } | { ok: false; messages: string[]; searchError?: string }> {
  const messages: string[] = [];
  const missing: string[] = [];
  const tags = tagResolver(db, await memos?.get(db, TAG_MEMO));
  const lookup = async (name: string) => {
    const t = await tags.byName(name);
    if (!t) missing.push(name);
    return t;
  };

  const includeSets: TagSet[] = [];
  if (q.tagId !== undefined) {
    const t = await tags.byId(q.tagId);
    if (t) includeSets.push(await tags.expand(t));
  }
  for (const name of [...(q.include ?? []), ...(q.warnings ?? []), ...(q.categories ?? [])]) {
    const t = await lookup(name);
    if (t) includeSets.push(await tags.expand(t));
  }
  const ratingIds: number[] = [];
  for (const name of q.ratings ?? []) {
    const t = await lookup(name);
    if (t) ratingIds.push(t.id);
  }
  const exclude = { ids: [] as number[], exactIds: [] as number[] };
  for (const name of q.exclude ?? []) {
    const t = await lookup(name);
    if (!t) continue;
    const set = await tags.expand(t);
    (set.withSynonyms ? exclude.ids : exclude.exactIds).push(...set.ids);
  }
  const bookmarkTagSets: TagSet[] = [];
  for (const name of q.bookmarkedBy?.tags ?? []) {
    const t = await lookup(name);
    if (t) bookmarkTagSets.push(await tags.expand(t));
  }
  if (missing.length) {
    // A typo must not show what the reader meant to filter out: match nothing, and say why.
    return {
      ok: false,
      messages: missing.map(
        (n) => `The tag “${n}” does not exist, so nothing matches this filter. Check its spelling.`,
      ),
    };
  }

  const x = {
    active: false,
    ids: [] as number[],
    exactIds: [] as number[],
    likePatterns: [] as string[],
    mutedUserIds: exclusions.mutedUserIds,
  };
  for (const pattern of exclusions.tagPatterns) {
    if (pattern.includes('*')) {
      // The pattern blocks the tags it names; where it names a canonical tag, it blocks what a
      // block of that tag's name would: its synonyms and sub tags, whatever they are called.
      const like = wildcardToLike(pattern);
      x.likePatterns.push(like);
      x.ids.push(...(await tags.wildcardFamily(like)));
      continue;
    }
    // A blocked name that is not a tag yet blocks nothing today, and will once someone uses it.
    const t = await tags.byName(pattern);
    if (!t) continue;
    const set = await tags.expand(t);
    (set.withSynonyms ? x.ids : x.exactIds).push(...set.ids);
  }
  x.active = x.ids.length + x.exactIds.length + x.likePatterns.length + x.mutedUserIds.length > 0;

  let bookmarkedBy: ResolvedFilter['bookmarkedBy'];
  if (q.bookmarkedBy) {
    const b = {
      userId: q.bookmarkedBy.userId,
      includePrivate: bookmarksIncludePrivate,
      tagSets: bookmarkTagSets,
      rec: q.bookmarkedBy.rec === true,
      withNotes: q.bookmarkedBy.withNotes === true,
    };
    // Read once here, so the filter index can answer from the ids (a member has thousands, not millions).
    const ids = await bookmarkedWorkIds(db, b.userId, b);
    bookmarkedBy = { ...b, positions: new Map(ids.map((id, i) => [id, i])) };
  }

  let search: ResolvedFilter['search'];
  if (q.q) {
    const parsed = parseQuery(q.q);
    if (!parsed.ok) return { ok: false, messages: [`Search: ${parsed.message}`], searchError: parsed.message };
    try {
      search = postgres
        ? { fts5: '', tsquery: compileTsquery(parsed.node), highlight: positiveTokens(parsed.node) }
        : { fts5: compileFts5(parsed.node), tsquery: '', highlight: positiveTokens(parsed.node) };
    } catch (e) {
      const message = e instanceof Error ? e.message : 'This query cannot be run.';
      return { ok: false, messages: [`Search: ${message}`], searchError: message };
    }
  }

  return {
    ok: true,
    value: {
      filter: q,
      includeSets,
      ratingIds,
      exclude,
      exclusions: x,
      ...(q.pseudId !== undefined ? { pseudId: q.pseudId } : {}),
      ...(q.userId !== undefined ? { userId: q.userId } : {}),
      ...(q.seriesId !== undefined ? { seriesId: q.seriesId } : {}),
      ...(bookmarkedBy ? { bookmarkedBy } : {}),
      ...(q.readBy !== undefined ? { readBy: { userId: q.readBy, markedForLater: q.markedForLater === true } } : {}),
      ...(search ? { search } : {}),
      messages,
    },
  };
}
