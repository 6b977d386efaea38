import type { Work } from '../domain/work.js';
import {
  canSeeHistory,
  canSeeWork,
  seesPrivateBookmarksOf,
  workDisclosure,
  draftsScope,
  listingScope,
  type ListingScope,
  type Viewer,
} from '../policies/index.js';
import { loadListedWorks } from './listed-works.js';
import { isPostgres } from '../store/dialect.js';
import { loadExclusions } from './exclusions.js';
import { resolveFilter, type ResolvedFilter } from './resolve-filter.js';
import type { WorksQuery } from './works-filter.js';
import { snippetsFor, type Snippet } from './snippets.js';
import type { SearchState } from './search-state.js';
import { fulltextPage } from './fulltext-page.js';
import { count, filtered, sqlPage } from './works-sql.js';
import { timed, type StageClock } from '../domain/stage-clock.js';

export const PAGE_SIZE = 20;
/** Pages past this are refused: deep OFFSET scans cost the database and no reader pages that far. */
export const MAX_PAGE = 5000;

export type { WorksQuery } from './works-filter.js';

export interface WorksPage {
  works: Work[];
  total: number;
  page: number;
  pages: number;
  /** Why a filter matched nothing or was adjusted (unknown tag, bad query, limits). */
  messages: string[];
  /** How many works the reader's blocklist removed from this result. */
  hiddenByBlocklist: number;
  /** For full-text searches: where the words were found, per work id. */
  snippets: Map<number, Snippet>;
  /** Set when the full-text query could not be read; the message points at the problem. */
  searchError?: string;
}

/** The scope and the resolved filter of a query, or why it matches nothing. */
export async function prepareQuery(
  search: SearchState,
  viewer: Viewer,
  query: WorksQuery,
): Promise<
  { ok: true; scope: ListingScope; resolved: ResolvedFilter } | { ok: false; messages: string[]; searchError?: string }
> {
  const { db } = search;
  let scope: ListingScope | undefined;
  // A reading history is its member's alone (policies decide; works-filter.ts `readBy`).
  if (query.readBy !== undefined && !canSeeHistory(viewer, query.readBy)) return { ok: false, messages: [] };
  if (query.draftsOf !== undefined) scope = draftsScope(viewer, query.draftsOf);
  // A reader who asked to see blocked works this once needs no blocklist read.
  else
    scope = listingScope(
      viewer,
      viewer.user && !query.showBlocked ? await loadExclusions(db, viewer.user.id) : undefined,
      query.showBlocked === true,
    );
  if (!scope) return { ok: false, messages: [] };
  const includePrivate = query.bookmarkedBy ? seesPrivateBookmarksOf(viewer, query.bookmarkedBy.userId) : false;
  const resolved = await resolveFilter(db, query, scope.exclusions, isPostgres(db), search.memos, includePrivate);
  if (!resolved.ok) return resolved;
  return { ok: true, scope, resolved: resolved.value };
}

/**
 * The one works query: every listing (pages, API, later feeds and catalogs) goes through it.
 * It asks the visibility policy for the viewer itself, so a caller cannot forget to.
 */
export async function queryWorks(
  search: SearchState,
  viewer: Viewer,
  query: WorksQuery = {},
  clock?: StageClock,
): Promise<WorksPage> {
  const { db } = search;
  const pageSize = Math.min(Math.max(query.pageSize ?? PAGE_SIZE, 1), 100);
  const page = Math.min(Math.max(Math.trunc(query.page ?? 1), 1), MAX_PAGE);
  const queryStarted = performance.now();
  const prepared = await prepareQuery(search, viewer, query);
  if (!prepared.ok) {
    const empty: WorksPage = {
      works: [],
      total: 0,
      page,
      pages: 0,
      messages: prepared.messages,
      hiddenByBlocklist: 0,
      snippets: new Map(),
    };
    return prepared.searchError ? { ...empty, searchError: prepared.searchError } : empty;
  }
  const { scope, resolved } = prepared;

  // The in-memory filter index answers when it is enabled and ready (with the text index for the words); SQL stays the reference.
  const slice = { offset: (page - 1) * pageSize, limit: pageSize };
  const fromIndex = resolved.search
    ? resolved.bookmarkedBy
      ? undefined
      : await fulltextPage(search, scope, resolved, slice)
    : await search.filterIndex?.answer(scope, resolved, slice);
  const { total, hiddenByBlocklist, ids } = fromIndex ?? (await sqlPage(db, scope, resolved, page, pageSize));
  clock?.add('query', performance.now() - queryStarted);
  const works = await timed(clock, 'works', () => loadListedWorks(db, search.memos, ids));
  // The scope applied above (by the index or SQL) is the rule; this re-check is a second lock on the same door.
  const visible = works.filter((w) => canSeeWork(viewer, w));
  // A snippet is text of the work: only for works this viewer could read without the adult gate.
  const readable = resolved.search ? visible.filter((w) => workDisclosure(viewer, w) === 'full').map((w) => w.id) : [];
  const snippets = resolved.search
    ? await timed(clock, 'snippets', () => snippetsFor(db, readable, resolved.search!.highlight))
    : new Map<number, Snippet>();
  return {
    works: visible,
    total,
    page,
    pages: Math.ceil(total / pageSize),
    messages: resolved.messages,
    hiddenByBlocklist,
    snippets,
  };
}

/** Counts the works with a tag that this viewer can see, as the tag's listing counts them: after their blocklist, and how many it hid. */
export async function countVisibleWorksWithTag(
  search: SearchState,
  viewer: Viewer,
  tagId: number,
): Promise<{ total: number; hiddenByBlocklist: number }> {
  const { db } = search;
  const prepared = await prepareQuery(search, viewer, { tagId });
  if (!prepared.ok) return { total: 0, hiddenByBlocklist: 0 };
  const { scope, resolved } = prepared;
  const fromIndex = await search.filterIndex?.answer(scope, resolved, null);
  if (fromIndex) return { total: fromIndex.total, hiddenByBlocklist: fromIndex.hiddenByBlocklist };
  const total = await count(filtered(db, scope, resolved, true));
  return {
    total,
    hiddenByBlocklist: resolved.exclusions.active ? (await count(filtered(db, scope, resolved, false))) - total : 0,
  };
}
