import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canReadInbox, type Viewer } from '../policies/index.js';
import { deleteRowsOf, setRowsRead, type InboxTable } from '../store/inbox-rows.js';
import { FORBIDDEN, fail, ok, type ServiceResult } from './result.js';

/** What a member may do to the entries they tick on an inbox tab. */
export const INBOX_ACTIONS = ['read', 'unread', 'delete'] as const;
export type InboxAction = (typeof INBOX_ACTIONS)[number];

/** Marks read, marks unread or deletes a member's ticked entries of one tab (comments or notifications). */
export async function changeInboxEntries(
  db: Kysely<DB>,
  viewer: Viewer,
  table: InboxTable,
  action: string,
  ids: number[],
): Promise<ServiceResult<null>> {
  if (!canReadInbox(viewer) || !viewer.user) return FORBIDDEN;
  if (!(INBOX_ACTIONS as readonly string[]).includes(action))
    return fail(400, { _: 'Choose Mark read, Mark unread or Delete.' });
  if (action === 'delete') await deleteRowsOf(db, table, viewer.user.id, ids);
  else await setRowsRead(db, table, viewer.user.id, ids, action === 'read');
  return ok(null);
}
