import type { Executor } from './executor.js';

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

const columns = [
  'id',
  'user_id',
  'pseud_id',
  'work_id',
  'notes',
  'rec',
  'private',
  'created_at',
  'updated_at',
] as const;

function toRow(r: {
  id: number;
  user_id: number;
  pseud_id: number;
  work_id: number | null;
  notes: string;
  rec: number;
  private: number;
  created_at: string;
  updated_at: string;
}): BookmarkRow {
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
  const r = await db.selectFrom('bookmarks').select(columns).where('id', '=', id).executeTakeFirst();
  return r && toRow(r);
}

/** This member's bookmark of this work, if they made one. */
export async function bookmarkOfWork(db: Executor, userId: number, workId: number): Promise<BookmarkRow | undefined> {
  const r = await db
    .selectFrom('bookmarks')
    .select(columns)
    .where('user_id', '=', userId)
    .where('work_id', '=', workId)
    .executeTakeFirst();
  return r && toRow(r);
}

export interface BookmarkFields {
  notes: string;
  rec: boolean;
  private: boolean;
}

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
  const rows = await db
    .selectFrom('bookmark_tags')
    .innerJoin('tags', 'tags.id', 'bookmark_tags.tag_id')
    .select('tags.name')
    .where('bookmark_tags.bookmark_id', '=', bookmarkId)
    .orderBy('bookmark_tags.position')
    .execute();
  return rows.map((r) => r.name);
}
