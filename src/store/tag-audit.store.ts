import type { Executor } from './executor.js';

export interface AuditEntry {
  id: number;
  tagName: string;
  username: string | null;
  action: string;
  detail: string;
  createdAt: string;
}

export async function insertTagAudit(
  db: Executor,
  e: { tagId: number; tagName: string; userId: number; action: string; detail: string; now: string },
): Promise<void> {
  await db
    .insertInto('tag_audit')
    .values({
      tag_id: e.tagId,
      tag_name: e.tagName,
      user_id: e.userId,
      action: e.action,
      detail: e.detail,
      created_at: e.now,
    })
    .execute();
}

/** The newest changes first; for one tag, or for all tags when `tagId` is undefined. */
export async function listTagAudit(db: Executor, tagId: number | undefined, limit = 100): Promise<AuditEntry[]> {
  let q = db
    .selectFrom('tag_audit')
    .leftJoin('users', 'users.id', 'tag_audit.user_id')
    .select([
      'tag_audit.id',
      'tag_audit.tag_name',
      'users.username',
      'tag_audit.action',
      'tag_audit.detail',
      'tag_audit.created_at',
    ]);
  if (tagId !== undefined) q = q.where('tag_audit.tag_id', '=', tagId);
  const rows = await q.orderBy('tag_audit.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    tagName: r.tag_name,
    username: r.username,
    action: r.action,
    detail: r.detail,
    createdAt: r.created_at,
  }));
}
