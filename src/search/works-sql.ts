/*
 * The works query in SQL: the scope, filters and blocklist as one statement, its order, its page
 * and totals, and the sidebar's counts. It answers whenever the filter index does not (no index yet,
 * full text without it, drafts pages), and it is the reference the index is tested against.
 */
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import type { ListingScope } from '../policies/index.js';
import { isPostgres } from '../store/dialect.js';
import { byUsers, worksInScope } from '../store/works-in-scope.js';
import type { ResolvedFilter } from './resolve-filter.js';
import { relevanceWindowSize } from './fulltext-page.js';

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
export function filtered(db: Executor, scope: ListingScope, r: ResolvedFilter, withExclusions: boolean): WorksSelect {
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

export async function count(q: WorksSelect): Promise<number> {
  const row = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of a listing by SQL: the total, the works the blocklist hid, and the page's ids in order. */
export async function sqlPage(
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

/** The 500 most frequent canonical tags among a listing's works, with their counts, by SQL. */
export async function sqlFacetCounts(
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
