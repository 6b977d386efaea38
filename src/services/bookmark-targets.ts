import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import type { Viewer } from '../policies/index.js';
import {
  canSeeBookmark,
  canSeeExternalWork,
  externalWorkAccess,
  mayBookmarkExternalWork,
  mayBookmarkSeries,
} from '../policies/index.js';
import {
  validateBookmark,
  validateExternalWork,
  type BookmarkInput,
  type ExternalWorkInput,
  type ValidBookmark,
} from '../domain/bookmark-input.js';
import { findDefaultPseud } from '../store/pseud.store.js';
import { findOrCreateTags, findOrCreateTagsOfAnyType } from '../store/tag.store.js';
import { mutedUserIds } from '../store/blocklist.store.js';
import {
  bookmarkOfTarget,
  bookmarksOfTarget,
  insertTargetBookmark,
  replaceBookmarkTags,
  updateBookmark,
  type BookmarkTarget,
  type ListedBookmark,
  type OwnBookmark,
} from '../store/bookmark.store.js';
import { bookmarkTagNames } from '../store/bookmark.store.js';
import { findExternalWork, findOrCreateExternalWork, type ExternalWork } from '../store/external-work.store.js';
import { readerBlocklist } from '../search/blocked-by.js';
import { blockedExternalWorks } from '../search/bookmark-blocklist.js';
import { findSeries } from '../store/series.store.js';
import { queryWorks } from '../search/works-query.js';
import type { SearchState } from '../search/search-state.js';
import { BOOKMARKS_PER_PAGE } from './bookmarks.js';
import { fail, ok, nowIso, type ServiceResult } from './result.js';

const NO_SUCH_SERIES = fail(404, { _: 'That series does not exist, or you cannot see it.' });
const NO_SUCH_EXTERNAL_WORK = fail(404, { _: 'That external work does not exist.' });

/** How many of a series' works this viewer may see (blocked ones count: the reader hid them, the series exists). */
export async function visibleWorksInSeries(search: SearchState, viewer: Viewer, seriesId: number) {
  const works = await queryWorks(search, viewer, { seriesId, pageSize: 1 });
  return { listed: works.total, hiddenByBlocklist: works.hiddenByBlocklist };
}

/**
 * Bookmarks a series for a member, or edits their bookmark of it (one per member and series).
 * A series the viewer cannot see (no work in it visible to them) is 404, as its page is.
 */
export async function bookmarkSeries(
  search: SearchState,
  viewer: Viewer,
  seriesId: number,
  input: BookmarkInput,
): Promise<ServiceResult<{ bookmarkId: number; created: boolean }>> {
  const series = await findSeries(search.db, seriesId);
  const seen = series ? await visibleWorksInSeries(search, viewer, seriesId) : { listed: 0, hiddenByBlocklist: 0 };
  const decision = mayBookmarkSeries(viewer, seen.listed + seen.hiddenByBlocklist);
  if (decision === 'hidden') return NO_SUCH_SERIES;
  if (decision === 'sign-in') return fail(403, { _: 'Log in to bookmark series.' });
  const valid = validateBookmark(input);
  if (!valid.ok) return fail(422, valid.errors);
  const userId = viewer.user!.id;
  return search.db.transaction().execute((trx) => saveTargetBookmark(trx, userId, { seriesId }, valid.value));
}

/**
 * Bookmarks a work hosted elsewhere: the address is checked and normalised, the external work is
 * found by it (or described, the first time anyone bookmarks it), and the member's bookmark of it
 * is made or edited.
 */
export async function bookmarkExternalWork(
  db: Kysely<DB>,
  viewer: Viewer,
  work: ExternalWorkInput,
  input: BookmarkInput,
): Promise<ServiceResult<{ bookmarkId: number; externalWorkId: number; created: boolean }>> {
  if (mayBookmarkExternalWork(viewer) === 'sign-in') return fail(403, { _: 'Log in to bookmark works.' });
  const described = validateExternalWork(work);
  const valid = validateBookmark(input);
  if (!described.ok || !valid.ok)
    return fail(422, { ...(described.ok ? {} : described.errors), ...(valid.ok ? {} : valid.errors) });
  const userId = viewer.user!.id;
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    // Its fandoms become tags of the archive, so a reader's blocklist names them as it names a work's.
    await findOrCreateTags(trx, 'fandom', described.value.fandoms, now);
    const externalWorkId = await findOrCreateExternalWork(trx, described.value, now);
    const saved = await saveTargetBookmark(trx, userId, { externalWorkId }, valid.value);
    return saved.ok ? ok({ ...saved.value, externalWorkId }) : saved;
  });
}

