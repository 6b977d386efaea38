import type { Executor } from './executor.js';
import type { BookmarkTableRow } from './schema.js';
import type { ValidBookmark } from '../domain/bookmark-input.js';

export interface BookmarkRow {
  id: number;
  userId: number;
  pseudId: number;
  workId: number | null;
  seriesId: number | null;
  externalWorkId: number | null;
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
    seriesId: r.series_id,
    externalWorkId: r.external_work_id,
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
  opts: { ownerId: number | null; hiddenUserIds: readonly number[]; offset: number; limit: number },
): Promise<{ rows: ListedBookmark[]; total: number }> {
  return bookmarksOn(db, 'work_id', workId, opts);
}

/** The same, for a series or an external work. */
export async function bookmarksOfTarget(
  db: Executor,
  target: BookmarkTarget,
  opts: { ownerId: number | null; hiddenUserIds: readonly number[]; offset: number; limit: number },
): Promise<{ rows: ListedBookmark[]; total: number }> {
  return bookmarksOn(db, targetColumn(target), targetId(target), opts);
}

async function bookmarksOn(
  db: Executor,
  column: 'work_id' | 'series_id' | 'external_work_id',
  id: number,
  {
    ownerId,
    hiddenUserIds,
    offset,
    limit,
  }: { ownerId: number | null; hiddenUserIds: readonly number[]; offset: number; limit: number },
): Promise<{ rows: ListedBookmark[]; total: number }> {
  let q = db
    .selectFrom('bookmarks as b')
    .where(`b.${column}`, '=', id)
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

/** What a bookmark other than a work's names: a series, or a work hosted elsewhere. */
export type BookmarkTarget = { seriesId: number } | { externalWorkId: number };

const targetColumn = (t: BookmarkTarget) => ('seriesId' in t ? 'series_id' : 'external_work_id');
const targetId = (t: BookmarkTarget) => ('seriesId' in t ? t.seriesId : t.externalWorkId);

/** This member's bookmark of this series or external work, if they made one. */
export async function bookmarkOfTarget(
  db: Executor,
  userId: number,
  target: BookmarkTarget,
): Promise<BookmarkRow | undefined> {
  const r = await db
    .selectFrom('bookmarks')
    .selectAll()
    .where('user_id', '=', userId)
    .where(targetColumn(target), '=', targetId(target))
    .executeTakeFirst();
  return r && toRow(r);
}

/** Adds the member's bookmark of a series or external work; undefined when they have one already. */
export async function insertTargetBookmark(
  db: Executor,
  b: BookmarkFields & { userId: number; pseudId: number; target: BookmarkTarget },
  now: string,
): Promise<number | undefined> {
  const column = targetColumn(b.target);
  const r = await db
    .insertInto('bookmarks')
    .values({
      user_id: b.userId,
      pseud_id: b.pseudId,
      [column]: targetId(b.target),
      notes: b.notes,
      rec: b.rec ? 1 : 0,
      private: b.private ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['user_id', column]).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

/** A member's bookmark as their bookmarks page shows it, with its own tags. */
export interface OwnBookmark extends BookmarkRow {
  tags: string[];
}

/** This member's bookmarks of these works (one query for the rows, one for their tags), by work id. */
export async function bookmarksOfWorksBy(
  db: Executor,
  userId: number,
  workIds: readonly number[],
): Promise<Map<number, OwnBookmark>> {
  const out = new Map<number, OwnBookmark>();
  if (workIds.length === 0) return out;
  const rows = await db
    .selectFrom('bookmarks')
    .selectAll()
    .where('user_id', '=', userId)
    .where('work_id', 'in', [...workIds])
    .execute();
  const tags = await tagNamesOf(
    db,
    rows.map((r) => r.id),
  );
  for (const r of rows) out.set(r.work_id!, { ...toRow(r), tags: tags.get(r.id) ?? [] });
  return out;
}

/** What a member's bookmarks of series or external works must have (the bookmark side of the filter). */
export interface TargetBookmarkFilter {
  includePrivate: boolean;
  rec: boolean;
  withNotes: boolean;
  /** Each set: one of these tag ids must be on the bookmark. */
  tagSets: ReadonlyArray<{ readonly ids: readonly number[] }>;
}

/** The most bookmarks of series or of external works one page considers, newest first. */
export const TARGET_BOOKMARKS_MAX = 1000;

/** A member's bookmarks of series (or of external works), newest first, with their own tags. */
export async function targetBookmarksBy(
  db: Executor,
  userId: number,
  kind: 'series' | 'external',
  f: TargetBookmarkFilter,
): Promise<OwnBookmark[]> {
  let q = db
    .selectFrom('bookmarks')
    .selectAll()
    .where('user_id', '=', userId)
    .where(kind === 'series' ? 'series_id' : 'external_work_id', 'is not', null);
  if (!f.includePrivate) q = q.where('private', '=', 0);
  if (f.rec) q = q.where('rec', '=', 1);
  if (f.withNotes) q = q.where('notes', '<>', '');
  for (const set of f.tagSets) {
    if (set.ids.length === 0) return [];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('bookmark_tags')
          .select(eb.lit(1).as('one'))
          .whereRef('bookmark_tags.bookmark_id', '=', 'bookmarks.id')
          .where('bookmark_tags.tag_id', 'in', [...set.ids]),
      ),
    );
  }
  const rows = await q.orderBy('id', 'desc').limit(TARGET_BOOKMARKS_MAX).execute();
  const tags = await tagNamesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...toRow(r), tags: tags.get(r.id) ?? [] }));
}

/**
 * The works a member bookmarked whose bookmarks meet these conditions, newest bookmark first (one
 * query over the member's bookmarks), for the works query's `bookmarkedBy` field.
 */
export async function bookmarkedWorkIds(db: Executor, userId: number, f: TargetBookmarkFilter): Promise<number[]> {
  let q = db.selectFrom('bookmarks').select('work_id').where('user_id', '=', userId).where('work_id', 'is not', null);
  if (!f.includePrivate) q = q.where('private', '=', 0);
  if (f.rec) q = q.where('rec', '=', 1);
  if (f.withNotes) q = q.where('notes', '<>', '');
  for (const set of f.tagSets) {
    if (set.ids.length === 0) return [];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('bookmark_tags')
          .select(eb.lit(1).as('one'))
          .whereRef('bookmark_tags.bookmark_id', '=', 'bookmarks.id')
          .where('bookmark_tags.tag_id', 'in', [...set.ids]),
      ),
    );
  }
  return (await q.orderBy('id', 'desc').execute()).map((r) => r.work_id!);
}
