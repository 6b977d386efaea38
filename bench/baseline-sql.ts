/**
 * The benchmark's baseline: each filter query written as the plain SQL a competent developer would
 * write against works, work_tags and tags — a recursive CTE per named tag for its sub tags and
 * synonyms (AO3's rule), EXISTS / NOT EXISTS per condition, ORDER BY the sort column, LIMIT/OFFSET —
 * with no in-memory index and no query-building tricks. Only for guests (posted, unrestricted works)
 * and for the filters the fixed queries use; the suite checks it answers exactly as queryWorks does.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../src/store/schema.js';
import type { DialectName } from '../src/store/db.js';
import { tagKey } from '../src/domain/tags.js';
import { PAGE_SIZE, type WorksQuery } from '../src/search/works-query.js';

export interface BaselineAnswer {
  total: number;
  ids: number[];
}

export const nextDay = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Refuses a query with a filter the baselines do not write (both baselines cover the same ones). */
export function assertBaselineCovers(q: WorksQuery): void {
  if (
    q.q ||
    q.tagId !== undefined ||
    q.pseudId !== undefined ||
    q.userId !== undefined ||
    q.seriesId !== undefined ||
    q.draftsOf !== undefined
  ) {
    throw new Error(
      'baseline SQL covers tag, rating, warning, category, crossover, completion, word, date and language filters only',
    );
  }
}

/** What a guest may list: posted works that are not for members only. */
export const GUEST_VISIBLE: readonly RawBuilder<unknown>[] = [sql`w.posted = 1`, sql`w.restricted = 0`];

/** The filters on the works' own columns (crossover, completion, words, dates, language), on alias `w`. */
export function columnFilters(q: WorksQuery): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (q.crossover === 'exclude') where.push(sql`w.crossover = 0`);
  if (q.crossover === 'only') where.push(sql`w.crossover = 1`);
  if (q.complete === true) where.push(sql`w.expected_chapters is not null and w.chapter_count >= w.expected_chapters`);
  if (q.complete === false) where.push(sql`(w.expected_chapters is null or w.chapter_count < w.expected_chapters)`);
  if (q.wordsFrom !== undefined) where.push(sql`w.word_count >= ${q.wordsFrom}`);
  if (q.wordsTo !== undefined) where.push(sql`w.word_count <= ${q.wordsTo}`);
  if (q.updatedFrom) where.push(sql`w.updated_at >= ${q.updatedFrom}`);
  if (q.updatedTo) where.push(sql`w.updated_at < ${nextDay(q.updatedTo)}`);
  if (q.language) where.push(sql`w.language = ${q.language}`);
  return where;
}

/** The ORDER BY of a sort, on alias `w`. Titles and creators compare bytewise in both dialects, as the app lists them. */
export function orderOf(dialect: DialectName, sort: WorksQuery['sort']): RawBuilder<unknown> {
  const text = (col: string) => (dialect === 'postgres' ? sql.raw(`w.${col} collate "C"`) : sql.raw(`w.${col}`));
  switch (sort ?? 'updated') {
    case 'published':
      return sql`w.published_at desc, w.id desc`;
    case 'title':
      return sql`${text('sort_title')} asc, w.id asc`;
    case 'creator':
      return sql`${text('sort_creator')} asc, w.id asc`;
    case 'words':
      return sql`w.word_count desc, w.id desc`;
    case 'kudos':
      return sql`w.kudos_count desc, w.id desc`;
    case 'hits':
      return sql`w.hits_count desc, w.id desc`;
    case 'bookmarks':
      return sql`w.bookmarks_count desc, w.id desc`;
    case 'comments':
      return sql`w.comments_count desc, w.id desc`;
    default:
      // updated, and relevance (no search text here)
      return sql`w.updated_at desc, w.id desc`;
  }
}

/** The count and page statements for a query (both carry the same CTEs and WHERE). */
export function baselineStatements(
  dialect: DialectName,
  q: WorksQuery,
): { count: RawBuilder<{ n: number }>; page: RawBuilder<{ id: number }> } {
  assertBaselineCovers(q);
  const ctes: RawBuilder<unknown>[] = [];
  /** A CTE of every tag id a filter on `name` matches: the tag, and if canonical its sub tags (transitively) and all their synonyms. */
  const tagSet = (name: string): RawBuilder<unknown> => {
    const k = ctes.length / 2;
    const sub = sql.raw(`sub${k}`);
    const set = sql.raw(`tagset${k}`);
    const key = tagKey(name);
    ctes.push(
      sql`${sub}(id) as (select id from tags where name_key = ${key} and canonical = 1 union select tm.sub_id from tag_meta tm join ${sub} on tm.meta_id = ${sub}.id)`,
      sql`${set}(id) as (select id from tags where name_key = ${key} union select id from ${sub} union select t.id from tags t join ${sub} on t.merger_id = ${sub}.id)`,
    );
    return set;
  };

  const where: RawBuilder<unknown>[] = [...GUEST_VISIBLE];
  for (const name of [...(q.include ?? []), ...(q.warnings ?? []), ...(q.categories ?? [])]) {
    where.push(
      sql`exists (select 1 from work_tags wt where wt.work_id = w.id and wt.tag_id in (select id from ${tagSet(name)}))`,
    );
  }
  if (q.ratings?.length) {
    const keys = q.ratings.map(tagKey);
    where.push(
      sql`exists (select 1 from work_tags wt join tags t on t.id = wt.tag_id where wt.work_id = w.id and t.name_key in (${sql.join(keys)}))`,
    );
  }
  if (q.exclude?.length) {
    const sets = q.exclude.map((n) => sql`select id from ${tagSet(n)}`);
    where.push(
      sql`not exists (select 1 from work_tags wt where wt.work_id = w.id and wt.tag_id in (${sql.join(sets, sql` union `)}))`,
    );
  }
  where.push(...columnFilters(q));

  const withClause = ctes.length ? sql`with recursive ${sql.join(ctes)} ` : sql``;
  const whereClause = sql.join(where, sql` and `);
  const offset = (Math.max(1, q.page ?? 1) - 1) * PAGE_SIZE;
  return {
    count: sql<{ n: number }>`${withClause}select count(*) as n from works w where ${whereClause}`,
    page: sql<{
      id: number;
    }>`${withClause}select w.id from works w where ${whereClause} order by ${orderOf(dialect, q.sort)} limit ${PAGE_SIZE} offset ${offset}`,
  };
}

/** Runs the baseline for a guest: the total and the ids of the requested page. */
export async function baselineQuery(db: Kysely<DB>, dialect: DialectName, q: WorksQuery): Promise<BaselineAnswer> {
  const s = baselineStatements(dialect, q);
  const count = await s.count.execute(db);
  const page = await s.page.execute(db);
  return { total: Number(count.rows[0]?.n ?? 0), ids: page.rows.map((r) => Number(r.id)) };
}
