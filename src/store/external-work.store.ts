import type { Executor } from './executor.js';
import type { ValidExternalWork } from '../domain/bookmark-input.js';
import type { Selectable } from 'kysely';
import type { ExternalWorksTable } from './schema.js';
import { tagKey } from '../domain/tags.js';

/** A work hosted elsewhere, as the archive describes it. */
export interface ExternalWork extends Omit<ValidExternalWork, 'rating'> {
  id: number;
  rating: string;
  createdAt: string;
}

function toExternalWork(r: Selectable<ExternalWorksTable>): ExternalWork {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    creator: r.creator,
    fandoms: JSON.parse(r.fandoms) as string[],
    rating: r.rating,
    summary: r.summary,
    createdAt: r.created_at,
  };
}

export async function findExternalWork(db: Executor, id: number): Promise<ExternalWork | undefined> {
  const r = await db.selectFrom('external_works').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toExternalWork(r);
}

/**
 * The external work at this (normalised) address, made from `described` when there is none yet: every
 * member who bookmarks an address shares its one row, as its first bookmarker described it.
 */
export async function findOrCreateExternalWork(
  db: Executor,
  described: ValidExternalWork,
  now: string,
): Promise<number> {
  await db
    .insertInto('external_works')
    .values({
      url: described.url,
      title: described.title,
      creator: described.creator,
      fandoms: JSON.stringify(described.fandoms),
      rating: described.rating,
      summary: described.summary,
      created_at: now,
    })
    .onConflict((oc) => oc.column('url').doNothing())
    .execute();
  const r = await db
    .selectFrom('external_works')
    .select('id')
    .where('url', '=', described.url)
    .executeTakeFirstOrThrow();
  return r.id;
}

/** These external works, by id. */
export async function externalWorksByIds(db: Executor, ids: readonly number[]): Promise<Map<number, ExternalWork>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('external_works')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, toExternalWork(r)]));
}

/** The ids of the tags with these names, by name key (names that are no tag are absent). */
export async function tagIdsByNames(db: Executor, names: readonly string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name_key'])
    .where('name_key', 'in', names.map(tagKey))
    .execute();
  return new Map(rows.map((r) => [r.name_key, r.id]));
}
