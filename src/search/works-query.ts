import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
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
import { byUsers, worksInScope } from '../store/works-in-scope.js';
import { loadExclusions } from './exclusions.js';
import { resolveFilter, type ResolvedFilter } from './resolve-filter.js';
import type { WorksQuery } from './works-filter.js';
import { snippetsFor, type Snippet } from './snippets.js';
import type { SearchState } from './search-state.js';
import { fulltextFacets, fulltextPage, relevanceWindowSize } from './fulltext-page.js';
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

type WorksSelect = SelectQueryBuilder<DB, 'works', object>;
type EB = ExpressionBuilder<DB, 'works'>;

/**
 * The work carries one of these tags (synonyms already expanded by resolve-filter). An IN over the
 * (tag_id, work_id) index builds the set once, instead of probing each candidate work's tags.
 */
function hasTagIn(eb: EB, ids: readonly number[], pg: boolean, probe = false) {
  // A few candidate works (a member's bookmarks) are cheaper to probe by the (work_id, tag_id) key
  // than a popular tag's whole set of works is to build.
  if (probe)
    return eb.exists(
      eb
        .selectFrom('work_tags')
        .select(eb.lit(1).as('one'))
        .whereRef('work_tags.work_id', '=', 'works.id')
        .where('work_tags.tag_id', 'in', idList(ids, pg)),
    );
  return eb(
    'works.id',
    'in',
    eb.selectFrom('work_tags').select('work_tags.work_id').where('work_tags.tag_id', 'in', idList(ids, pg)),
  );
}

/**
 * A list of ids as SQL. Long lists (a wildcard block's family of tags, a popular meta tag's
 * synonyms) go as one array parameter: SQLite binds at most 32,766 parameters a statement.
 */
