import type { ViewerUser } from '../policies/viewer.js';
import type { UserRow } from '../store/schema.js';

/** What decisions need of an account, read from its row: the one place sessions, tokens and feeds build it. */
export function viewerUserOf(user: UserRow, extra: { keepHistory?: boolean } = {}): ViewerUser {
  return {
    id: user.id,
    username: user.username,
    isAdmin: user.is_admin === 1,
    isWrangler: user.is_wrangler === 1,
    ...(user.is_moderator === 1 ? { isModerator: true } : {}),
    viewAdult: user.view_adult === 1,
    ...(extra.keepHistory !== undefined ? { keepHistory: extra.keepHistory } : {}),
    ...(user.confirmed_at === null ? { unconfirmed: true } : {}),
    ...(user.suspended_until !== null
      ? { suspension: { until: user.suspended_until, reason: user.suspension_reason ?? '' } }
      : {}),
  };
}
