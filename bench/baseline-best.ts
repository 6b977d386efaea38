/**
 * The benchmark's second baseline: the same filters as baseline-sql.ts, written as a developer who
 * tunes plain SQL would, with the schema's own indexes and nothing kept in memory between queries.
 *
 * 1. Each named tag's set (the tag, its sub tags transitively and all their synonyms) is resolved
 *    in a statement of its own, so the query proper gets literal id lists, not recursive CTEs; on
 *    SQLite the synonyms' join is ordered by hand (its planner scanned every tag: 9 ms a name at
 *    100,000 works, 0.2 ms so).
 * 2. A required set with at most DRIVE_CAP taggings (counted from the tag index, no further) drives:
 *    its works are tested one by one, and the page and the total come from one statement.
 * 3. Otherwise the total: with required tags, the works in the INTERSECT of their lists from the tag index
 *    EXCEPT the excluded tags' list, tested against the column filters; with exclusions only, the
 *    works the column filters keep less those of them with an excluded tag.
 * 4. And the page, by the total: many matches are found by walking the sort's own index
 *    (works_<sort>_idx) with every condition as EXISTS / NOT EXISTS, stopping after the page's last
 *    row; few are the set of step 3, sorted.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import type { DialectName } from '../src/store/db.js';
import { tagKey } from '../src/domain/tags.js';
import { PAGE_SIZE, type WorksQuery } from '../src/search/works-query.js';
import { assertBaselineCovers, columnFilters, GUEST_VISIBLE, orderOf, type BaselineAnswer } from './baseline-sql.js';

/** A required set with this many taggings or fewer drives the query, its works tested one by one. */
const DRIVE_CAP = 2_000;
/** How many times cheaper a row passed on the sort index is than a candidate sorted (a guess, tuned at 100,000 works). */
const WALK_COST = 0.25;

