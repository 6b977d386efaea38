import type { Executor } from './executor.js';

/** Hides a work (with the moderator's reason) or shows it again (null). */
export async function setWorkHidden(db: Executor, workId: number, reason: string | null): Promise<void> {
  await db.updateTable('works').set({ hidden_reason: reason }).where('id', '=', workId).execute();
}

export async function setCommentHidden(db: Executor, commentId: number, reason: string | null): Promise<void> {
  await db.updateTable('comments').set({ hidden_reason: reason }).where('id', '=', commentId).execute();
}

/** Suspends a member until a time (a ban: the year 9999), or lifts it (null). */
export async function setSuspension(
  db: Executor,
  userId: number,
  s: { until: string; reason: string } | null,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ suspended_until: s?.until ?? null, suspension_reason: s?.reason ?? null })
    .where('id', '=', userId)
    .execute();
}

/** Comments the spam check held, oldest first, with their work's title. */
export async function heldSpamComments(db: Executor, limit: number) {
  return db
    .selectFrom('comments as c')
    .innerJoin('works as w', 'w.id', 'c.work_id')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.work_id', 'w.title', 'c.body', 'c.guest_name', 'u.username', 'c.created_at'])
    .where('c.status', '=', 'held')
    .where('c.spam', '=', 1)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** Posted works whose creators include an account made after `joinedSince`, newest first. */
export async function newWorksOfNewMembers(db: Executor, joinedSince: string, limit: number) {
  return db
    .selectFrom('works as w')
    .innerJoin('creatorships as c', 'c.work_id', 'w.id')
    .innerJoin('pseuds as p', 'p.id', 'c.pseud_id')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['w.id', 'w.title', 'w.published_at', 'w.hidden_reason', 'u.username', 'u.created_at as joined_at'])
    .where('w.posted', '=', 1)
    .where('u.created_at', '>=', joinedSince)
    .orderBy('w.id', 'desc')
    .limit(limit)
    .execute();
}
