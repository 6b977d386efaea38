import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { ChapterMeta, Work } from '../domain/work.js';
import { canSeeHistory, mayMarkForLater, recordsReading, type Viewer } from '../policies/index.js';
import { loadWork } from '../store/work.store.js';
import { findUserByUsername } from '../store/user.store.js';
import {
  deleteAllReadings,
  deleteReading,
  readingsOf,
  setMarkedForLater,
  updateKeepHistory,
  type ReadingRow,
} from '../store/reading.store.js';
import { queryWorks, type WorksPage } from '../search/works-query.js';
import type { SearchState } from '../search/search-state.js';
import { withPending, type ReadingRecorder } from './reading-recorder.js';
import { NOT_FOUND, fail, nowIso, ok, type ServiceResult } from './result.js';

/** A member's reading of a work, with what pages say about it. */
export interface Reading extends ReadingRow {
  /** Chapters posted since the last visit (0 when none, or never opened). */
  newChapters: number;
  /** The position of the chapter opened last, if it is still there. */
  lastChapterPosition: number | undefined;
}

function describe(row: ReadingRow, work: Pick<Work, 'chapterCount' | 'chapters'>): Reading {
  return {
    ...row,
    newChapters: row.visits > 0 ? Math.max(0, work.chapterCount - row.chaptersSeen) : 0,
    lastChapterPosition:
      row.lastChapterId === null ? undefined : work.chapters.find((ch) => ch.id === row.lastChapterId)?.position,
  };
}

/**
 * The viewer's readings of these works, in one query (a guest has none): what blurbs and the history
 * page show. Visits this process has not written yet are laid over the stored rows.
 */
export async function readingsFor(
  db: Kysely<DB>,
  recorder: ReadingRecorder,
  viewer: Viewer,
  works: readonly Work[],
): Promise<Map<number, Reading>> {
  const out = new Map<number, Reading>();
  const userId = viewer.user?.id;
  if (userId === undefined || works.length === 0) return out;
  const ids = works.map((w) => w.id);
  const stored = new Map((await readingsOf(db, userId, ids)).map((r) => [r.workId, r]));
  const waiting = new Map(recorder.pendingFor(userId, ids).map((v) => [v.workId, v]));
  for (const w of works) {
    const row = withPending(stored.get(w.id), waiting.get(w.id));
    if (row) out.set(w.id, describe(row, w));
  }
  return out;
}

/**
 * Notes that the viewer opened this chapter of a work (for the entire work, its last). Kept in memory
 * and written by the recorder's timer: the page does not wait on it.
 */
export function recordReading(recorder: ReadingRecorder, viewer: Viewer, work: Work, chapter: ChapterMeta): void {
  if (!viewer.user || !recordsReading(viewer, work)) return;
  recorder.record({ userId: viewer.user.id, workId: work.id, chapterId: chapter.id, chaptersSeen: work.chapterCount });
}

export interface HistoryPage {
  owner: { id: number; username: string; keepHistory: boolean };
  /** Works the member may still see, through the works query (visibility and blocklist applied). */
  works: WorksPage;
  readings: Map<number, Reading>;
  keepHistory: boolean;
}

/** A page of a member's history, or of their works marked for later; 404 to anyone but them. */
export async function historyPage(
  search: SearchState,
  recorder: ReadingRecorder,
  viewer: Viewer,
  username: string,
  opts: { page: number; later: boolean; showBlocked: boolean },
): Promise<ServiceResult<HistoryPage>> {
  const owner = await historyOwner(search.db, viewer, username);
  if (!owner) return fail(404, { _: 'There is no such page.' });
  // What this process has not written yet is written first, so the page's order and counts include it.
  await recorder.flush();
  const works = await queryWorks(search, viewer, {
    readBy: owner.id,
    markedForLater: opts.later,
    page: opts.page,
    showBlocked: opts.showBlocked,
  });
  return ok({
    owner,
    works,
    readings: await readingsFor(search.db, recorder, viewer, works.works),
    keepHistory: owner.keepHistory,
  });
}

/**
 * Marks a work for later, or unmarks it: 404 for a work the viewer cannot see, 403 for a guest, 400
 * when `marked` is neither (a form that did not say).
 */
export async function markForLater(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  marked: boolean | undefined,
): Promise<ServiceResult<null>> {
  const work = await loadWork(db, workId);
  if (!work) return NOT_FOUND;
  const decision = mayMarkForLater(viewer, work);
  if (decision === 'hidden') return NOT_FOUND;
  if (decision === 'sign-in' || !viewer.user) return fail(403, { _: 'Log in to mark works for later.' });
  if (marked === undefined) return fail(400, { marked: 'Say whether to mark the work for later or unmark it.' });
  await setMarkedForLater(db, viewer.user.id, workId, marked, work.chapterCount, nowIso());
  return ok(null);
}

/** The member whose history `username` names, when it is the viewer's (theirs alone); else undefined. */
export async function historyOwner(
  db: Kysely<DB>,
  viewer: Viewer,
  username: string,
): Promise<{ id: number; username: string; keepHistory: boolean } | undefined> {
  const user = await findUserByUsername(db, username);
  // Asked for a name with no account too (no id is 0), so every answer goes through the policy.
  return canSeeHistory(viewer, user?.id ?? 0) && user
    ? { id: user.id, username: user.username, keepHistory: user.keep_history === 1 }
    : undefined;
}

/** Removes one work from the viewer's own history. */
export async function clearReading(
  db: Kysely<DB>,
  recorder: ReadingRecorder,
  viewer: Viewer,
  ownerId: number,
  workId: number,
): Promise<ServiceResult<null>> {
  if (!canSeeHistory(viewer, ownerId)) return fail(404, { _: 'There is no such page.' });
  recorder.forget(ownerId, workId);
  await deleteReading(db, ownerId, workId);
  return ok(null);
}

/** Removes the viewer's whole history, works marked for later included. */
export async function clearHistory(
  db: Kysely<DB>,
  recorder: ReadingRecorder,
  viewer: Viewer,
  ownerId: number,
): Promise<ServiceResult<{ cleared: number }>> {
  if (!canSeeHistory(viewer, ownerId)) return fail(404, { _: 'There is no such page.' });
  recorder.forget(ownerId);
  return ok({ cleared: await deleteAllReadings(db, ownerId) });
}

/**
 * Turns the viewer's reading history on or off. Off stops recording; what was recorded stays until
 * they clear it.
 */
export async function setKeepHistoryPreference(
  db: Kysely<DB>,
  recorder: ReadingRecorder,
  viewer: Viewer,
  keep: boolean,
): Promise<boolean> {
  const id = viewer.user?.id;
  if (id === undefined || !canSeeHistory(viewer, id)) return false;
  if (!keep) recorder.forget(id);
  await updateKeepHistory(db, id, keep);
  return true;
}
