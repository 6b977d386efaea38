import type { Selectable } from 'kysely';
import type { Executor } from './executor.js';
import type { ReportNotesTable, ReportStatus, ReportTargetKind, ReportsTable } from './schema.js';

export type ReportRow = Selectable<ReportsTable> & { reporterName: string | null; assigneeName: string | null };
export type ReportNoteRow = Selectable<ReportNotesTable> & { authorName: string | null };

export interface NewReport {
  reporterUserId: number | null;
  reporterIp: string;
  targetKind: ReportTargetKind;
  targetId: number;
  reason: string;
  description: string;
}

export async function insertReport(db: Executor, r: NewReport, now: string): Promise<number> {
  const { id } = await db
    .insertInto('reports')
    .values({
      reporter_user_id: r.reporterUserId,
      reporter_ip: r.reporterIp,
      target_kind: r.targetKind,
      target_id: r.targetId,
      reason: r.reason,
      description: r.description,
      status: 'open',
      assignee_user_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const withNames = (db: Executor) =>
  db
    .selectFrom('reports as r')
    .leftJoin('users as rep', 'rep.id', 'r.reporter_user_id')
    .leftJoin('users as asg', 'asg.id', 'r.assignee_user_id')
    .selectAll('r')
    .select(['rep.username as reporterName', 'asg.username as assigneeName']);

export async function findReport(db: Executor, id: number): Promise<ReportRow | undefined> {
  return withNames(db).where('r.id', '=', id).executeTakeFirst();
}

/** A page of reports in one state: open ones oldest first (worked in order), others newest first. */
export async function reportsIn(
  db: Executor,
  status: ReportStatus,
  limit: number,
  after?: number,
): Promise<ReportRow[]> {
  const asc = status === 'open';
  let q = withNames(db)
    .where('r.status', '=', status)
    .orderBy('r.id', asc ? 'asc' : 'desc')
    .limit(limit);
  if (after !== undefined) q = q.where('r.id', asc ? '>' : '<', after);
  return q.execute();
}

export async function countReportsByStatus(db: Executor): Promise<Record<ReportStatus, number>> {
  const rows = await db
    .selectFrom('reports')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out: Record<ReportStatus, number> = { open: 0, in_progress: 0, resolved: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Other reports of the same thing, newest first. */
export async function reportsOfTarget(db: Executor, kind: ReportTargetKind, id: number, limit: number) {
  return withNames(db)
    .where('r.target_kind', '=', kind)
    .where('r.target_id', '=', id)
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

export async function updateReport(
  db: Executor,
  id: number,
  set: { status: ReportStatus; assigneeUserId: number | null },
  now: string,
): Promise<void> {
  await db
    .updateTable('reports')
    .set({ status: set.status, assignee_user_id: set.assigneeUserId, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function insertReportNote(
  db: Executor,
  reportId: number,
  userId: number,
  body: string,
  now: string,
): Promise<void> {
  await db.insertInto('report_notes').values({ report_id: reportId, user_id: userId, body, created_at: now }).execute();
  await db.updateTable('reports').set({ updated_at: now }).where('id', '=', reportId).execute();
}

export async function notesOf(db: Executor, reportId: number): Promise<ReportNoteRow[]> {
  return db
    .selectFrom('report_notes as n')
    .leftJoin('users as u', 'u.id', 'n.user_id')
    .selectAll('n')
    .select('u.username as authorName')
    .where('n.report_id', '=', reportId)
    .orderBy('n.id')
    .execute();
}
