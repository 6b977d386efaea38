import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import {
  canSeeSeries,
  canSeeWork,
  mayManageSubscriptions,
  maySubscribe,
  ownsSubscription,
  type Viewer,
} from '../policies/index.js';
import type { SearchState } from '../search/search-state.js';
import { queryWorks } from '../search/works-query.js';
import { loadListedWorks } from '../search/listed-works.js';
import { findUserById, findUserByUsername } from '../store/user.store.js';
import { findSeries } from '../store/series.store.js';
import { listSavedFilters } from '../store/blocklist.store.js';
import {
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listSubscriptionsOfUser,
  type SubscriptionKind,
  type SubscriptionRow,
} from '../store/subscription.store.js';
import { readerExcludes } from './notifications.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';

export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['work', 'user', 'series', 'filter'];
/** A member's subscriptions page lists at most this many (AO3's busiest readers follow a few hundred). */
export const MAX_SUBSCRIPTIONS_LISTED = 1000;

const NOTHING_HERE = fail(404, { _: 'There is nothing like that to subscribe to, or you cannot see it.' });
const LOG_IN = fail(403, { _: 'Log in to subscribe.' });

export function isSubscriptionKind(s: string): s is SubscriptionKind {
  return (SUBSCRIPTION_KINDS as readonly string[]).includes(s);
}

/** What a subscription follows, as its owner may see it now: a name and a page, or nothing. */
export interface SubscriptionTarget {
  label: string;
  href: string;
}

/** The target as this viewer sees it, or undefined when it does not exist for them. */
async function visibleTarget(
  search: SearchState,
  viewer: Viewer,
  kind: SubscriptionKind,
  targetId: number,
): Promise<SubscriptionTarget | undefined> {
  const { db } = search;
  switch (kind) {
    case 'work': {
      const [work] = await loadListedWorks(db, search.memos, [targetId]);
      if (!work || !work.posted || !canSeeWork(viewer, work)) return undefined;
      return { label: work.title, href: `/works/${work.id}` };
    }
    case 'user': {
      const user = await findUserById(db, targetId);
      return user && { label: user.username, href: `/users/${encodeURIComponent(user.username)}` };
    }
    case 'series': {
      const series = await findSeries(db, targetId);
      if (!series) return undefined;
      const works = await queryWorks(search, viewer, { seriesId: targetId, pageSize: 1 });
      if (!canSeeSeries(viewer, works.total + works.hiddenByBlocklist)) return undefined;
      return { label: series.title, href: `/series/${series.id}` };
    }
    case 'filter': {
      // A saved filter is its owner's alone.
      const filter = viewer.user && (await listSavedFilters(db, viewer.user.id)).find((f) => f.id === targetId);
      return filter ? { label: filter.name, href: `/works?${filter.query}` } : undefined;
    }
  }
}

/** A random token naming the subscription's private feed (32 url-safe characters). */
const newFeedToken = () => crypto.randomBytes(24).toString('base64url');

/** Subscribes the viewer; subscribing twice keeps the first subscription. Hidden targets are 404. */
export async function subscribe(
  search: SearchState,
  viewer: Viewer,
  kind: string,
  targetId: number,
): Promise<ServiceResult<{ id: number }>> {
  const valid = isSubscriptionKind(kind) && Number.isSafeInteger(targetId) && targetId > 0;
  const target = valid ? await visibleTarget(search, viewer, kind, targetId) : undefined;
  const decision = maySubscribe(viewer, target !== undefined);
  if (!valid) return fail(400, { _: 'Choose a work, a member, a series or a saved filter.' });
  if (decision === 'hidden') return NOTHING_HERE;
  if (decision === 'sign-in' || !viewer.user) return LOG_IN;
  const id = await insertSubscription(
    search.db,
    { userId: viewer.user.id, kind, targetId, feedToken: newFeedToken() },
    nowIso(),
  );
  return ok({ id });
}

/** Ends one of the viewer's subscriptions; someone else's, or none, is 404. */
export async function unsubscribe(db: Kysely<DB>, viewer: Viewer, id: number): Promise<ServiceResult<null>> {
  if (!mayManageSubscriptions(viewer) || !viewer.user) return LOG_IN;
  if (!(await deleteSubscription(db, viewer.user.id, id))) return fail(404, { _: 'You have no such subscription.' });
  return ok(null);
}

/** The viewer's subscription to a target, if any (for the Subscribe / Unsubscribe button). */
export async function subscriptionTo(
  db: Kysely<DB>,
  viewer: Viewer,
  kind: SubscriptionKind,
  targetId: number,
): Promise<SubscriptionRow | undefined> {
  return viewer.user ? findSubscription(db, viewer.user.id, kind, targetId) : undefined;
}

export interface SubscriptionListEntry {
  subscription: SubscriptionRow;
  /** Undefined when its owner cannot see it now, or chose not to (their blocklist). */
  target: SubscriptionTarget | undefined;
}

/** A member's subscriptions page: theirs alone (404 for anyone else, as if it were not there). */
export async function listSubscriptions(
  search: SearchState,
  viewer: Viewer,
  username: string,
): Promise<ServiceResult<SubscriptionListEntry[]>> {
  const { db } = search;
  if (!mayManageSubscriptions(viewer)) return LOG_IN;
  const owner = await findUserByUsername(db, username);
  if (!owner || !ownsSubscription(viewer, { userId: owner.id }))
    return fail(404, { _: 'There is no such page, or it is not yours.' });
  const rows = await listSubscriptionsOfUser(db, owner.id, MAX_SUBSCRIPTIONS_LISTED);
  const excludes = await readerExcludes(db, search, viewer);
  const works = new Map(
    (
      await loadListedWorks(
        db,
        search.memos,
        rows.filter((r) => r.kind === 'work').map((r) => r.targetId),
      )
    ).map((w) => [w.id, w]),
  );
  const out: SubscriptionListEntry[] = [];
  for (const subscription of rows) {
    let target: SubscriptionTarget | undefined;
    if (subscription.kind === 'work') {
      const work = works.get(subscription.targetId);
      // A work the reader's filters exclude is not named, here as in every listing.
      if (work && work.posted && canSeeWork(viewer, work) && !(await excludes(work)))
        target = { label: work.title, href: `/works/${work.id}` };
    } else target = await visibleTarget(search, viewer, subscription.kind, subscription.targetId);
    out.push({ subscription, target });
  }
  return ok(out);
}
