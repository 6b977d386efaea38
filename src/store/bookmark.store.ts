import type { Executor } from './executor.js';
import type { BookmarkTableRow } from './schema.js';
import type { ValidBookmark } from '../domain/bookmark-input.js';

export interface BookmarkRow {
  id: number;
  userId: number;
  pseudId: number;
  workId: number | null;
  notes: string;
  rec: boolean;
  private: boolean;
  createdAt: string;
  updatedAt: string;
}

function toRow(r: BookmarkTableRow): BookmarkRow {
  return {
    id: r.id,
    userId: r.user_id,
    pseudId: r.pseud_id,
    workId: r.work_id,
    notes: r.notes,
    rec: r.rec === 1,
    private: r.private === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findBookmark(db: Executor, id: number): Promise<BookmarkRow | undefined> {
  const r = await db.selectFrom('bookmarks').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toRow(r);
}

/** This member's bookmark of this work, if they made one. */
export async function bookmarkOfWork(db: Executor, userId: number, workId: number): Promise<BookmarkRow | undefined> {
  const r = await db
    .selectFrom('bookmarks')
    .selectAll()
    .where('user_id', '=', userId)
    .where('work_id', '=', workId)
    .executeTakeFirst();
  return r && toRow(r);
}

/** What a member sets on a bookmark besides its tags. */
export type BookmarkFields = Pick<ValidBookmark, 'notes' | 'rec' | 'private'>;

/** Adds the member's bookmark of a work; undefined when they have one already (made meanwhile). */
export async function insertWorkBookmark(
  db: Executor,
  b: BookmarkFields & { userId: number; pseudId: number; workId: number },
  now: string,
): Promise<number | undefined> {
  const r = await db
    .insertInto('bookmarks')
    .values({
      user_id: b.userId,
      pseud_id: b.pseudId,
      work_id: b.workId,
      notes: b.notes,
      rec: b.rec ? 1 : 0,
      private: b.private ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'work_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function updateBookmark(db: Executor, id: number, b: BookmarkFields, now: string): Promise<void> {
  await db
    .updateTable('bookmarks')
    .set({ notes: b.notes, rec: b.rec ? 1 : 0, private: b.private ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteBookmarkRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('bookmarks').where('id', '=', id).execute();
}

/** Sets a bookmark's own tags, in this order. */
export async function replaceBookmarkTags(db: Executor, bookmarkId: number, tagIds: readonly number[]): Promise<void> {
  await db.deleteFrom('bookmark_tags').where('bookmark_id', '=', bookmarkId).execute();
  if (tagIds.length === 0) return;
  await db
    .insertInto('bookmark_tags')
    .values(tagIds.map((tag_id, position) => ({ bookmark_id: bookmarkId, tag_id, position })))
    .execute();
}

/** A bookmark's own tags' names, in order. */
export async function bookmarkTagNames(db: Executor, bookmarkId: number): Promise<string[]> {
  return (await tagNamesOf(db, [bookmarkId])).get(bookmarkId) ?? [];
}

/** A bookmark as a listing shows it: who made it, and its own tags. */
export interface ListedBookmark extends BookmarkRow {
  username: string;
  pseud: string;
  tags: string[];
}

/**
 * A page of a work's bookmarks, newest first: the public ones, and `ownerId`'s own even if private,
 * leaving out those of `hiddenUserIds` (members the viewer muted). Also how many there are.
 */
export async function bookmarksOfWork(
  db: Executor,
  workId: number,
  {
    ownerId,
    hiddenUserIds,
    offset,
    limit,
  }: { ownerId: number | null; hiddenUserIds: readonly number[]; offset: number; limit: number },
): Promise<{ rows: ListedBookmark[]; total: number }> {
  let q = db
    .selectFrom('bookmarks as b')
    .where('b.work_id', '=', workId)
    .where((eb) => eb.or([eb('b.private', '=', 0), ...(ownerId !== null ? [eb('b.user_id', '=', ownerId)] : [])]));
  if (hiddenUserIds.length) q = q.where('b.user_id', 'not in', [...hiddenUserIds]);
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .innerJoin('pseuds as p', 'p.id', 'b.pseud_id')
    .selectAll('b')
    .select(['u.username', 'p.name as pseud'])
    .orderBy('b.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  const tags = await tagNamesOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    rows: rows.map((r) => ({ ...toRow(r), username: r.username, pseud: r.pseud, tags: tags.get(r.id) ?? [] })),
    total: Number(n),
  };
}

async function tagNamesOf(db: Executor, bookmarkIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (bookmarkIds.length === 0) return out;
  const rows = await db
    .selectFrom('bookmark_tags')
    .innerJoin('tags', 'tags.id', 'bookmark_tags.tag_id')
    .select(['bookmark_tags.bookmark_id', 'tags.name'])
    .where('bookmark_tags.bookmark_id', 'in', [...bookmarkIds])
    .orderBy('bookmark_tags.bookmark_id')
    .orderBy('bookmark_tags.position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.bookmark_id) ?? [];
    list.push(r.name);
    out.set(r.bookmark_id, list);
  }
  return out;
}
