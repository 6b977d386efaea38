import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canModerate, type Viewer } from '../policies/index.js';
import { loadWork } from '../store/work.store.js';
import { deleteCommentRows, loadComment } from '../store/comment.store.js';
import { heldSpamComments, newWorksOfNewMembers } from '../store/moderation.store.js';
import { logCountChange } from '../store/count-changes.store.js';
import { publishHeld } from './comments.js';
import { recordAudit } from './audit-log.js';
import { fail, ok, type ServiceResult } from './result.js';

/** How far back "new" reaches: works by accounts younger than this are shown for a look. */
export const NEW_MEMBER_DAYS = 7;
const SHOWN = 100;

/**
 * What the spam queue shows moderators: comments the spam check held (a guest's or a new account's
 * comment with many links, or the same text again), oldest first, and the newest works of accounts
 * made in the last week, which spammers post and readers rarely report.
 */
export async function spamQueue(db: Kysely<DB>, viewer: Viewer, now = new Date()) {
  if (!canModerate(viewer)) return 'forbidden' as const;
  const since = new Date(now.getTime() - NEW_MEMBER_DAYS * 86_400_000).toISOString();
  return {
    comments: await heldSpamComments(db, SHOWN),
    works: await newWorksOfNewMembers(db, since, SHOWN),
  };
}

/** A moderator's verdict on a held comment: `ham` publishes it, `spam` deletes it. */
export async function judgeHeldComment(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  verdict: string,
): Promise<ServiceResult<{ workId: number }>> {
  if (!canModerate(viewer)) return fail(403, { _: 'Only moderators can do that.' });
  if (verdict !== 'spam' && verdict !== 'ham') return fail(422, { _: 'Say whether it is spam.' });
  const comment = await loadComment(db, id);
  const work = comment ? await loadWork(db, comment.workId) : undefined;
  if (!comment || !work) return fail(404, { _: 'That comment does not exist.' });
  if (comment.status !== 'held') return fail(409, { _: 'That comment is not waiting for approval.' });
  await db.transaction().execute(async (trx) => {
    if (verdict === 'ham') await publishHeld(trx, work, comment);
    else {
      // A held comment takes no replies, so it goes alone; it never counted.
      await deleteCommentRows(trx, [id]);
      await logCountChange(trx, work.id);
    }
    await recordAudit(
      trx,
      viewer.user,
      verdict === 'spam' ? 'delete-spam' : 'publish-held',
      { kind: 'comment', id },
      {
        work: work.id,
        author: comment.username ?? comment.guestName,
      },
    );
  });
  return ok({ workId: work.id });
}