function idList(ids: readonly number[], pg: boolean) {
  if (ids.length <= 500) return ids;
  return pg
    ? sql<number>`(select unnest(${[...ids]}::int[]))`
    : sql<number>`(select value from json_each(${JSON.stringify(ids)}))`;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Applies a resolved filter; `withExclusions` adds the reader's blocklist. */
function filtered(db: Executor, scope: ListingScope, r: ResolvedFilter, withExclusions: boolean): WorksSelect {
  const pg = isPostgres(db);
  let q = worksInScope(db, scope);
  const probe = r.bookmarkedBy !== undefined;
  for (const set of r.includeSets) q = q.where((eb) => hasTagIn(eb, set.ids, pg, probe));
  if (r.ratingIds.length) q = q.where((eb) => hasTagIn(eb, r.ratingIds, pg, probe));
  const excluded = [...r.exclude.ids, ...r.exclude.exactIds];
  if (excluded.length) q = q.where((eb) => eb.not(hasTagIn(eb, excluded, pg, probe)));
  const f = r.filter;
  if (f.crossover === 'exclude') q = q.where('works.crossover', '=', 0);
  if (f.crossover === 'only') q = q.where('works.crossover', '=', 1);
  if (f.complete === true)
    q = q
      .where('works.expected_chapters', 'is not', null)
      .whereRef('works.chapter_count', '>=', 'works.expected_chapters');
  if (f.complete === false)
    q = q.where((eb) =>
      eb.or([
        eb('works.expected_chapters', 'is', null),
        eb('works.chapter_count', '<', eb.ref('works.expected_chapters')),
      ]),
    );
  if (f.wordsFrom !== undefined) q = q.where('works.word_count', '>=', f.wordsFrom);
  if (f.wordsTo !== undefined) q = q.where('works.word_count', '<=', f.wordsTo);
  if (f.updatedFrom) q = q.where('works.updated_at', '>=', f.updatedFrom);
  if (f.updatedTo) q = q.where('works.updated_at', '<', nextDay(f.updatedTo));
  if (f.language) q = q.where('works.language', '=', f.language);
  if (r.pseudId !== undefined) {
    const pseudId = r.pseudId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('creatorships')
          .select(eb.lit(1).as('one'))
          .whereRef('creatorships.work_id', '=', 'works.id')
          .where('creatorships.pseud_id', '=', pseudId),
      ),
    );
  }
  if (r.userId !== undefined) {
    const userId = r.userId;
    q = q.where((eb) => byUsers(eb, [userId]));
  }
  if (r.seriesId !== undefined) {
    const seriesId = r.seriesId;
    q = q.where('works.id', 'in', (eb) =>
      eb.selectFrom('series_works').select('series_works.work_id').where('series_works.series_id', '=', seriesId),
    );
  }
  if (r.readBy) {
    const { userId, markedForLater } = r.readBy;
    q = q.where('works.id', 'in', (eb) => {
      const mine = eb.selectFrom('readings').select('readings.work_id').where('readings.user_id', '=', userId);
      return markedForLater ? mine.where('readings.marked_for_later', '=', 1) : mine;
    });
  }
  if (r.bookmarkedBy) {
    const b = r.bookmarkedBy;
    // The reader's muted members' bookmarks are hidden by their own choice: counted as hidden, not gone.
    const ownerMuted = withExclusions && r.exclusions.mutedUserIds.includes(b.userId);
    q = q.where('works.id', 'in', (eb) => {
      let mine = eb
        .selectFrom('bookmarks')
        .select('bookmarks.work_id')
        .where('bookmarks.user_id', '=', b.userId)
        .where('bookmarks.work_id', 'is not', null);
      if (!b.includePrivate) mine = mine.where('bookmarks.private', '=', 0);
      if (b.rec) mine = mine.where('bookmarks.rec', '=', 1);
      if (b.withNotes) mine = mine.where('bookmarks.notes', '<>', '');
      if (ownerMuted) mine = mine.where(sql<boolean>`1 = 0`);
      for (const set of b.tagSets)
        mine = mine.where((e) =>
          e.exists(
            e
              .selectFrom('bookmark_tags')
              .select(e.lit(1).as('one'))
              .whereRef('bookmark_tags.bookmark_id', '=', 'bookmarks.id')
              .where('bookmark_tags.tag_id', 'in', idList(set.ids, pg)),
          ),
        );
      return mine;
    });
  }
  if (r.search) {
    // A join on the matches, computed once: a per-row subquery would run the full-text match again
    // for every candidate row (minutes on a common word over 100,000 works).
    const s = r.search;
    const scored = (r.filter.sort ?? 'relevance') === 'relevance';
    const matches = isPostgres(db)
      ? sql<{
          wid: number;
          score: number;
        }>`(select work_id as wid, ${scored ? sql`ts_rank(tsv, to_tsquery('simple', ${s.tsquery}))` : sql`0`} as score from work_search where tsv @@ to_tsquery('simple', ${s.tsquery}))`
      : sql<{
          wid: number;
          score: number;
        }>`(select rowid as wid, ${scored ? sql`-bm25(work_search)` : sql`0`} as score from work_search where work_search match ${s.fts5})`;
    q = q.innerJoin(matches.as('fts'), (j) => j.onRef('fts.wid', '=', 'works.id'));
  }
  if (withExclusions) {
    const x = r.exclusions;
    const blocked = [...x.ids, ...x.exactIds];
    if (blocked.length) q = q.where((eb) => eb.not(hasTagIn(eb, blocked, pg, probe)));
    for (const like of x.likePatterns) {
      q = q.where((eb) =>
        eb(
          'works.id',
          'not in',
          eb
            .selectFrom('work_tags as wt')
            .innerJoin('tags as t', 't.id', 'wt.tag_id')
            .select('wt.work_id')
            .where(sql<boolean>`t.name_key like ${like} escape '\\'`),
        ),
      );
    }
    if (x.mutedUserIds.length) {
      const muted = x.mutedUserIds;
      q = q.where((eb) => eb.not(byUsers(eb, muted)));
    }
  }
  return q;
}

