import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { TagRow } from './schema.js';
import { tagKey, type TagType } from '../domain/tags.js';
import { isPostgres } from './dialect.js';
import { worksInScope } from './works-in-scope.js';
import type { ListingScope } from '../policies/index.js';

export class TagTypeConflict extends Error {
  constructor(
    readonly tagName: string,
    readonly existingType: string,
    readonly wantedType: string,
  ) {
    super(`“${tagName}” is already a ${existingType} tag, so it cannot be used as a ${wantedType} tag.`);
  }
}

export async function findTagByName(db: Executor, name: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('name_key', '=', tagKey(name)).executeTakeFirst();
}

export async function findTagById(db: Executor, id: number): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTagsByIds(db: Executor, ids: number[]): Promise<TagRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('tags').selectAll().where('id', 'in', ids).execute();
}

export async function findSynonyms(db: Executor, canonicalId: number): Promise<TagRow[]> {
  return db.selectFrom('tags').selectAll().where('merger_id', '=', canonicalId).orderBy('name_key').execute();
}

/**
 * Returns the ids of the named tags of one type, creating the ones that do not exist yet
 * (free tags are created as writers type them). Throws TagTypeConflict when a name
 * already belongs to another type, since tag names are unique across types.
 */
export async function findOrCreateTags(db: Executor, type: TagType, names: string[], now: string): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const key = tagKey(name);
    let row = await db.selectFrom('tags').select(['id', 'type', 'name']).where('name_key', '=', key).executeTakeFirst();
    if (!row) {
      await db
        .insertInto('tags')
        .values({ name, name_key: key, type, canonical: 0, merger_id: null, created_at: now })
        .onConflict((oc) => oc.column('name_key').doNothing())
        .execute();
      row = await db
        .selectFrom('tags')
        .select(['id', 'type', 'name'])
        .where('name_key', '=', key)
        .executeTakeFirstOrThrow();
    }
    if (row.type !== type) throw new TagTypeConflict(row.name, row.type, type);
    ids.push(row.id);
  }
  return ids;
}

/**
 * Ids of tags by name, whatever their type, making the missing ones as additional tags (freeform):
 * a bookmarker's tags may name a fandom or a character as well as anything new.
 */
export async function findOrCreateTagsOfAnyType(db: Executor, names: string[], now: string): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const key = tagKey(name);
    const found = await db.selectFrom('tags').select('id').where('name_key', '=', key).executeTakeFirst();
    ids.push(found ? found.id : (await findOrCreateTags(db, 'freeform', [name], now))[0]!);
  }
  return ids;
}

/** What find-or-create needs of a tag: its id, display name, type and (for crossovers) its canonical. */
export interface TagRef {
  id: number;
  name: string;
  type: string;
  merger_id: number | null;
}

/** Tags by name key, for the keys that have one. */
export async function findTagsByKeys(db: Executor, keys: string[]): Promise<Map<string, TagRef>> {
  const out = new Map<string, TagRef>();
  if (keys.length === 0) return out;
  // The keys as one parameter (a JSON array, a text array) rather than thousands of them.
  const list = isPostgres(db)
    ? sql<string>`(select unnest(${keys}::text[]))`
    : sql<string>`(select value from json_each(${JSON.stringify(keys)}))`;
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name', 'name_key', 'type', 'merger_id'])
    .where('name_key', 'in', list)
    .execute();
  for (const { name_key, ...t } of rows) out.set(name_key, t);
  return out;
}

/**
 * Creates unwrangled tags (as findOrCreateTags does, for many names at once) and returns every given
 * key's tag; a name another transaction created meanwhile is found, not duplicated.
 */
export async function createTags(
  db: Executor,
  tags: Array<{ name: string; type: TagType }>,
  now: string,
): Promise<Map<string, TagRef>> {
  if (tags.length === 0) return new Map();
  const rows = tags.map((t) => ({
    name: t.name,
    name_key: tagKey(t.name),
    type: t.type,
    canonical: 0,
    merger_id: null,
    created_at: now,
  }));
  for (let i = 0; i < rows.length; i += 4_000) {
    await db
      .insertInto('tags')
      .values(rows.slice(i, i + 4_000))
      .onConflict((oc) => oc.column('name_key').doNothing())
      .execute();
  }
  return findTagsByKeys(
    db,
    rows.map((r) => r.name_key),
  );
}

export async function updateTag(
  db: Executor,
  id: number,
  patch: { name?: string; canonical?: number; merger_id?: number | null },
): Promise<void> {
  const set = { ...patch, ...(patch.name !== undefined ? { name_key: tagKey(patch.name) } : {}) };
  await db.updateTable('tags').set(set).where('id', '=', id).execute();
}

/** Ids of works carrying a tag. */
export async function workIdsWithTag(db: Executor, tagId: number): Promise<number[]> {
  return (await db.selectFrom('work_tags').select('work_id').where('tag_id', '=', tagId).execute()).map(
    (r) => r.work_id,
  );
}

/**
 * Tags whose name starts with `prefix` (case-insensitively), canonical first. Only canonical tags and
 * tags on at least one posted work (unrestricted unless `includeRestricted`) are offered, so a name
 * typed only on a draft does not leak.
 */
export async function autocompleteTags(
  db: Executor,
  prefix: string,
  opts: { type?: string; scope: ListingScope; limit: number },
): Promise<Array<{ name: string; type: string; canonical: number }>> {
  const like = tagKey(prefix).replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
  let q = db
    .selectFrom('tags')
    .select(['name', 'type', 'canonical'])
    .where(sql<boolean>`name_key like ${like} escape '\\'`)
    .where((eb) =>
      eb.or([
        eb('canonical', '=', 1),
        // Or used on a work the viewer may see.
        eb.exists(
          eb
            .selectFrom('work_tags as wt')
            .select(eb.lit(1).as('one'))
            .whereRef('wt.tag_id', '=', 'tags.id')
            .where('wt.work_id', 'in', worksInScope(db, opts.scope).select('works.id')),
        ),
      ]),
    );
  if (opts.type) q = q.where('type', '=', opts.type);
  return q.orderBy('canonical', 'desc').orderBy('name_key').limit(opts.limit).execute();
}

/** The tags a work carries (every type), with the key blocklist patterns are matched against. */
export async function tagsOfWork(
  db: Executor,
  workId: number,
): Promise<Array<{ id: number; name: string; name_key: string }>> {
  return db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['tags.id', 'tags.name', 'tags.name_key'])
    .where('work_tags.work_id', '=', workId)
    .orderBy('work_tags.position')
    .execute();
}
