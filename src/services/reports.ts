import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canModerate, canReport, canSeeWork, commentVisibleTo, type Viewer } from '../policies/index.js';
import {
  REPORT_REASONS,
  REPORT_STATUSES,
  REPORT_TARGET_KINDS,
  REPORT_TEXT_MAX,
  type ReportStatus,
  type ReportTargetKind,
} from '../domain/report.js';
import { htmlToPlainText } from '../domain/safe-html.js';
import { loadWork } from '../store/work.store.js';
import { loadComment } from '../store/comment.store.js';
import { findChapterById } from '../store/chapter.store.js';
import { findUserById } from '../store/user.store.js';
import {
  countReportsByStatus,
  findReport,
  insertReport,
  insertReportNote,
  notesOf,
  reportsIn,
  reportsOfTarget,
  updateReport,
  type ReportNoteRow,
  type ReportRow,
} from '../store/report.store.js';
import { commentFacts } from './comments.js';
import { recordAudit } from './audit-log.js';
import { overHourlyLimit, TOO_MANY_PER_HOUR, type RateLimits } from './rate-limits.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';

/** What was reported, as the form and the queue name it. */
export interface ReportTarget {
  kind: ReportTargetKind;
  id: number;
  /** A line that says what it is: a work's title, a chapter's place, a comment's first words, a name. */
  label: string;
  /** Where it is (for moderators, who see hidden works and comments). */
  href: string;
  /** The work it belongs to (none for a member). */
  workId: number | null;
  /** The member behind it, whom a moderator may suspend (none for a guest's comment). */
  username: string | null;
  hiddenReason: string | null;
}

const GONE = fail(404, { _: 'What you are reporting does not exist, or you cannot see it.' });

/** A comment's first words as plain text, for moderators' lists. */
export function firstWords(html: string, n = 80): string {
  const text = htmlToPlainText(html).replace(/\s+/g, ' ').trim();
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

/** The thing a report names, if it exists for this viewer. */
export async function reportTarget(
  db: Kysely<DB>,
  viewer: Viewer,
  kind: string,
  id: number,
  /** Moderators see a comment's first words; a reader's form names the comment only (its work may be gated). */
  excerpt = false,
): Promise<ReportTarget | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  switch (kind) {
    case 'work':
    case 'chapter': {
      const chapter = kind === 'chapter' ? await findChapterById(db, id) : undefined;
      if (kind === 'chapter' && !chapter) return undefined;
      const work = await loadWork(db, chapter?.workId ?? id);
      if (!work || !canSeeWork(viewer, work) || !work.posted) return undefined;
      const label = chapter ? `Chapter ${chapter.position} of “${work.title}”` : `“${work.title}”`;
      return {
        kind,
        id,
        label,
        href: chapter ? `/works/${work.id}/chapters/${chapter.position}` : `/works/${work.id}`,
        workId: work.id,
        username: work.creators[0]?.username ?? null,
        hiddenReason: work.hiddenReason,
      };
    }
    case 'comment': {
      const comment = await loadComment(db, id);
      const work = comment ? await loadWork(db, comment.workId) : undefined;
      if (!comment || !work || comment.status === 'deleted') return undefined;
      if (!commentVisibleTo(viewer, work, commentFacts(comment))) return undefined;
      const by = comment.username ?? `${comment.guestName ?? 'a guest'} (guest)`;
      return {
        kind,
        id,
        label: `A comment by ${by} on “${work.title}”${excerpt ? `: ${firstWords(comment.body)}` : ''}`,
        href: `/comments/${id}`,
        workId: work.id,
        username: comment.username,
        hiddenReason: comment.hiddenReason,
      };
    }
    case 'user': {
      const u = await findUserById(db, id);
      if (!u) return undefined;
      return {
        kind,
        id,
        label: `The member ${u.username}`,
        href: `/users/${encodeURIComponent(u.username)}`,
        workId: null,
        username: u.username,
        hiddenReason: null,
      };
    }
    default:
      return undefined;
  }
}

export interface ReportInput {
  kind: string;
  id: number;
  reason: string;
  description: string;
}

/** Opens the form: the target must exist for the reader. */
export async function reportForm(db: Kysely<DB>, viewer: Viewer, kind: string, id: number) {
  canReport(viewer);
  return reportTarget(db, viewer, kind, id);
}

/**
 * Files a report of something the reader can see. Counted per account (guests: per address) and
 * hour; over the limit nothing is kept and the form comes back with what was typed.
 */
