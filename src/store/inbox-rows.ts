import type { Executor } from './executor.js';

/** The tables behind a member's inbox tabs: comments and replies, and subscriptions' notifications. */
export type InboxTable = 'inbox_items' | 'notifications';

/** Marks a member's entries of one tab read or unread; ids that are not theirs are left alone. */
export async function setRowsRead(
  db: Executor,
  table: InboxTable,
  userId: number,
  ids: readonly number[],
  read: boolean,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable(table)
    .set({ is_read: read ? 1 : 0 })
    .where('user_id', '=', userId)
    .where('id', 'in', [...ids])
    .execute();
}

/** Deletes a member's entries of one tab; ids that are not theirs are left alone. */
export async function deleteRowsOf(
  db: Executor,
  table: InboxTable,
  userId: number,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom(table)
    .where('user_id', '=', userId)
    .where('id', 'in', [...ids])
    .execute();
}
