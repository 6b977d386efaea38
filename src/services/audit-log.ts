import type { Executor } from '../store/executor.js';
import type { ViewerUser } from '../policies/viewer.js';
import { auditEntries, insertAuditEntry, type AuditEntry } from '../store/audit-log.store.js';
import { nowIso } from './result.js';

export type { AuditEntry };

/**
 * Writes one moderation or admin action to the audit log. Call it in the transaction of the
 * action, so that the entry exists exactly when the action does.
 */
export async function recordAudit(
  db: Executor,
  actor: Pick<ViewerUser, 'id' | 'username'> | null,
  action: string,
  target: { kind: string; id: number | null },
  detail: Record<string, unknown> = {},
): Promise<void> {
  await insertAuditEntry(
    db,
    {
      actorUserId: actor?.id ?? null,
      actorName: actor?.username ?? 'quire (command line)',
      action,
      targetKind: target.kind,
      targetId: target.id,
      detail,
    },
    nowIso(),
  );
}

export const AUDIT_PAGE_SIZE = 50;

/** A page of the audit log, newest first; the caller asks `canAdminister` first. */
export async function auditLogPage(db: Executor, beforeId?: number): Promise<AuditEntry[]> {
  return auditEntries(db, AUDIT_PAGE_SIZE, beforeId);
}
