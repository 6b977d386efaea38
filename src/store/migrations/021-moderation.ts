import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A moderator works the reports queue, hides works and comments and suspends members.
  await db.schema
    .alterTable('users')
    .addColumn('is_moderator', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Suspended until this time (a ban is a suspension without end: '9999-12-31…'), and why: the
  // member reads but neither posts, comments nor gives kudos, and is told both.
  await db.schema.alterTable('users').addColumn('suspended_until', 'text').execute();
  await db.schema.alterTable('users').addColumn('suspension_reason', 'text').execute();
  // Hidden by a moderator, and why: the work then exists only for its creators and moderators.
  await db.schema.alterTable('works').addColumn('hidden_reason', 'text').execute();
  await db.schema.alterTable('comments').addColumn('hidden_reason', 'text').execute();
  // A page of threads leaves out hidden comments as it does held ones: in the index, so that
  // neither the count nor the page reads the comments' rows (see 012).
  await db.schema.dropIndex('comments_work_idx').execute();
  await db.schema
    .createIndex('comments_work_idx')
    .on('comments')
    .columns(['work_id', 'depth', 'id', 'status', 'hidden_reason'])
    .execute();
  // Held by the spam check for a moderator, not for the work's creators.
  await db.schema
    .alterTable('comments')
    .addColumn('spam', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('reports')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('reporter_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reporter_ip', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_status_idx').on('reports').columns(['status', 'id']).execute();
  await db.schema.createIndex('reports_target_idx').on('reports').columns(['target_kind', 'target_id']).execute();
  await db.schema
    .createTable('report_notes')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_notes_report_idx').on('report_notes').columns(['report_id', 'id']).execute();
  // Every moderation and admin action, read by admins. The actor's name is copied so the entry
  // outlives a deleted account.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('report_notes').execute();
  await db.schema.dropTable('reports').execute();
  await db.schema.alterTable('comments').dropColumn('spam').execute();
  await db.schema.dropIndex('comments_work_idx').execute();
  await db.schema
    .createIndex('comments_work_idx')
    .on('comments')
    .columns(['work_id', 'depth', 'id', 'status'])
    .execute();
  await db.schema.alterTable('comments').dropColumn('hidden_reason').execute();
  await db.schema.alterTable('works').dropColumn('hidden_reason').execute();
  await db.schema.alterTable('users').dropColumn('suspension_reason').execute();
  await db.schema.alterTable('users').dropColumn('suspended_until').execute();
  await db.schema.alterTable('users').dropColumn('is_moderator').execute();
}
