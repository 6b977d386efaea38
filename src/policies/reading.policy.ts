import type { Viewer } from './viewer.js';
import type { WorkPresence } from '../domain/work.js';
import { canSeeWork } from './work.policy.js';

/** A reading history (and its Marked for Later) is its member's alone; anyone else is told it does not exist. */
export function canSeeHistory(viewer: Viewer, ownerId: number): boolean {
  viewer.decisions.push('history:see');
  return viewer.user !== null && viewer.user.id === ownerId;
}

/** Whether opening this work adds to the viewer's history: members who keep one, posted works only. */
export function recordsReading(viewer: Viewer, work: Pick<WorkPresence, 'posted'>): boolean {
  return viewer.user !== null && viewer.user.keepHistory === true && work.posted;
}

/** Who may mark a work for later: members, on posted works they can see; others are told it does not exist. */
export function mayMarkForLater(viewer: Viewer, work: WorkPresence): 'hidden' | 'sign-in' | 'ok' {
  if (!canSeeWork(viewer, work) || !work.posted) return 'hidden';
  viewer.decisions.push('history:mark');
  return viewer.user ? 'ok' : 'sign-in';
}
