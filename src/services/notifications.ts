import { viewerUserOf } from './viewer-user.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Work } from '../domain/work.js';
import {
  canReadInbox,
  feedTokenReadsAsOwner,
  memberViewer,
  notificationShown,
  workDisclosure,
  type Viewer,
} from '../policies/index.js';
import type { SearchState } from '../search/search-state.js';
import { blocklistMatches, readerBlocklist } from '../search/blocked-by.js';
import { loadListedWorks } from '../search/listed-works.js';
import { listBlockedUsers } from '../store/blocklist.store.js';
import { findUserById } from '../store/user.store.js';
import { notificationsOfSubscription, notificationsOfUser, type NotificationRow } from '../store/notification.store.js';
import { findSubscriptionByToken, type SubscriptionRow } from '../store/subscription.store.js';
import { changeInboxEntries } from './inbox-actions.js';
import { FORBIDDEN, ok, type ServiceResult } from './result.js';

export const NOTIFICATIONS_PER_PAGE = 20;
/** Entries in a subscription's feed. */
export const SUBSCRIPTION_FEED_SIZE = 30;

export interface NotificationEntry {
  notification: NotificationRow;
  work: Work;
  /** `blurb` when the adult gate stands first: the entry names the work as a blurb does, no chapter title. */
  disclosure: 'full' | 'blurb';
}

/**
 * Whether the reader chose not to see a work: their blocklist (tags and muted creators, by the
 * listings' rules) or a creator they blocked. Remembered per work for one call.
 */
export async function readerExcludes(
  db: Kysely<DB>,
  search: SearchState,
  viewer: Viewer,
): Promise<(work: Work) => Promise<boolean>> {
  if (!viewer.user) return () => Promise.resolve(false);
  const blocklist = await readerBlocklist(search, viewer);
  const blocked = new Set((await listBlockedUsers(db, viewer.user.id)).map((u) => u.id));
  const seen = new Map<number, boolean>();
  return async (work) => {
    let excluded = seen.get(work.id);
    if (excluded === undefined) {
      excluded =
        work.creators.some((c) => blocked.has(c.userId)) ||
        (blocklist !== undefined && (await blocklistMatches(db, blocklist, work)).length > 0);
      seen.set(work.id, excluded);
    }
    return excluded;
  };
}

/** Notifications as their member may see them now: see `notificationShown`. Those left out stay stored. */
async function visibleEntries(
  db: Kysely<DB>,
  search: SearchState,
  viewer: Viewer,
  rows: NotificationRow[],
): Promise<NotificationEntry[]> {
  if (rows.length === 0) return [];
  const works = new Map(
    (await loadListedWorks(db, search.memos, [...new Set(rows.map((r) => r.workId))])).map((w) => [w.id, w]),
  );
  const excludes = await readerExcludes(db, search, viewer);
  const out: NotificationEntry[] = [];
  for (const notification of rows) {
    const work = works.get(notification.workId);
    if (!work || !notificationShown(viewer, work, await excludes(work))) continue;
    out.push({ notification, work, disclosure: workDisclosure(viewer, work) });
  }
  return out;
}

export async function readNotifications(
  db: Kysely<DB>,
  search: SearchState,
  viewer: Viewer,
  page: number,
): Promise<ServiceResult<{ entries: NotificationEntry[]; page: number; more: boolean }>> {
  if (!canReadInbox(viewer) || !viewer.user) return FORBIDDEN;
  const rows = await notificationsOfUser(db, viewer.user.id, {
    limit: NOTIFICATIONS_PER_PAGE + 1,
    offset: (page - 1) * NOTIFICATIONS_PER_PAGE,
  });
  const entries = await visibleEntries(db, search, viewer, rows.slice(0, NOTIFICATIONS_PER_PAGE));
  return ok({ entries, page, more: rows.length > NOTIFICATIONS_PER_PAGE });
}

/** Unread notifications the member may see, looking at the newest `limit` unread ones. */
export async function unreadNotificationCount(
  db: Kysely<DB>,
  search: SearchState,
  viewer: Viewer,
  limit: number,
): Promise<number> {
  if (!viewer.user) return 0;
  const rows = await notificationsOfUser(db, viewer.user.id, { unreadOnly: true, limit });
  if (rows.length === 0) return 0;
  return (await visibleEntries(db, search, viewer, rows)).length;
}

/** Marks read, marks unread or deletes a member's ticked notifications. */
export const changeNotifications = (db: Kysely<DB>, viewer: Viewer, action: string, ids: number[]) =>
  changeInboxEntries(db, viewer, 'notifications', action, ids);

/**
 * A subscription's private feed, read by its token: the works of its latest notifications as its
 * owner would see them in their inbox. Undefined for a token that names no subscription.
 */
export async function subscriptionFeed(
  db: Kysely<DB>,
  search: SearchState,
  viewer: Viewer,
  token: string,
): Promise<{ subscription: SubscriptionRow; owner: Viewer; entries: NotificationEntry[] } | undefined> {
  feedTokenReadsAsOwner(viewer);
  // Tokens are made of 32 url-safe characters; anything else names nothing and costs no query.
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
  const subscription = await findSubscriptionByToken(db, token);
  if (!subscription) return undefined;
  const user = await findUserById(db, subscription.userId);
  if (!user) return undefined;
  const owner = memberViewer(viewerUserOf(user));
  const rows = await notificationsOfSubscription(db, subscription.id, SUBSCRIPTION_FEED_SIZE);
  return { subscription, owner, entries: await visibleEntries(db, search, owner, rows) };
}
