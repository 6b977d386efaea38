// Support for the moderation tests: what the database holds about reports, hiding and suspensions.
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';

export async function reportRows(db: Kysely<DB>) {
  return db
    .selectFrom('reports')
    .select(['id', 'target_kind', 'target_id', 'reason', 'status', 'assignee_user_id'])
    .orderBy('id')
    .execute();
}

export async function auditActions(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').orderBy('id').execute();
  return rows.map((r) => r.action);
}

export async function commentsCount(db: Kysely<DB>, workId: number): Promise<number> {
  const r = await db.selectFrom('works').select('comments_count').where('id', '=', workId).executeTakeFirstOrThrow();
  return r.comments_count;
}

export async function commentSpamState(db: Kysely<DB>, id: number) {
  return db.selectFrom('comments').select(['status', 'spam', 'hidden_reason']).where('id', '=', id).executeTakeFirst();
}

/** The subjects and recipients of the mail jobs queued so far. */
export async function queuedMail(db: Kysely<DB>): Promise<Array<{ to: string; subject: string; text: string }>> {
  const rows = await db.selectFrom('jobs').select('payload').where('kind', '=', 'mail').orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.payload) as { to: string; subject: string; text: string });
}

export async function sessionCount(db: Kysely<DB>, userId: number): Promise<number> {
  const r = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
