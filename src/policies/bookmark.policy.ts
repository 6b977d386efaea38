import type { Viewer } from './viewer.js';
import type { WorkPresence } from '../domain/work.js';
import { ADULT_RATINGS } from '../domain/tags.js';
import { canSeeWork, type WorkAccess } from './work.policy.js';
import { canSeeSeries } from './series.policy.js';

/** What a viewer may do about bookmarking a work: nothing (they cannot see it), sign in, or bookmark. */
export type BookmarkDecision = 'hidden' | 'sign-in' | 'ok';

/** Members bookmark the posted works they can see (their own included, as on AO3); never a draft. */
export function mayBookmarkWork(viewer: Viewer, work: WorkPresence): BookmarkDecision {
  if (!canSeeWork(viewer, work) || !work.posted) return 'hidden';
  viewer.decisions.push('bookmark:make');
  return viewer.user ? 'ok' : 'sign-in';
}

/**
 * Whether a viewer sees a bookmark for what its owner chose: a private one is its owner's alone.
 * What it bookmarks is judged apart, as that work is (visibility, the viewer's blocklist).
 */
export function canSeeBookmark(viewer: Viewer, b: { userId: number; private: boolean }): boolean {
  viewer.decisions.push('bookmark:see');
  return !b.private || viewer.user?.id === b.userId;
}

/** Only its owner edits or deletes a bookmark. */
export function mayChangeBookmark(viewer: Viewer, b: { userId: number }): boolean {
  viewer.decisions.push('bookmark:change');
  return viewer.user?.id === b.userId;
}

/** Members bookmark a series they can see (it holds a work visible to them), as they do a work. */
export function mayBookmarkSeries(viewer: Viewer, visibleWorkCount: number): BookmarkDecision {
  if (!canSeeSeries(viewer, visibleWorkCount)) return 'hidden';
  viewer.decisions.push('bookmark:make');
  return viewer.user ? 'ok' : 'sign-in';
}

/** Any member may bookmark a work hosted elsewhere. */
export function mayBookmarkExternalWork(viewer: Viewer): Exclude<BookmarkDecision, 'hidden'> {
  viewer.decisions.push('bookmark:make');
  return viewer.user ? 'ok' : 'sign-in';
}

/** Whether a listing of a member's bookmarks includes their private ones: for the member alone. */
export function seesPrivateBookmarksOf(viewer: Viewer, ownerId: number): boolean {
  viewer.decisions.push('bookmark:see');
  return viewer.user?.id === ownerId;
}

/**
 * A work hosted elsewhere carries its rating as a work does: an adult one stands behind the adult
 * gate (its page shows the interstitial before the link) for a viewer who has not chosen to see
 * adult works. Its blurb (title, creator, fandoms, summary) shows as an adult work's blurb does.
 */
export function externalWorkAccess(
  viewer: Viewer,
  work: { rating: string },
  proceedAdult = false,
): Exclude<WorkAccess, 'hidden'> {
  viewer.decisions.push('external-work:read');
  if (!ADULT_RATINGS.includes(work.rating)) return 'read';
  if (proceedAdult || viewer.sessionViewAdult) return 'read';
  const u = viewer.user;
  return u && (u.isAdmin || u.viewAdult) ? 'read' : 'gate';
}

/** A work hosted elsewhere is public wherever it exists (its rating is judged by `externalWorkAccess`). */
export function canSeeExternalWork(viewer: Viewer, exists: boolean): boolean {
  viewer.decisions.push('external-work:see');
  return exists;
}
