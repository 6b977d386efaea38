import type { Executor } from './executor.js';

export interface InboxItemRow {
  id: number;
  commentId: number;
  kind: 'comment' | 'reply';
  read: boolean;
  createdAt: string;
}

/** Puts a comment in members' inboxes (once each), for those who keep that kind on. */
export async function deliverToInboxes(
  db: Executor,
  userIds: readonly number[],
  commentId: number,
  kind: 'comment' | 'reply',
  at: string,
): Promise<void> {
  if (userIds.length === 0) return;
  const wanted = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...userIds])
    .where(kind === 'comment' ? 'inbox_comments' : 'inbox_replies', '=', 1)
    .execute();
  if (wanted.length === 0) return;
  await db
    .insertInto('inbox_items')
    .values(wanted.map((u) => ({ user_id: u.id, comment_id: commentId, kind, is_read: 0, created_at: at })))
    .onConflict((oc) => oc.columns(['user_id', 'comment_id']).doNothing())
    .execute();
}

/** A member's inbox items, newest first; `unreadOnly` for the header's count. */
export async function inboxItems(
  db: Executor,
  userId: number,
  opts: { unreadOnly?: boolean; limit: number; offset?: number },
): Promise<InboxItemRow[]> {
  let q = db
    .selectFrom('inbox_items')
    .select(['id', 'comment_id', 'kind', 'is_read', 'created_at'])
    .where('user_id', '=', userId);
  if (opts.unreadOnly) q = q.where('is_read', '=', 0);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    commentId: r.comment_id,
    kind: r.kind,
    read: r.is_read === 1,
    createdAt: r.created_at,
  }));
}

/** Marks read the items that point at this comment (its reader opened it). */
export async function markCommentRead(db: Executor, userId: number, commentId: number): Promise<void> {
  await db
    .updateTable('inbox_items')
    .set({ is_read: 1 })
    .where('user_id', '=', userId)
    .where('comment_id', '=', commentId)
    // Opening a comment already read writes nothing.
    .where('is_read', '=', 0)
    .execute();
}

export async function inboxPreferences(db: Executor, userId: number): Promise<{ comments: boolean; replies: boolean }> {
  const r = await db
    .selectFrom('users')
    .select(['inbox_comments', 'inbox_replies'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return { comments: r.inbox_comments === 1, replies: r.inbox_replies === 1 };
}

export async function saveInboxPreferences(
  db: Executor,
  userId: number,
  p: { comments: boolean; replies: boolean },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ inbox_comments: p.comments ? 1 : 0, inbox_replies: p.replies ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}
