import type { Executor } from './executor.js';
import type { SubscriptionsTable } from './schema.js';

export type SubscriptionKind = SubscriptionsTable['kind'];

export interface SubscriptionRow {
  id: number;
  userId: number;
  kind: SubscriptionKind;
  targetId: number;
  feedToken: string;
  createdAt: string;
}

const COLUMNS = ['id', 'user_id', 'kind', 'target_id', 'feed_token', 'created_at'] as const;

function toRow(r: {
  id: number;
  user_id: number;
  kind: SubscriptionKind;
  target_id: number;
  feed_token: string;
  created_at: string;
}): SubscriptionRow {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    targetId: r.target_id,
    feedToken: r.feed_token,
    createdAt: r.created_at,
  };
}

/** Adds a subscription; subscribing again keeps the first one (and its feed token). Returns its id. */
export async function insertSubscription(
  db: Executor,
  s: { userId: number; kind: SubscriptionKind; targetId: number; feedToken: string },
  now: string,
): Promise<number> {
  await db
    .insertInto('subscriptions')
    .values({ user_id: s.userId, kind: s.kind, target_id: s.targetId, feed_token: s.feedToken, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'target_id']).doNothing())
    .execute();
  const row = await findSubscription(db, s.userId, s.kind, s.targetId);
  if (!row) throw new Error('The subscription was not stored.');
  return row.id;
}

export async function findSubscription(
  db: Executor,
  userId: number,
  kind: SubscriptionKind,
  targetId: number,
): Promise<SubscriptionRow | undefined> {
  const r = await db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
  return r && toRow(r);
}

export async function findSubscriptionById(db: Executor, id: number): Promise<SubscriptionRow | undefined> {
  const r = await db.selectFrom('subscriptions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r && toRow(r);
}

export async function findSubscriptionByToken(db: Executor, token: string): Promise<SubscriptionRow | undefined> {
  const r = await db.selectFrom('subscriptions').select(COLUMNS).where('feed_token', '=', token).executeTakeFirst();
  return r && toRow(r);
}

/** Removes one of a member's subscriptions (its notifications go with it); false when it was not theirs. */
export async function deleteSubscription(db: Executor, userId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('subscriptions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A member's subscriptions, newest first. */
export async function listSubscriptionsOfUser(db: Executor, userId: number, limit: number): Promise<SubscriptionRow[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

export async function countSubscriptionsOfUser(db: Executor, userId: number): Promise<number> {
  const r = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The id past which the next `size` subscriptions to a target end, or undefined when none are left after `afterId`. */
export async function subscriptionRangeEnd(
  db: Executor,
  kind: SubscriptionKind,
  targetId: number,
  afterId: number,
  size: number,
): Promise<number | undefined> {
  const after = db
    .selectFrom('subscriptions')
    .where('kind', '=', kind)
    .where('target_id', '=', targetId)
    .where('id', '>', afterId);
  // The size-th id, read off the index without sending the ones before it; else the last one left.
  const nth = await after
    .select('id')
    .orderBy('id')
    .offset(size - 1)
    .limit(1)
    .executeTakeFirst();
  if (nth) return nth.id;
  const last = await after.select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return last?.id ?? undefined;
}

/**
 * Stores the notifications of the subscriptions to a target whose ids are in (afterId, lastId], in
 * one statement; those already stored (an earlier run) are left as they are. Returns how many were added.
 */
export async function notifySubscriptionRange(
  db: Executor,
  range: { kind: SubscriptionKind; targetId: number; afterId: number; lastId: number },
  event: { workId: number; chapterId: number; kind: 'chapter' | 'work'; at: string },
): Promise<number> {
  const r = await db
    .insertInto('notifications')
    .columns(['user_id', 'subscription_id', 'work_id', 'chapter_id', 'kind', 'is_read', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('subscriptions')
        .select([
          'subscriptions.user_id',
          'subscriptions.id',
          eb.val(event.workId).as('work_id'),
          eb.val(event.chapterId).as('chapter_id'),
          eb.val(event.kind).as('kind'),
          eb.val(0).as('is_read'),
          eb.val(event.at).as('created_at'),
        ])
        .where('subscriptions.kind', '=', range.kind)
        .where('subscriptions.target_id', '=', range.targetId)
        .where('subscriptions.id', '>', range.afterId)
        .where('subscriptions.id', '<=', range.lastId),
    )
    .onConflict((oc) => oc.columns(['subscription_id', 'work_id', 'chapter_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Filter subscriptions after `afterId` with their saved filter's owner and query, in id order. */
export async function filterSubscriptionsAfter(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<Array<{ id: number; userId: number; username: string; filterId: number; query: string }>> {
  const rows = await db
    .selectFrom('subscriptions')
    .innerJoin('saved_filters', 'saved_filters.id', 'subscriptions.target_id')
    .innerJoin('users', 'users.id', 'subscriptions.user_id')
    .select([
      'subscriptions.id',
      'subscriptions.user_id',
      'users.username',
      'saved_filters.id as filter_id',
      'saved_filters.query',
    ])
    .where('subscriptions.kind', '=', 'filter')
    // A filter is its owner's alone: a subscription to another member's filter brings nothing.
    .whereRef('saved_filters.user_id', '=', 'subscriptions.user_id')
    .where('subscriptions.id', '>', afterId)
    .orderBy('subscriptions.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    username: r.username,
    filterId: r.filter_id,
    query: r.query,
  }));
}
