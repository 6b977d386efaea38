import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canModerate, canSeeWork, canSuspend, isSuspended, type Viewer } from '../policies/index.js';
import type { UserRow } from '../store/schema.js';
import { viewerUserOf } from './viewer-user.js';
import { BAN_UNTIL, REPORT_TEXT_MAX, SUSPENSION_DAYS, isBan } from '../domain/report.js';
import { escapeHtml } from '../domain/escape-html.js';
import type { Mail } from '../domain/mail.js';
import { loadWork } from '../store/work.store.js';
import { loadComment } from '../store/comment.store.js';
import { findUserById, findUserByUsername } from '../store/user.store.js';
import { setCommentHidden, setSuspension, setWorkHidden } from '../store/moderation.store.js';
import { deleteSessionsOfUser } from '../store/session.store.js';
import { deleteAccessTokensOfUser } from '../store/access-token.store.js';
import { logWorkChange } from '../store/work-changes.store.js';
import { addToCount, logCountChange } from '../store/count-changes.store.js';
import { recordAudit } from './audit-log.js';
import { enqueueMail } from './mail.js';
import type { MailSite } from './account-mail.js';
import { fail, ok, type ServiceResult } from './result.js';

const NOT_MODERATOR = fail(403, { _: 'Only moderators can do that.' });

/** Whether the viewer may suspend (or lift the suspension of) the member of this row. */
const suspendable = (viewer: Viewer, u: UserRow) =>
  canSuspend(viewer, { id: u.id, isAdmin: u.is_admin === 1, isModerator: u.is_moderator === 1 });

/** The end of the member's running suspension, or null. */
const runningSuspension = (u: UserRow): string | null => {
  const vu = viewerUserOf(u);
  return isSuspended(vu) ? vu.suspension!.until : null;
};

/** A moderator's reason, shown to the member it concerns: required, and bounded like a report. */
function reasonProblem(reason: string): string | undefined {
  const r = reason.trim();
  if (r.length === 0) return 'Give a reason: the member it concerns is shown it.';
  if (r.length > REPORT_TEXT_MAX) return `A reason is at most ${REPORT_TEXT_MAX} characters.`;
  return undefined;
}

function notice(to: string, subject: string, lines: string[]): Mail {
  return {
    to,
    subject,
    text: `${lines.join('\n\n')}\n`,
    html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
  };
}

/** Where an action came from, for the audit log: the report it answers, if any. */
export interface ActionContext {
  site: MailSite;
  reportId?: number;
}

/**
 * Hides a work (`reason`) or shows it again (null): hidden, it is listed nowhere and opens only for
 * its creators, who see why, and moderators. Its creators are told by mail.
 */
export async function setWorkHiddenBy(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  reason: string | null,
  ctx: ActionContext,
): Promise<ServiceResult<{ workId: number }>> {
  if (!canModerate(viewer)) return NOT_MODERATOR;
  const work = await loadWork(db, workId);
  if (!work || !canSeeWork(viewer, work)) return fail(404, { _: 'That work does not exist.' });
  if (reason !== null) {
    const problem = reasonProblem(reason);
    if (problem) return fail(422, { reason: problem });
  } else if (work.hiddenReason === null) return fail(409, { _: 'That work is not hidden.' });
  await db.transaction().execute(async (trx) => {
    await setWorkHidden(trx, workId, reason?.trim() ?? null);
    // Listings, the filter index and every cache hear of it through the change log.
    await logWorkChange(trx, workId);
    await recordAudit(
      trx,
      viewer.user,
      reason ? 'hide-work' : 'unhide-work',
      { kind: 'work', id: workId },
      {
        title: work.title,
        ...(reason ? { reason: reason.trim() } : {}),
        ...(ctx.reportId ? { report: ctx.reportId } : {}),
      },
    );
    for (const c of work.creators) {
      const u = await findUserById(trx, c.userId);
      if (!u) continue;
      await enqueueMail(
        trx,
        reason
          ? notice(u.email, `Your work was hidden on ${ctx.site.siteName}`, [
              `A moderator hid your work “${work.title}”: it is listed nowhere and only you and the moderators can open it.`,
              `The reason given: ${reason.trim()}`,
              `${ctx.site.publicUrl}/works/${workId}`,
            ])
          : notice(u.email, `Your work is visible again on ${ctx.site.siteName}`, [
              `A moderator made your work “${work.title}” visible again.`,
              `${ctx.site.publicUrl}/works/${workId}`,
            ]),
      );
    }
  });
  return ok({ workId });
}

/**
 * Hides a comment (`reason`) or shows it again (null): hidden, it shows as a placeholder to all but
 * its author, who sees why, and moderators, and counts nowhere.
 */
