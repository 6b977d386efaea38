/**
 * What the filter index reads from the database: works with their tags, creators and series, by id
 * range (the build) or by id (catching up), tags, and the checksum it compares itself with.
 * Read-only; the tables are the ones works-sql.ts filters on.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { isPostgres } from '../../store/dialect.js';
import type { TagRecord, WorkRecord } from './records.js';

type Range = { from: number; to: number } | { ids: number[] };

/** Sizes that decide the memory the index will take, read before building it. */
export interface SourceSizes {
  maxWorkId: number;
  works: number;
  links: number;
  tags: number;
  maxTagId: number;
}

export async function readSizes(db: Kysely<DB>): Promise<SourceSizes> {
  const w = await db
    .selectFrom('works')
    .select((eb) => [eb.fn.max('id').as('max'), eb.fn.countAll<number>().as('n')])
    .executeTakeFirst();
  const l = await db
    .selectFrom('work_tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const t = await db
    .selectFrom('tags')
    .select((eb) => [eb.fn.max('id').as('max'), eb.fn.countAll<number>().as('n')])
    .executeTakeFirst();
  return {
    maxWorkId: Number(w?.max ?? 0),
    works: Number(w?.n ?? 0),
    links: Number(l?.n ?? 0),
    tags: Number(t?.n ?? 0),
    maxTagId: Number(t?.max ?? 0),
  };
}

function parseIds(s: string | null): number[] {
  if (!s) return [];
  return s
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);
}

/** Works in an id range (from exclusive, to inclusive) or with the given ids, in id order. */
export async function readWorks(db: Kysely<DB>, range: Range): Promise<WorkRecord[]> {
  if ('ids' in range && range.ids.length === 0) return [];
  const pg = isPostgres(db);
  const tagAgg = pg
    ? sql<string>`string_agg(cast(work_tags.tag_id as text), ',')`
    : sql<string>`group_concat(work_tags.tag_id)`;
  let works = db
    .selectFrom('works')
    .select([
      'id',
      'posted',
      'hidden_reason',
      'restricted',
      'crossover',
      'language',
      'expected_chapters',
      'chapter_count',
      'word_count',
      'updated_at',
      'published_at',
      'sort_title',
      'sort_creator',
      'kudos_count',
      'hits_count',
      'bookmarks_count',
      'comments_count',
    ]);
  let tags = db
    .selectFrom('work_tags')
    .select(['work_tags.work_id', tagAgg.as('tags')])
    .groupBy('work_tags.work_id');
  let creators = db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .select(['creatorships.work_id', 'creatorships.pseud_id', 'pseuds.user_id']);
  let series = db
    .selectFrom('series_works')
    .select(['series_works.work_id', 'series_works.series_id', 'series_works.position']);
  if ('ids' in range) {
    works = works.where('id', 'in', range.ids);
    tags = tags.where('work_tags.work_id', 'in', range.ids);
    creators = creators.where('creatorships.work_id', 'in', range.ids);
    series = series.where('series_works.work_id', 'in', range.ids);
  } else {
    works = works.where('id', '>', range.from).where('id', '<=', range.to);
    tags = tags.where('work_tags.work_id', '>', range.from).where('work_tags.work_id', '<=', range.to);
    creators = creators.where('creatorships.work_id', '>', range.from).where('creatorships.work_id', '<=', range.to);
    series = series.where('series_works.work_id', '>', range.from).where('series_works.work_id', '<=', range.to);
  }
  // One after another: SQLite has one connection, and PostgreSQL would only queue them anyway.
  const workRows = await works.orderBy('id').execute();
  const tagRows = await tags.execute();
  const creatorRows = await creators.execute();
  const seriesRows = await series.execute();

  const out = new Map<number, WorkRecord>();
  for (const r of workRows) {
    out.set(r.id, {
      id: r.id,
      // Hidden by a moderator: listed nowhere, as worksInScope says.
      posted: r.posted === 1 && r.hidden_reason === null,
      restricted: r.restricted === 1,
      crossover: r.crossover === 1,
      complete: r.expected_chapters !== null && r.chapter_count >= r.expected_chapters,
      language: r.language,
      wordCount: r.word_count,
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
      sortTitle: r.sort_title,
      sortCreator: r.sort_creator,
      kudos: r.kudos_count,
      hits: r.hits_count,
      bookmarks: r.bookmarks_count,
      comments: r.comments_count,
      tags: [],
      creators: [],
      series: [],
    });
  }
  for (const r of tagRows) {
    const w = out.get(r.work_id);
    if (w) w.tags = parseIds(r.tags);
  }
  for (const r of creatorRows) out.get(r.work_id)?.creators.push({ pseudId: r.pseud_id, userId: r.user_id });
  for (const r of seriesRows) out.get(r.work_id)?.series.push({ seriesId: r.series_id, position: r.position });
  return [...out.values()];
}