function ordered<O>(
  db: Executor,
  q: SelectQueryBuilder<DB, 'works', O>,
  r: ResolvedFilter,
): SelectQueryBuilder<DB, 'works', O> {
  const pg = isPostgres(db);
  // Bytewise order in both dialects, so SQLite and PostgreSQL list titles identically.
  const text = (col: 'sort_title' | 'sort_creator') =>
    pg ? sql`${sql.ref(`works.${col}`)} collate "C"` : sql.ref(`works.${col}`);
  if (r.seriesId !== undefined && r.filter.sort === undefined) {
    const seriesId = r.seriesId;
    return q
      .orderBy(
        (eb) =>
          eb
            .selectFrom('series_works')
            .select('series_works.position')
            .whereRef('series_works.work_id', '=', 'works.id')
            .where('series_works.series_id', '=', seriesId),
        'asc',
      )
      .orderBy('works.id', 'asc');
  }
  if (r.bookmarkedBy && r.filter.sort === undefined) {
    // Newest bookmark first: bookmark ids grow with the date bookmarked.
    const userId = r.bookmarkedBy.userId;
    return q
      .orderBy(
        (eb) =>
          eb
            .selectFrom('bookmarks')
            .select('bookmarks.id')
            .where('bookmarks.user_id', '=', userId)
            .whereRef('bookmarks.work_id', '=', 'works.id'),
        'desc',
      )
      .orderBy('works.id', 'desc');
  }
  if (r.readBy && r.filter.sort === undefined) {
    // Works with chapters posted since the last visit first, then the latest visits: one key ('1' or
    // '0', then the ISO time) from one look-up of the reading per work.
    const userId = r.readBy.userId;
    return q
      .orderBy(
        (eb) =>
          eb
            .selectFrom('readings')
            .where('readings.user_id', '=', userId)
            .whereRef('readings.work_id', '=', 'works.id')
            .select(
              sql<string>`case when readings.visits > 0 and works.chapter_count > readings.chapters_seen then '1' else '0' end || readings.last_visited_at`.as(
                'history_key',
              ),
            ),
        'desc',
      )
      .orderBy('works.id', 'desc');
  }
  const sort = r.filter.sort ?? (r.search ? 'relevance' : 'updated');
  switch (sort) {
    case 'relevance':
      // In windows of the newest matches, each ranked by score (fulltext-page.ts, RELEVANCE_WINDOW).
      if (r.search)
        return q
          .orderBy(
            sql`(row_number() over (order by ${sql.ref('works.id')} desc) - 1) / ${sql.lit(relevanceWindowSize())}`,
            'asc',
          )
          .orderBy(sql`fts.score`, 'desc')
          .orderBy('works.id', 'desc');
      return q.orderBy('works.updated_at', 'desc').orderBy('works.id', 'desc');
    case 'published':
      return q.orderBy('works.published_at', 'desc').orderBy('works.id', 'desc');
    case 'title':
      return q.orderBy(text('sort_title'), 'asc').orderBy('works.id', 'asc');
    case 'creator':
      return q.orderBy(text('sort_creator'), 'asc').orderBy('works.id', 'asc');
    case 'words':
      return q.orderBy('works.word_count', 'desc').orderBy('works.id', 'desc');
    case 'kudos':
    case 'hits':
    case 'bookmarks':
    case 'comments':
      return q.orderBy(`works.${sort}_count`, 'desc').orderBy('works.id', 'desc');
    default:
      return q.orderBy('works.updated_at', 'desc').orderBy('works.id', 'desc');
  }
}

async function count(q: WorksSelect): Promise<number> {
  const row = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of a listing by SQL: the total, the works the blocklist hid, and the page's ids in order. */
async function sqlPage(
  db: Executor,
  scope: ListingScope,
  resolved: ResolvedFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; hiddenByBlocklist: number; ids: number[] }> {
  const base = filtered(db, scope, resolved, true);
  const total = await count(base);
  const hiddenByBlocklist = resolved.exclusions.active
    ? (await count(filtered(db, scope, resolved, false))) - total
    : 0;
  const rows = await ordered(db, base.select('works.id'), resolved)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total, hiddenByBlocklist, ids: rows.map((r) => r.id) };
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

/** The 500 most frequent canonical tags among a listing's works, with their counts, by SQL. */
async function sqlFacetCounts(
  db: Executor,
  scope: ListingScope,
  resolved: ResolvedFilter,
): Promise<Array<{ tag_id: number; n: number }>> {
  const ids = filtered(db, scope, resolved, true).select('works.id');
  return (
    db
      .selectFrom('work_tags as wt')
      .innerJoin('tags as t', 't.id', 'wt.tag_id')
      .select((eb) => [
        eb.fn.coalesce('t.merger_id', 't.id').as('tag_id'),
        eb.fn.count<number>('wt.work_id').distinct().as('n'),
      ])
      .where('wt.work_id', 'in', ids)
      .groupBy(sql`coalesce(t.merger_id, t.id)`)
      .orderBy('n', 'desc')
      // Ties in id order, so both dialects list equal counts alike.
      .orderBy(sql`coalesce(t.merger_id, t.id)`)
      .limit(500)
      .execute()
  );
}

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
