import type { SignupMode } from '../domain/site-settings.js';
import type { Viewer } from './viewer.js';

/** Whether the viewer may comment as far as the archive's setting goes: members always, guests when it allows. */
export function guestsMayComment(viewer: Viewer, siteAllowsGuests: boolean): boolean {
  viewer.decisions.push('site:guest-comments');
  return viewer.user !== null || siteAllowsGuests;
}

/** Whether a visitor may sign up without an invitation code: only while sign-up is open. */
export function maySignUpWithoutInvitation(viewer: Viewer, mode: SignupMode): boolean {
  viewer.decisions.push('site:signup-open');
  return mode === 'open';
}

/** Whether a visitor may join the invitation queue: a guest, while the archive invites from a queue. */
export function canJoinInviteQueue(viewer: Viewer, mode: SignupMode): boolean {
  viewer.decisions.push('site:invite-queue');
  return viewer.user === null && mode === 'queue';
}

/**
 * Whether an admin may grant or remove this role of this member: any role of anyone, except their
 * own admin role (so that an archive is never left without an admin by a slip).
 */
export function canChangeRole(viewer: Viewer, targetUserId: number, role: string, granted: boolean): boolean {
  viewer.decisions.push('admin:role');
  if (viewer.user?.isAdmin !== true) return false;
  return granted || role !== 'admin' || viewer.user.id !== targetUserId;
}
