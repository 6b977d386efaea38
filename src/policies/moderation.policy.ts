import type { Viewer, ViewerUser } from './viewer.js';

/** Moderators and admins work the reports queue, hide works and comments and suspend members. */
export function isModeratorUser(u: ViewerUser | null): boolean {
  return u !== null && (u.isModerator === true || u.isAdmin);
}

export function canModerate(viewer: Viewer): boolean {
  viewer.decisions.push('moderation:act');
  return isModeratorUser(viewer.user);
}

/** The admin area (members, roles, site settings, the audit log, the outbox): admins alone. */
export function canAdminister(viewer: Viewer): boolean {
  viewer.decisions.push('admin:act');
  return viewer.user?.isAdmin === true;
}

/** Whether a moderator's suspension still runs for this member at `now`. */
export function isSuspended(u: ViewerUser | null, now: Date = new Date()): boolean {
  return u?.suspension !== undefined && Date.parse(u.suspension.until) > now.getTime();
}

/** Anyone may report what they can see: a work, a chapter, a comment or a member (guests too, by address). */
export function canReport(viewer: Viewer): true {
  viewer.decisions.push('report:file');
  return true;
}

/**
 * Whom a moderator may suspend: not themselves, never an admin, and another moderator only if
 * the one acting is an admin.
 */
export function canSuspend(viewer: Viewer, target: { id: number; isAdmin: boolean; isModerator: boolean }): boolean {
  viewer.decisions.push('moderation:suspend');
  const u = viewer.user;
  if (!u || !isModeratorUser(u) || u.id === target.id || target.isAdmin) return false;
  return !target.isModerator || u.isAdmin;
}
