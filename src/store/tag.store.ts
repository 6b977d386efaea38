import type { Executor } from './user.store.js';
import type { TagRow } from './schema.js';
import { tagKey, type TagType } from '../domain/tags.js';

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
      row = await db.selectFrom('tags').select(['id', 'type', 'name']).where('name_key', '=', key).executeTakeFirstOrThrow();
    }
    if (row.type !== type) throw new TagTypeConflict(row.name, row.type, type);
    ids.push(row.id);
  }
  return ids;
}
