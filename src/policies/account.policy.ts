import type { Viewer } from './viewer.js';

/** Pages anyone may open (home, sign-up, log-in, tag pages, user pages, the API document). */
export function canViewPublicPage(viewer: Viewer, page: string): true {
  viewer.decisions.push(`page:${page}`);
  return true;
}

/** Account settings, change password, new pseud: the member themselves. */
export function canManageAccount(viewer: Viewer, userId: number | undefined): boolean {
  viewer.decisions.push('account:manage');
  return userId !== undefined && viewer.user?.id === userId;
}

/** Signing up or logging in makes sense only for guests. */
export function canAuthenticate(viewer: Viewer): boolean {
  viewer.decisions.push('account:authenticate');
  return viewer.user === null;
}

/**
 * A link sent by mail (a password reset, an address to confirm) acts for whoever holds it,
 * logged in or not, as another member or as nobody: the link is the proof.
 */
export function canUseMailedLink(viewer: Viewer, purpose: 'reset' | 'confirm' | 'email'): true {
  viewer.decisions.push(`account:link:${purpose}`);
  return true;
}

/** A new confirmation link is sent to a member whose address is not yet confirmed. */
export function canAskConfirmationAgain(viewer: Viewer): boolean {
  viewer.decisions.push('account:confirm-again');
  return viewer.user?.unconfirmed === true;
}
