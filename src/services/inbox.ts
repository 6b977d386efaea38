import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Work } from '../domain/work.js';
import { canReadInbox, commentVisibleTo, workDisclosure, type Viewer } from '../policies/index.js';
import type { SearchState } from '../search/search-state.js';
import { blocklistMatches, readerBlocklist } from '../search/blocked-by.js';
import { inboxItems, inboxPreferences, saveInboxPreferences, type InboxItemRow } from '../store/inbox.store.js';
import { loadComments, type CommentRow } from '../store/comment.store.js';
import { loadWorks } from '../store/work.store.js';
import { mutedUserIds } from '../store/blocklist.store.js';
import { commentFacts } from './comments.js';
import { unreadNotificationCount } from './notifications.js';
import { changeInboxEntries } from './inbox-actions.js';
import { FORBIDDEN, ok, type ServiceResult } from './result.js';

export const INBOX_PER_PAGE = 20;
/** The header counts unread items up to this many ("99+"). */
export const UNREAD_SHOWN_MAX = 99;

export interface InboxEntry {
  item: InboxItemRow;
  comment: CommentRow;
  work: Work;
  /** The comment's text may show: not before the work's adult gate, like everything derived from a work. */
  showText: boolean;
}

/**
 * Inbox items as the member may see them: an item whose work they can no longer see, whose work
 * their blocklist hides, whose comment waits for approval elsewhere or whose author they muted
 * is left out (it stays stored, and comes back if they unmute or unblock).
 */
async function visibleEntries(
  db: Kysely<DB>,
  search: SearchState,
  viewer: Viewer,
  items: InboxItemRow[],
): Promise<InboxEntry[]> {
  if (items.length === 0) return [];
  const comments = new Map(
    (
      await loadComments(
        db,
        items.map((it) => it.commentId),
      )
    ).map((c) => [c.id, c]),
  );
  const works = new Map(
    (await loadWorks(db, [...new Set([...comments.values()].map((c) => c.workId))])).map((w) => [w.id, w]),
  );
  const muted = new Set(viewer.user ? await mutedUserIds(db, viewer.user.id) : []);
  const blocklist = await readerBlocklist(search, viewer);
  const blocked = new Map<number, boolean>();
  const out: InboxEntry[] = [];
  for (const item of items) {
    const comment = comments.get(item.commentId);
    const work = comment ? works.get(comment.workId) : undefined;
    if (!comment || !work || comment.status === 'deleted') continue;
    if (!commentVisibleTo(viewer, work, commentFacts(comment))) continue;
    if (comment.userId !== null && muted.has(comment.userId)) continue;
    if (blocklist) {
      if (!blocked.has(work.id)) blocked.set(work.id, (await blocklistMatches(db, blocklist, work)).length > 0);
      if (blocked.get(work.id)) continue;
    }
    out.push({ item, comment, work, showText: workDisclosure(viewer, work) === 'full' });
  }
  return out;
}

export async function readInbox(
  db: Kysely<DB>,
  search: SearchState,
  viewer: Viewer,
  page: number,
): Promise<
  ServiceResult<{ entries: InboxEntry[]; page: number; more: boolean; prefs: { comments: boolean; replies: boolean } }>
> {
  if (!canReadInbox(viewer) || !viewer.user) return FORBIDDEN;
  const items = await inboxItems(db, viewer.user.id, {
    limit: INBOX_PER_PAGE + 1,
    offset: (page - 1) * INBOX_PER_PAGE,
  });
  const entries = await visibleEntries(db, search, viewer, items.slice(0, INBOX_PER_PAGE));
  return ok({ entries, page, more: items.length > INBOX_PER_PAGE, prefs: await inboxPreferences(db, viewer.user.id) });
}

/** The header's count: unread items the member may see, up to UNREAD_SHOWN_MAX + 1. */
export async function unreadCount(db: Kysely<DB>, search: SearchState, viewer: Viewer): Promise<number> {
  if (!viewer.user) return 0;
  const items = await inboxItems(db, viewer.user.id, { unreadOnly: true, limit: UNREAD_SHOWN_MAX + 1 });
  const comments = items.length === 0 ? 0 : (await visibleEntries(db, search, viewer, items)).length;
  // Subscriptions' notifications count too, judged as their tab shows them.
  const notifications = await unreadNotificationCount(db, search, viewer, UNREAD_SHOWN_MAX + 1);
  return Math.min(UNREAD_SHOWN_MAX + 1, comments + notifications);
}

/** Marks read, marks unread or deletes a member's ticked comments and replies. */
export const changeInbox = (db: Kysely<DB>, viewer: Viewer, action: string, ids: number[]) =>
  changeInboxEntries(db, viewer, 'inbox_items', action, ids);

export async function setInboxPreferences(
  db: Kysely<DB>,
  viewer: Viewer,
  prefs: { comments: boolean; replies: boolean },
): Promise<ServiceResult<null>> {
  if (!canReadInbox(viewer) || !viewer.user) return FORBIDDEN;
  await saveInboxPreferences(db, viewer.user.id, prefs);
  return ok(null);
}
