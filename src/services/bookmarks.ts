import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Viewer } from '../policies/index.js';
import { canSeeBookmark, mayBookmarkWork, mayChangeBookmark } from '../policies/index.js';
import { mutedUserIds } from '../store/blocklist.store.js';
import { validateBookmark, type BookmarkInput } from '../domain/bookmark-input.js';
import { loadWorkPresence } from '../store/work.store.js';
import { findDefaultPseud } from '../store/pseud.store.js';
import { findOrCreateTagsOfAnyType } from '../store/tag.store.js';
import { addToCount } from '../store/count-changes.store.js';
import {
  bookmarkOfWork,
  bookmarksOfWork,
  bookmarkTagNames,
  deleteBookmarkRow,
  findBookmark,
  insertWorkBookmark,
  replaceBookmarkTags,
  updateBookmark,
  type BookmarkRow,
  type ListedBookmark,
} from '../store/bookmark.store.js';
import { fail, ok, NOT_FOUND, nowIso, type ServiceResult } from './result.js';

const NO_SUCH_BOOKMARK = fail(404, { _: 'That bookmark does not exist, or it is not yours.' });

/**
 * Bookmarks a work for a member, or edits their bookmark of it (a member has one per work, as on
 * AO3). The work's bookmark count counts public bookmarks only, so it moves when a bookmark is
 * made, made private or made public again.
 */
export async function bookmarkWork(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  input: BookmarkInput,
): Promise<ServiceResult<{ bookmarkId: number; created: boolean }>> {
  const work = await loadWorkPresence(db, workId);
  if (!work) return NOT_FOUND;
  const decision = mayBookmarkWork(viewer, work);
  if (decision === 'hidden') return NOT_FOUND;
  if (decision === 'sign-in') return fail(403, { _: 'Log in to bookmark works.' });
  const valid = validateBookmark(input);
  if (!valid.ok) return fail(422, valid.errors);
  const b = valid.value;
  const userId = viewer.user!.id;
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const pseud = await findDefaultPseud(trx, userId);
    if (!pseud) return fail(403, { _: 'Your account has no pseud to bookmark with.' });
    const found = await bookmarkOfWork(trx, userId, workId);
    const insertedId = found
      ? undefined
      : await insertWorkBookmark(trx, { ...b, userId, pseudId: pseud.id, workId }, now);
    // None found yet none inserted: another request of theirs made it meanwhile, and this one edits it.
    const existing = insertedId === undefined ? (found ?? (await bookmarkOfWork(trx, userId, workId))!) : undefined;
    if (existing) await updateBookmark(trx, existing.id, b, now);
    const id = existing?.id ?? insertedId!;
    await replaceBookmarkTags(trx, id, await findOrCreateTagsOfAnyType(trx, b.tags, now));
    const wasCounted = existing !== undefined && !existing.private;
    await addToCount(trx, workId, 'bookmarks_count', (b.private ? 0 : 1) - (wasCounted ? 1 : 0));
    return ok({ bookmarkId: id, created: existing === undefined });
  });
}

/** Deletes a member's own bookmark; anyone else's, or a missing one, is 404 alike. */
export async function deleteBookmark(
  db: Kysely<DB>,
  viewer: Viewer,
  bookmarkId: number,
): Promise<ServiceResult<Pick<BookmarkRow, 'workId' | 'seriesId' | 'externalWorkId'>>> {
  const found = await findBookmark(db, bookmarkId);
  if (!found || !mayChangeBookmark(viewer, found)) return NO_SUCH_BOOKMARK;
  await db.transaction().execute(async (trx) => {
    await deleteBookmarkRow(trx, found.id);
    if (found.workId !== null && !found.private) await addToCount(trx, found.workId, 'bookmarks_count', -1);
  });
  return ok({ workId: found.workId, seriesId: found.seriesId, externalWorkId: found.externalWorkId });
}

/** Bookmarks per page of a work's bookmarks, as AO3 lists them. */
export const BOOKMARKS_PER_PAGE = 20;

/**
 * A page of the bookmarks of a work the viewer may read (the caller asked `workAccess` and the
 * blocklist): public ones and the viewer's own, none by a member the viewer muted; and the viewer's
 * own bookmark of it, for the form.
 */
export async function workBookmarks(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  page: number,
): Promise<{
  bookmarks: ListedBookmark[];
  total: number;
  pages: number;
  mine: (BookmarkRow & { tags: string[] }) | undefined;
}> {
  const me = viewer.user?.id ?? null;
  const muted = me !== null ? await mutedUserIds(db, me) : [];
  const { rows, total } = await bookmarksOfWork(db, workId, {
    ownerId: me,
    hiddenUserIds: muted,
    offset: (page - 1) * BOOKMARKS_PER_PAGE,
    limit: BOOKMARKS_PER_PAGE,
  });
  const own = me !== null ? await bookmarkOfWork(db, me, workId) : undefined;
  return {
    bookmarks: rows.filter((b) => canSeeBookmark(viewer, b)),
    total,
    pages: Math.max(1, Math.ceil(total / BOOKMARKS_PER_PAGE)),
    mine: own && { ...own, tags: await bookmarkTagNames(db, own.id) },
  };
}