export async function setCommentHiddenBy(
  db: Kysely<DB>,
  viewer: Viewer,
  commentId: number,
  reason: string | null,
  ctx: ActionContext,
): Promise<ServiceResult<{ workId: number }>> {
  if (!canModerate(viewer)) return NOT_MODERATOR;
  const comment = await loadComment(db, commentId);
  if (!comment || comment.status === 'deleted') return fail(404, { _: 'That comment does not exist.' });
  if (reason !== null) {
    const problem = reasonProblem(reason);
    if (problem) return fail(422, { reason: problem });
  } else if (comment.hiddenReason === null) return fail(409, { _: 'That comment is not hidden.' });
  const wasCounted = comment.status === 'published' && comment.hiddenReason === null;
  const willCount = comment.status === 'published' && reason === null;
  await db.transaction().execute(async (trx) => {
    await setCommentHidden(trx, commentId, reason?.trim() ?? null);
    const delta = (willCount ? 1 : 0) - (wasCounted ? 1 : 0);
    // The work's pages drop their shared copies on a count change, even when the count stays.
    if (delta !== 0) await addToCount(trx, comment.workId, 'comments_count', delta);
    else await logCountChange(trx, comment.workId);
    await recordAudit(
      trx,
      viewer.user,
      reason ? 'hide-comment' : 'unhide-comment',
      { kind: 'comment', id: commentId },
      {
        work: comment.workId,
        author: comment.username ?? comment.guestName,
        ...(reason ? { reason: reason.trim() } : {}),
        ...(ctx.reportId ? { report: ctx.reportId } : {}),
      },
    );
  });
  return ok({ workId: comment.workId });
}

/** A suspension's length as the form gives it: a number of days from SUSPENSION_DAYS, or `ban`. */
export function suspensionEnd(length: string, now = new Date()): string | undefined {
  if (length === 'ban') return BAN_UNTIL;
  const days = Number(length);
  if (!SUSPENSION_DAYS.some((d) => d === days)) return undefined;
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

/**
 * Suspends a member for a time or bans them: every session and access token ends, and until then
 * they read but neither post, comment nor give kudos. They are told why and until when, by mail
 * and on every page once they log in again.
 */
export async function suspendMember(
  db: Kysely<DB>,
  viewer: Viewer,
  username: string,
  input: { length: string; reason: string },
  ctx: ActionContext,
): Promise<ServiceResult<{ username: string; until: string }>> {
  if (!canModerate(viewer)) return NOT_MODERATOR;
  const target = await findUserByUsername(db, username);
  if (!target) return fail(404, { _: 'There is no member by that name.' });
  if (!suspendable(viewer, target))
    return fail(403, {
      _: 'You cannot suspend this member: admins, yourself, and (unless you are an admin) moderators.',
    });
  const until = suspensionEnd(input.length);
  if (!until) return fail(422, { length: 'Choose how long the suspension lasts.' });
  const problem = reasonProblem(input.reason);
  if (problem) return fail(422, { reason: problem });
  const reason = input.reason.trim();
  await db.transaction().execute(async (trx) => {
    await setSuspension(trx, target.id, { until, reason });
    await deleteSessionsOfUser(trx, target.id);
    await deleteAccessTokensOfUser(trx, target.id);
    await recordAudit(
      trx,
      viewer.user,
      isBan(until) ? 'ban' : 'suspend',
      { kind: 'user', id: target.id },
      {
        username: target.username,
        until,
        reason,
        ...(ctx.reportId ? { report: ctx.reportId } : {}),
      },
    );
    await enqueueMail(
      trx,
      notice(target.email, `Your account on ${ctx.site.siteName} is ${isBan(until) ? 'banned' : 'suspended'}`, [
        isBan(until)
          ? `A moderator banned your account “${target.username}”.`
          : `A moderator suspended your account “${target.username}” until ${until.slice(0, 16).replace('T', ' ')} UTC.`,
        'You can still log in and read, but not post or change works or chapters, comment or leave kudos.',
        `The reason given: ${reason}`,
      ]),
    );
  });
  return ok({ username: target.username, until });
}

/** Ends a suspension or ban early. */
export async function liftSuspension(
  db: Kysely<DB>,
  viewer: Viewer,
  username: string,
  ctx: ActionContext,
): Promise<ServiceResult<{ username: string }>> {
  if (!canModerate(viewer)) return NOT_MODERATOR;
  const target = await findUserByUsername(db, username);
  if (!target) return fail(404, { _: 'There is no member by that name.' });
  if (!suspendable(viewer, target)) return fail(403, { _: 'You cannot change this member’s suspension.' });
  if (runningSuspension(target) === null) return fail(409, { _: 'That member is not suspended.' });
  await db.transaction().execute(async (trx) => {
    await setSuspension(trx, target.id, null);
    await recordAudit(
      trx,
      viewer.user,
      'lift-suspension',
      { kind: 'user', id: target.id },
      {
        username: target.username,
        ...(ctx.reportId ? { report: ctx.reportId } : {}),
      },
    );
    await enqueueMail(
      trx,
      notice(target.email, `Your account on ${ctx.site.siteName} is no longer suspended`, [
        `A moderator lifted the suspension of your account “${target.username}”. You can post, comment and leave kudos again.`,
      ]),
    );
  });
  return ok({ username: target.username });
}

/** What the member page of the moderation area shows: the member's state, without their address. */
export async function memberForModeration(db: Kysely<DB>, viewer: Viewer, username: string) {
  if (!canModerate(viewer)) return 'forbidden' as const;
  const u = await findUserByUsername(db, username);
  if (!u) return undefined;
  return {
    id: u.id,
    username: u.username,
    createdAt: u.created_at,
    isAdmin: u.is_admin === 1,
    isModerator: u.is_moderator === 1,
    suspendedUntil: runningSuspension(u),
    suspensionReason: u.suspension_reason,
    suspendable: suspendable(viewer, u),
  };
}
