import type { Viewer } from './viewer.js';
import type { WorkPresence } from '../domain/work.js';
import { canSeeWork } from './work.policy.js';

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