/** Every tag id a filter on `name` matches (AO3's rule, as baseline-sql.ts's CTE has it). */
async function resolveTagSet(db: Kysely<DB>, dialect: DialectName, name: string): Promise<number[]> {
  const key = tagKey(name);
  // SQLite plans the synonyms' join as a scan of every tag unless told to start from the sub tags.
  const join = dialect === 'sqlite' ? sql`cross join` : sql`join`;
  const r = await sql<{ id: number }>`with recursive
      sub(id) as (select id from tags where name_key = ${key} and canonical = 1
                  union select tm.sub_id from tag_meta tm join sub on tm.meta_id = sub.id)
    select id from tags where name_key = ${key}
    union select id from sub
    union select t.id from sub ${join} tags t on t.merger_id = sub.id`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

async function ratingSet(db: Kysely<DB>, names: readonly string[]): Promise<number[]> {
  const r = await db.selectFrom('tags').select('id').where('name_key', 'in', names.map(tagKey)).execute();
  return r.map((x) => Number(x.id));
}

/** Taggings of a set, counted from the tag index but no further than `cap` + 1. */
async function cappedSize(db: Kysely<DB>, ids: number[], cap: number): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select 1 from work_tags where tag_id in (${sql.join(ids)}) limit ${cap + 1}) s`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** The required set with the fewest taggings if it has at most `cap`, counting each only as far as it must. */
async function smallSet(db: Kysely<DB>, sets: number[][], cap: number): Promise<number> {
  let best = -1;
  for (let i = 0; i < sets.length; i++) {
    const n = await cappedSize(db, sets[i]!, cap);
    if (n <= cap) {
      best = i;
      cap = n;
    }
  }
  return best;
}

export async function bestBaselineQuery(
  db: Kysely<DB>,
  dialect: DialectName,
  q: WorksQuery,
  /** For tests: other thresholds than DRIVE_CAP and WALK_COST, to reach each plan. */
  opts: { driveCap?: number; walkCost?: number } = {},
): Promise<BaselineAnswer> {
  assertBaselineCovers(q);
  const required: number[][] = [];
  for (const name of [...(q.include ?? []), ...(q.warnings ?? []), ...(q.categories ?? [])])
    required.push(await resolveTagSet(db, dialect, name));
  if (q.ratings?.length) required.push(await ratingSet(db, q.ratings));
  const excluded = [
    ...new Set((await Promise.all((q.exclude ?? []).map((n) => resolveTagSet(db, dialect, n)))).flat()),
  ];
  if (required.some((s) => s.length === 0)) return { total: 0, ids: [] };

  const columns = [...GUEST_VISIBLE, ...columnFilters(q)];

  // A work's own dozen taggings, tested against the list, rather than a probe per id of a long list
  // (SQLite: a unary + keeps the tag column out of the index look-up; PostgreSQL plans it itself).
  const tagCol = (ids: number[]) => (dialect === 'sqlite' && ids.length > 8 ? sql`+wt.tag_id` : sql`wt.tag_id`);
  const has = (ids: number[]) =>
    sql`exists (select 1 from work_tags wt where wt.work_id = w.id and ${tagCol(ids)} in (${sql.join(ids)}))`;
  const lacks = (ids: number[]) =>
    sql`not exists (select 1 from work_tags wt where wt.work_id = w.id and ${tagCol(ids)} in (${sql.join(ids)}))`;
  const postings = (ids: number[]) => sql`select wt.work_id from work_tags wt where wt.tag_id in (${sql.join(ids)})`;
  const within = (ids: number[]) => sql`w.id in (${postings(ids)})`;
  // The works carrying every required set and no excluded tag, as set operations on the tag
  // index's lists: about three times faster than testing each candidate of the smallest list.
  const algebra = required.length
    ? sql`w.id in (${sql.join(required.map(postings), sql` intersect `)}${excluded.length ? sql` except ${postings(excluded)}` : sql``})`
    : undefined;
  const cols = sql.join(columns, sql` and `);
  const tested = sql.join(
    [...columns, ...required.map(has), ...(excluded.length ? [lacks(excluded)] : [])],
    sql` and `,
  );

  const offset = (Math.max(1, q.page ?? 1) - 1) * PAGE_SIZE;
  const order = orderOf(dialect, q.sort);
  const driver = await smallSet(db, required, opts.driveCap ?? DRIVE_CAP);
  if (driver >= 0) {
    // Few candidates: the page and the total in one statement over them.
    const where = sql.join(
      [
        ...columns,
        ...required.map((s, i) => (i === driver ? within(s) : has(s))),
        ...(excluded.length ? [lacks(excluded)] : []),
      ],
      sql` and `,
    );
    const r = await sql<{
      id: number;
      total: number;
    }>`select w.id, count(*) over () as total from works w where ${where} order by ${order} limit ${PAGE_SIZE} offset ${offset}`.execute(
      db,
    );
    if (r.rows.length || offset === 0)
      return { total: Number(r.rows[0]?.total ?? 0), ids: r.rows.map((x) => Number(x.id)) };
  }

  let total: number;
  if (algebra) {
    const r = await sql<{ n: number }>`select count(*) as n from works w where ${cols} and ${algebra}`.execute(db);
    total = Number(r.rows[0]?.n ?? 0);
  } else if (excluded.length) {
    // Exclusions only: the works the column filters keep, less those of them with an excluded tag.
    const all = await sql<{ n: number }>`select count(*) as n from works w where ${cols}`.execute(db);
    const out = await sql<{
      n: number;
    }>`select count(*) as n from works w where ${cols} and ${within(excluded)}`.execute(db);
    total = Number(all.rows[0]?.n ?? 0) - Number(out.rows[0]?.n ?? 0);
  } else {
    const r = await sql<{ n: number }>`select count(*) as n from works w where ${cols}`.execute(db);
    total = Number(r.rows[0]?.n ?? 0);
  }

  if (total <= offset) return { total, ids: [] };
  // Walking the sort's index passes about (offset + page) × works / total rows before the page is
  // full; sorting the matches costs about the total. Whichever is fewer.
  const works = Number((await sql<{ n: number }>`select max(id) as n from works`.execute(db)).rows[0]?.n ?? 0);
  const walk = !algebra || total * total * (opts.walkCost ?? WALK_COST) > (offset + PAGE_SIZE) * works;
  const page = await sql<{
    id: number;
  }>`select w.id from works w where ${walk ? tested : sql`${cols} and ${algebra}`} order by ${order} limit ${PAGE_SIZE} offset ${offset}`.execute(
    db,
  );
  return { total, ids: page.rows.map((r) => Number(r.id)) };
}