/** Edits (or makes) a member's bookmark of an external work already described. */
export async function bookmarkKnownExternalWork(
  db: Kysely<DB>,
  viewer: Viewer,
  externalWorkId: number,
  input: BookmarkInput,
): Promise<ServiceResult<{ bookmarkId: number; created: boolean }>> {
  if (!canSeeExternalWork(viewer, (await findExternalWork(db, externalWorkId)) !== undefined))
    return NO_SUCH_EXTERNAL_WORK;
  if (mayBookmarkExternalWork(viewer) === 'sign-in') return fail(403, { _: 'Log in to bookmark works.' });
  const valid = validateBookmark(input);
  if (!valid.ok) return fail(422, valid.errors);
  const userId = viewer.user!.id;
  return db.transaction().execute((trx) => saveTargetBookmark(trx, userId, { externalWorkId }, valid.value));
}

/** One bookmark per member and target: made the first time, edited after (also when two saves race). */
async function saveTargetBookmark(
  trx: Executor,
  userId: number,
  target: BookmarkTarget,
  b: ValidBookmark,
): Promise<ServiceResult<{ bookmarkId: number; created: boolean }>> {
  const now = nowIso();
  const pseud = await findDefaultPseud(trx, userId);
  if (!pseud) return fail(403, { _: 'Your account has no pseud to bookmark with.' });
  const found = await bookmarkOfTarget(trx, userId, target);
  const insertedId = found
    ? undefined
    : await insertTargetBookmark(trx, { ...b, userId, pseudId: pseud.id, target }, now);
  const existing = insertedId === undefined ? (found ?? (await bookmarkOfTarget(trx, userId, target))!) : undefined;
  if (existing) await updateBookmark(trx, existing.id, b, now);
  const id = existing?.id ?? insertedId!;
  await replaceBookmarkTags(trx, id, await findOrCreateTagsOfAnyType(trx, b.tags, now));
  return ok({ bookmarkId: id, created: existing === undefined });
}

/**
 * A page of the bookmarks of a series or external work the viewer may see (the caller asked):
 * public ones and the viewer's own, none by a member the viewer muted; and the viewer's own.
 */
export async function targetBookmarks(
  db: Kysely<DB>,
  viewer: Viewer,
  target: BookmarkTarget,
  page: number,
): Promise<{ bookmarks: ListedBookmark[]; total: number; pages: number; mine: OwnBookmark | undefined }> {
  const me = viewer.user?.id ?? null;
  const { rows, total } = await bookmarksOfTarget(db, target, {
    ownerId: me,
    hiddenUserIds: me !== null ? await mutedUserIds(db, me) : [],
    offset: (page - 1) * BOOKMARKS_PER_PAGE,
    limit: BOOKMARKS_PER_PAGE,
  });
  const own = me !== null ? await bookmarkOfTarget(db, me, target) : undefined;
  return {
    bookmarks: rows.filter((b) => canSeeBookmark(viewer, b)),
    total,
    pages: Math.max(1, Math.ceil(total / BOOKMARKS_PER_PAGE)),
    mine: own && { ...own, tags: await bookmarkTagNames(db, own.id) },
  };
}

/** An external work as this viewer may see it: behind the adult gate or not, excluded by their blocklist or not. */
export async function externalWorkForViewer(
  search: SearchState,
  viewer: Viewer,
  id: number,
  opts: { proceedAdult: boolean; showBlocked: boolean },
): Promise<{ work: ExternalWork; gated: boolean; blocked: boolean } | undefined> {
  const work = await findExternalWork(search.db, id);
  if (!canSeeExternalWork(viewer, work !== undefined) || !work) return undefined;
  const x = opts.showBlocked ? undefined : await readerBlocklist(search, viewer);
  const blocked = x ? (await blockedExternalWorks(search.db, x, [work])).has(work.id) : false;
  return { work, gated: externalWorkAccess(viewer, work, opts.proceedAdult) === 'gate', blocked };
}
