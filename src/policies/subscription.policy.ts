import type { Viewer } from './viewer.js';
import type { WorkPresence } from '../domain/work.js';
import { canSeeWork } from './work.policy.js';

/** What a viewer may do about subscribing: nothing (they cannot see it), sign in, or subscribe. */
export type SubscribeDecision = 'hidden' | 'sign-in' | 'ok';

/**
 * Members subscribe to what they can see: a posted work, a member, a series with a work they can
 * see, one of their own saved filters (`visible` is what the caller found of the target).
 */
export function maySubscribe(viewer: Viewer, visible: boolean): SubscribeDecision {
  viewer.decisions.push('subscription:make');
  if (!visible) return 'hidden';
  return viewer.user ? 'ok' : 'sign-in';
}

/** Subscriptions are members' own: a guest is asked to log in to list or end one. */
export function mayManageSubscriptions(viewer: Viewer): boolean {
  viewer.decisions.push('subscription:manage');
  return viewer.user !== null;
}

/**
 * A subscription's private feed is read by whoever holds its token, as its owner would see it
 * (`notificationShown` for the owner), whoever sends the request.
 */
export function feedTokenReadsAsOwner(viewer: Viewer): true {
  viewer.decisions.push('subscription:feed');
  return true;
}

/** Only its owner sees, lists or ends a subscription (its feed token stands in for the owner). */
export function ownsSubscription(viewer: Viewer, s: { userId: number }): boolean {
  viewer.decisions.push('subscription:own');
  return viewer.user?.id === s.userId;
}

/**
 * Whether a notification names its work to its subscriber: only a posted work they can see that
 * nothing they chose excludes (their blocklist, a muted or blocked creator). Judged when shown, so
 * a later block or a work put back to draft hides what was stored before.
 */
export function notificationShown(viewer: Viewer, work: WorkPresence, excludedByReader: boolean): boolean {
  viewer.decisions.push('subscription:notification');
  return work.posted && canSeeWork(viewer, work) && !excludedByReader;
}
