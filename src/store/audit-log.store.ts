import type { Executor } from './executor.js';
import type { AuditLogTable } from './schema.js';
import type { Selectable } from 'kysely';

export type AuditEntry = Selectable<AuditLogTable>;

export interface NewAuditEntry {
  actorUserId: number | null;
  actorName: string;
  action: string;
  targetKind: string;
  targetId: number | null;
  detail: Record<string, unknown>;
}

export async function insertAuditEntry(db: Executor, e: NewAuditEntry, now: string): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: e.actorUserId,
      actor_name: e.actorName,
      action: e.action,
      target_kind: e.targetKind,
      target_id: e.targetId,
      detail: JSON.stringify(e.detail),
      created_at: now,
    })
    .execute();
}

/** Newest first, a page of `limit` before the entry `beforeId` (all when undefined). */
export async function auditEntries(db: Executor, limit: number, beforeId?: number): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return q.execute();
}