/** Tags by id range (from exclusive, to inclusive) or by ids. */
export async function readTags(db: Kysely<DB>, range: Range): Promise<TagRecord[]> {
  if ('ids' in range && range.ids.length === 0) return [];
  let q = db.selectFrom('tags').select(['id', 'name_key', 'type', 'merger_id']);
  q = 'ids' in range ? q.where('id', 'in', range.ids) : q.where('id', '>', range.from).where('id', '<=', range.to);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, nameKey: r.name_key, type: r.type, mergerId: r.merger_id }));
}

/**
 * Tags a wrangler changed in audit entries numbered above `afterId`, and the highest number seen.
 * Every wrangling change writes an audit entry for the tag whose row it changes (its name, canonical
 * flag or merger), in the same transaction as its change-log entry. Read by primary key: the audit
 * table only grows.
 */
export async function tagsAuditedAfter(db: Kysely<DB>, afterId: number): Promise<{ maxId: number; tagIds: number[] }> {
  const rows = await db
    .selectFrom('tag_audit')
    .select(['id', 'tag_id'])
    .where('id', '>', afterId)
    .orderBy('id')
    .execute();
  return {
    maxId: rows.reduce((m, r) => Math.max(m, r.id), afterId),
    tagIds: [...new Set(rows.flatMap((r) => (r.tag_id === null ? [] : [r.tag_id])))],
  };
}

/** The newest audit entry's number (0 when none). */
export async function latestAuditId(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('tag_audit')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/**
 * Aggregates over the works with ids in (from, to] that the index can compute too; any difference
 * means it missed or misapplied a change. By id range, so each read is short: on SQLite a long
 * query would stall every other request.
 */
export interface Checksum {
  works: number;
  sumIds: number;
  posted: number;
  restrictedPosted: number;
  crossovers: number;
  complete: number;
  sumWords: number;
  sumCounts: number;
  links: number;
}

export async function readChecksum(db: Kysely<DB>, from: number, to: number): Promise<Checksum> {
  const w = await db
    .selectFrom('works')
    .select((eb) => [
      eb.fn.countAll<number>().as('works'),
      eb.fn.sum<number>('id').as('sumIds'),
      // "Posted" as the index means it: posted and not hidden by a moderator.
      sql<number>`sum(case when posted = 1 and hidden_reason is null then 1 else 0 end)`.as('posted'),
      sql<number>`sum(case when posted = 1 and hidden_reason is null then restricted else 0 end)`.as(
        'restrictedPosted',
      ),
      eb.fn.sum<number>('crossover').as('crossovers'),
      sql<number>`sum(case when expected_chapters is not null and chapter_count >= expected_chapters then 1 else 0 end)`.as(
        'complete',
      ),
      eb.fn.sum<number>('word_count').as('sumWords'),
      sql<number>`sum(kudos_count + hits_count + bookmarks_count + comments_count)`.as('sumCounts'),
    ])
    .where('id', '>', from)
    .where('id', '<=', to)
    .executeTakeFirstOrThrow();
  // Links of works that exist (a file once opened with foreign keys off may hold others).
  const l = await db
    .selectFrom('work_tags')
    .innerJoin('works', 'works.id', 'work_tags.work_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('work_tags.work_id', '>', from)
    .where('work_tags.work_id', '<=', to)
    .executeTakeFirstOrThrow();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    works: n(w.works),
    sumIds: n(w.sumIds),
    posted: n(w.posted),
    restrictedPosted: n(w.restrictedPosted),
    crossovers: n(w.crossovers),
    complete: n(w.complete),
    sumWords: n(w.sumWords),
    sumCounts: n(w.sumCounts),
    links: n(l.n),
  };
}

/** How many tags are synonyms, and the sum of their mergers' ids (read through the merger index). */
export async function readTagChecksum(db: Kysely<DB>): Promise<{ synonyms: number; sumMergers: number }> {
  const t = await db
    .selectFrom('tags')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('merger_id').as('s')])
    .where('merger_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return { synonyms: Number(t.n ?? 0), sumMergers: Number(t.s ?? 0) };
}

/** The highest work id (0 when none). */
export async function maxWorkId(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('works')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}
