import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** Tags reachable from `start` by following edges (BFS), `start` included. Graphs are small per query. */
async function closure(start: number[], step: (frontier: number[]) => Promise<number[]>): Promise<Set<number>> {
  const seen = new Set(start);
  let frontier = [...start];
  while (frontier.length > 0) {
    const next = (await step(frontier)).filter((id) => !seen.has(id));
    for (const id of next) seen.add(id);
    frontier = [...new Set(next)];
  }
  return seen;
}

/** The tag and all its sub tags, transitively. */
export async function subTagClosure(db: Executor, tagIds: number[]): Promise<Set<number>> {
  return closure(tagIds, async (f) =>
    (await db.selectFrom('tag_meta').select('sub_id').where('meta_id', 'in', f).execute()).map((r) => r.sub_id),
  );
}

/** The tag and all its meta tags, transitively (a fandom's "family"). */
export async function metaTagClosure(db: Executor, tagIds: number[]): Promise<Set<number>> {
  return closure(tagIds, async (f) =>
    (await db.selectFrom('tag_meta').select('meta_id').where('sub_id', 'in', f).execute()).map((r) => r.meta_id),
  );
}

/** Ids of the synonyms of the given canonical tags. */
export async function synonymIds(db: Executor, canonicalIds: number[]): Promise<number[]> {
  if (canonicalIds.length === 0) return [];
  return (await db.selectFrom('tags').select('id').where('merger_id', 'in', canonicalIds).execute()).map((r) => r.id);
}

/**
 * What a wildcard blocks beyond the names it matches: every canonical tag whose key matches the
 * LIKE pattern (search/resolve-filter.ts `wildcardToLike`), their sub tags transitively, and the
 * synonyms of all of those — as blocking each matched canonical tag by name would.
 */
export async function wildcardFamilyIds(db: Executor, like: string): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    with recursive fam(id) as (
      select id from tags where canonical = 1 and name_key like ${like} escape '\\'
      union
      select tm.sub_id from tag_meta tm join fam on tm.meta_id = fam.id
    )
    select id from fam
    union
    select t.id from tags t where t.merger_id in (select id from fam)`.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/**
 * Every tag id a filter on `tagId` matches (AO3's rule): for a canonical tag, itself, its sub tags
 * transitively, and the synonyms of all of those; for a synonym or an unwrangled tag, only itself.
 */
export async function filterTagIds(db: Executor, tag: { id: number; canonical: number }): Promise<number[]> {
  if (tag.canonical !== 1) return [tag.id];
  const subs = await subTagClosure(db, [tag.id]);
  const canon = [...subs];
  return [...new Set([...canon, ...(await synonymIds(db, canon))])];
}

export async function addMetaEdge(db: Executor, metaId: number, subId: number): Promise<void> {
  await db
    .insertInto('tag_meta')
    .values({ meta_id: metaId, sub_id: subId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeMetaEdge(db: Executor, metaId: number, subId: number): Promise<void> {
  await db.deleteFrom('tag_meta').where('meta_id', '=', metaId).where('sub_id', '=', subId).execute();
}

export async function addParentEdge(db: Executor, parentId: number, childId: number): Promise<void> {
  await db
    .insertInto('tag_parents')
    .values({ parent_id: parentId, child_id: childId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeParentEdge(db: Executor, parentId: number, childId: number): Promise<void> {
  await db.deleteFrom('tag_parents').where('parent_id', '=', parentId).where('child_id', '=', childId).execute();
}

export async function directMetaTags(db: Executor, tagId: number): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('tag_meta')
    .innerJoin('tags', 'tags.id', 'tag_meta.meta_id')
    .select(['tags.id', 'tags.name'])
    .where('tag_meta.sub_id', '=', tagId)
    .orderBy('tags.name_key')
    .execute();
}

export async function directSubTags(db: Executor, tagId: number): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('tag_meta')
    .innerJoin('tags', 'tags.id', 'tag_meta.sub_id')
    .select(['tags.id', 'tags.name'])
    .where('tag_meta.meta_id', '=', tagId)
    .orderBy('tags.name_key')
    .execute();
}

export async function parentFandoms(db: Executor, tagId: number): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('tag_parents')
    .innerJoin('tags', 'tags.id', 'tag_parents.parent_id')
    .select(['tags.id', 'tags.name'])
    .where('tag_parents.child_id', '=', tagId)
    .orderBy('tags.name_key')
    .execute();
}

/**
 * Tags used on works of a fandom that still need a wrangler: free tags that are neither canonical
 * nor a synonym, and canonical characters, relationships and freeforms without a parent fandom.
 */
export async function unwrangledTagsInFandom(
  db: Executor,
  fandomIds: number[],
  limit = 200,
): Promise<Array<{ id: number; name: string; type: string; uses: number }>> {
  if (fandomIds.length === 0) return [];
  const rows = await db
    .selectFrom('work_tags as wt')
    .innerJoin('tags as t', 't.id', 'wt.tag_id')
    .select((eb) => ['t.id', 't.name', 't.type', eb.fn.count<number>('wt.work_id').as('uses')])
    .where('wt.work_id', 'in', (eb) => eb.selectFrom('work_tags').select('work_id').where('tag_id', 'in', fandomIds))
    .where('t.type', 'in', ['fandom', 'character', 'relationship', 'freeform'])
    .where('t.id', 'not in', fandomIds)
    .where((eb) =>
      eb.or([
        eb.and([eb('t.canonical', '=', 0), eb('t.merger_id', 'is', null)]),
        eb.and([
          eb('t.canonical', '=', 1),
          eb('t.type', '!=', 'fandom'),
          eb.not(
            eb.exists(
              eb.selectFrom('tag_parents').select(eb.lit(1).as('one')).whereRef('tag_parents.child_id', '=', 't.id'),
            ),
          ),
        ]),
      ]),
    )
    .groupBy(['t.id', 't.name', 't.type'])
    .orderBy('uses', 'desc')
    .orderBy('t.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, uses: Number(r.uses) }));
}
