import type { Executor } from './executor.js';

export interface NotificationRow {
  id: number;
  subscriptionId: number;
  workId: number;
  chapterId: number;
  kind: 'chapter' | 'work';
  read: boolean;
  createdAt: string;
}

type Raw = {
  id: number;
  subscription_id: number;
  work_id: number;
  chapter_id: number;
  kind: 'chapter' | 'work';
  is_read: number;
  created_at: string;
};
const COLUMNS = ['id', 'subscription_id', 'work_id', 'chapter_id', 'kind', 'is_read', 'created_at'] as const;

const toRow = (r: Raw): NotificationRow => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  workId: r.work_id,
  chapterId: r.chapter_id,
  kind: r.kind,
  read: r.is_read === 1,
  createdAt: r.created_at,
});

/** A member's notifications, newest first; `unreadOnly` for the header's count. */
export async function notificationsOfUser(
  db: Executor,
  userId: number,
  opts: { unreadOnly?: boolean; limit: number; offset?: number },
): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').select(COLUMNS).where('user_id', '=', userId);
  if (opts.unreadOnly) q = q.where('is_read', '=', 0);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map(toRow);
}

/** One subscription's notifications, newest first (its feed). */
export async function notificationsOfSubscription(
  db: Executor,
  subscriptionId: number,
  limit: number,
): Promise<NotificationRow[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(COLUMNS)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}
