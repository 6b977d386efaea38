import type { Work } from '../domain/work.js';
import { canSeeBookmark, externalWorkAccess, workDisclosure, type Viewer } from '../policies/index.js';
import { prepareQuery, queryWorks } from '../search/works-query.js';
import type { SearchState } from '../search/search-state.js';
import type { WorksFilter } from '../search/works-filter.js';
import { blockedExternalWorks } from '../search/bookmark-blocklist.js';
import { bookmarksOfWorksBy, targetBookmarksBy, type OwnBookmark } from '../store/bookmark.store.js';
import { externalWorksByIds, type ExternalWork } from '../store/external-work.store.js';
import { findSeries, type SeriesRow } from '../store/series.store.js';
import { visibleWorksInSeries } from './bookmark-targets.js';
import { BOOKMARKS_PER_PAGE } from './bookmarks.js';

/** What a member's bookmarks page lists: bookmarks of works, of series, or of works hosted elsewhere. */
export const BOOKMARK_KINDS = ['works', 'series', 'external'] as const;
export type BookmarkKind = (typeof BOOKMARK_KINDS)[number];

/** The filter of a member's bookmarks page. */
export interface MemberBookmarksQuery {
  kind: BookmarkKind;
  /** The bookmarked work's side (tags to include and exclude, ratings…); works only. */
  workFilter: WorksFilter;
  /** The bookmarker's own tags; every one must be on the bookmark. */
  bookmarkTags: string[];
  rec: boolean;
  withNotes: boolean;
  /** Date bookmarked (newest first) or the work's date updated; works only. */
  sort: 'bookmarked' | 'updated';
  page: number;
  showBlocked: boolean;
}

interface PageBase {
  total: number;
  pages: number;
  page: number;
  /** Bookmarks the viewer's blocklist or muted members hid. */
  hidden: number;
  messages: string[];
}
export type MemberBookmarksPage =
  | (PageBase & { kind: 'works'; works: Work[]; bookmarks: Map<number, OwnBookmark> })
  | (PageBase & { kind: 'series'; items: Array<{ bookmark: OwnBookmark; series: SeriesRow; works: number }> })
  | (PageBase & {
      kind: 'external';
      items: Array<{ bookmark: OwnBookmark; work: ExternalWork; gated: boolean }>;
    });

/**
 * A page of a member's bookmarks as this viewer may see them. Works go through the works query
 * (its `bookmarkedBy` field), so visibility, the blocklist, the tag filters and the hidden count
 * come from there; series and external works are judged by the same rules: a series shows while it
 * holds a work the viewer may see, an external work carries its rating and fandoms.
 */
export async function memberBookmarks(
  search: SearchState,
  viewer: Viewer,
  ownerId: number,
  q: MemberBookmarksQuery,
): Promise<MemberBookmarksPage> {
  const bookmarkedBy = { userId: ownerId, tags: q.bookmarkTags, rec: q.rec, withNotes: q.withNotes };
  if (q.kind === 'works') {
    const result = await queryWorks(search, viewer, {
      ...q.workFilter,
      bookmarkedBy,
      page: q.page,
      pageSize: BOOKMARKS_PER_PAGE,
      showBlocked: q.showBlocked,
      ...(q.sort === 'updated' ? { sort: 'updated' as const } : { sort: undefined }),
    });
    const bookmarks = await bookmarksOfWorksBy(
      search.db,
      ownerId,
      result.works.map((w) => w.id),
    );
    // Notes speak of the work's text: behind the adult gate they wait, as the work's own bookmarks page does.
    for (const w of result.works) {
      const b = bookmarks.get(w.id);
      if (b && workDisclosure(viewer, w) !== 'full') bookmarks.set(w.id, { ...b, notes: '' });
    }
    return {
      kind: 'works',
      works: result.works.filter((w) => bookmarks.has(w.id) && canSeeBookmark(viewer, bookmarks.get(w.id)!)),
      bookmarks,
      total: result.total,
      pages: result.pages,
      page: result.page,
      hidden: result.hiddenByBlocklist,
      messages: result.messages,
    };
  }
  // The bookmark side resolved as the works query resolves it: tag names, private ones, the blocklist.
  const prepared = await prepareQuery(search, viewer, { bookmarkedBy, showBlocked: q.showBlocked });
  const empty = { total: 0, pages: 0, page: q.page, hidden: 0 };
  if (!prepared.ok)
    return q.kind === 'series'
      ? { kind: 'series', items: [], ...empty, messages: prepared.messages }
      : { kind: 'external', items: [], ...empty, messages: prepared.messages };
  const r = prepared.resolved;
  const b = r.bookmarkedBy!;
  const ownerMuted = r.exclusions.mutedUserIds.includes(ownerId);
  const rows = (await targetBookmarksBy(search.db, ownerId, q.kind, b)).filter((x) => canSeeBookmark(viewer, x));
  const slice = <T>(all: T[], hidden: number) => ({
    total: all.length,
    pages: Math.ceil(all.length / BOOKMARKS_PER_PAGE),
    page: q.page,
    hidden,
    messages: r.messages,
    items: all.slice((q.page - 1) * BOOKMARKS_PER_PAGE, q.page * BOOKMARKS_PER_PAGE),
  });
  if (q.kind === 'series') {
    const shown: Array<{ bookmark: OwnBookmark; series: SeriesRow; works: number }> = [];
    let hidden = 0;
    // One works query a series (as its page asks): a member bookmarks few series.
    for (const bookmark of rows) {
      const series = await findSeries(search.db, bookmark.seriesId!);
      if (!series) continue;
      const seen = await visibleWorksInSeries(search, viewer, series.id);
      if (seen.listed === 0 && seen.hiddenByBlocklist === 0) continue;
      if (seen.listed === 0 || ownerMuted) hidden++;
      else shown.push({ bookmark, series, works: seen.listed });
    }
    return { kind: 'series', ...slice(shown, hidden) };
  }
  const works = await externalWorksByIds(
    search.db,
    rows.map((x) => x.externalWorkId!),
  );
  const blocked = await blockedExternalWorks(search.db, r.exclusions, [...works.values()]);
  const shown: Array<{ bookmark: OwnBookmark; work: ExternalWork; gated: boolean }> = [];
  let hidden = 0;
  for (const bookmark of rows) {
    const work = works.get(bookmark.externalWorkId!);
    if (!work) continue;
    if (ownerMuted || blocked.has(work.id)) hidden++;
    else {
      const gated = externalWorkAccess(viewer, work) === 'gate';
      shown.push({ bookmark: gated ? { ...bookmark, notes: '' } : bookmark, work, gated });
    }
  }
  return { kind: 'external', ...slice(shown, hidden) };
}