export async function fileReport(
  db: Kysely<DB>,
  viewer: Viewer,
  input: ReportInput,
  ctx: { address: string; limits: RateLimits },
): Promise<ServiceResult<{ id: number; target: ReportTarget }>> {
  canReport(viewer);
  if (!REPORT_TARGET_KINDS.includes(input.kind as ReportTargetKind)) return GONE;
  const target = await reportTarget(db, viewer, input.kind, input.id);
  if (!target) return GONE;
  const errors: Record<string, string> = {};
  if (!(input.reason in REPORT_REASONS)) errors.reason = 'Choose what is wrong.';
  const description = input.description.trim();
  if (description.length === 0) errors.description = 'Say what is wrong, so a moderator can find it.';
  else if (description.length > REPORT_TEXT_MAX)
    errors.description = `A report is at most ${REPORT_TEXT_MAX} characters; this one has ${description.length}.`;
  if (Object.keys(errors).length > 0) return fail(422, errors);
  const userId = viewer.user?.id ?? null;
  const over =
    userId !== null
      ? await overHourlyLimit(db, ctx.limits, 'report', userId)
      : await overHourlyLimit(db, ctx.limits, 'guestReport', ctx.address);
  if (over) return fail(429, { _: TOO_MANY_PER_HOUR[userId !== null ? 'report' : 'guestReport'] });
  const id = await insertReport(
    db,
    {
      reporterUserId: userId,
      reporterIp: ctx.address,
      targetKind: target.kind,
      targetId: target.id,
      reason: input.reason,
      description,
    },
    nowIso(),
  );
  return ok({ id, target });
}

export const QUEUE_PAGE_SIZE = 50;

export interface QueueEntry {
  report: ReportRow;
  target: ReportTarget | undefined;
}

/** A page of the reports queue in one state, each with what it names (undefined: gone since). */
export async function reportQueue(
  db: Kysely<DB>,
  viewer: Viewer,
  status: ReportStatus,
  after?: number,
): Promise<{ entries: QueueEntry[]; counts: Record<ReportStatus, number> } | 'forbidden'> {
  if (!canModerate(viewer)) return 'forbidden';
  const rows = await reportsIn(db, status, QUEUE_PAGE_SIZE, after);
  const entries: QueueEntry[] = [];
  for (const report of rows)
    entries.push({ report, target: await reportTarget(db, viewer, report.target_kind, report.target_id, true) });
  return { entries, counts: await countReportsByStatus(db) };
}

export interface ReportDetail {
  report: ReportRow;
  target: ReportTarget | undefined;
  notes: ReportNoteRow[];
  /** Other reports of the same thing. */
  others: ReportRow[];
}

export async function reportDetail(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
): Promise<ReportDetail | 'forbidden' | undefined> {
  if (!canModerate(viewer)) return 'forbidden';
  const report = Number.isSafeInteger(id) ? await findReport(db, id) : undefined;
  if (!report) return undefined;
  return {
    report,
    target: await reportTarget(db, viewer, report.target_kind, report.target_id, true),
    notes: await notesOf(db, id),
    others: (await reportsOfTarget(db, report.target_kind, report.target_id, 20)).filter((r) => r.id !== id),
  };
}

/** Moves a report along: `take` (in progress, assigned to the moderator), `resolve`, `reopen`; a note may go with it. */
export async function workReport(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  input: { action: string; note: string },
): Promise<ServiceResult<{ id: number }>> {
  if (!canModerate(viewer)) return fail(403, { _: 'Only moderators can do that.' });
  const report = await findReport(db, id);
  if (!report) return fail(404, { _: 'That report does not exist.' });
  const note = input.note.trim();
  if (note.length > REPORT_TEXT_MAX) return fail(422, { note: `A note is at most ${REPORT_TEXT_MAX} characters.` });
  const me = viewer.user!.id;
  const next: Record<string, { status: ReportStatus; assigneeUserId: number | null } | undefined> = {
    take: { status: 'in_progress', assigneeUserId: me },
    resolve: { status: 'resolved', assigneeUserId: report.assignee_user_id ?? me },
    reopen: { status: 'open', assigneeUserId: null },
    note: undefined,
  };
  if (!(input.action in next)) return fail(422, { _: 'Choose what to do with the report.' });
  const to = next[input.action];
  if (!to && note.length === 0) return fail(422, { note: 'Write the note first.' });
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    if (note.length > 0) await insertReportNote(trx, id, me, note, now);
    if (to) {
      await updateReport(trx, id, to, now);
      await recordAudit(
        trx,
        viewer.user,
        `report-${input.action}`,
        { kind: 'report', id },
        {
          from: REPORT_STATUSES[report.status],
          to: REPORT_STATUSES[to.status],
        },
      );
    }
  });
  return ok({ id });
}
