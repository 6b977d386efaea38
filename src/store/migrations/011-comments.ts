import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // Threaded comments on a work (chapter_id null) or on one of its chapters. thread_id is the
  // top-level comment's id (its own for a top-level one), so that a page of threads loads in one query.
  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('chapter_id', 'integer', (c) => c.references('chapters.id').onDelete('set null'))
    .addColumn('parent_id', 'integer')
    .addColumn('thread_id', 'integer')
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    // A member's comment (user_id, pseud_id) or a guest's (guest_name, guest_email, never shown).
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('pseud_id', 'integer', (c) => c.references('pseuds.id').onDelete('set null'))
    .addColumn('guest_name', 'text')
    .addColumn('guest_email', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    // published | held (awaiting the creator) | deleted (kept as a placeholder while it has replies)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('frozen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .execute();
  await db.schema.createIndex('comments_work_idx').on('comments').columns(['work_id', 'depth', 'id']).execute();
  await db.schema.createIndex('comments_thread_idx').on('comments').columns(['thread_id', 'id']).execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').columns(['parent_id']).execute();
  await db.schema.createIndex('comments_user_idx').on('comments').columns(['user_id', 'id']).execute();

  // Who may comment on a work and whether comments wait for its creator; no row means the defaults.
  await db.schema
    .createTable('comment_settings')
    .addColumn('work_id', 'integer', (c) => c.primaryKey().references('works.id').onDelete('cascade'))
    // everyone | members | none
    .addColumn('who', 'text', (c) => c.notNull())
    .addColumn('moderated', 'integer', (c) => c.notNull())
    .execute();

  // A member blocked by another: cannot comment on or kudos the blocker's works, nor reply to them.
  await db.schema
    .createTable('blocked_users')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('blocked_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blocked_users_pk', ['user_id', 'blocked_user_id'])
    .execute();
  await db.schema.createIndex('blocked_users_blocked_idx').on('blocked_users').columns(['blocked_user_id']).execute();

  // A member's inbox: comments on their works and replies to their comments.
  await db.schema
    .createTable('inbox_items')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    // comment | reply
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inbox_items_user_comment_unique', ['user_id', 'comment_id'])
    .execute();
  await db.schema.createIndex('inbox_items_user_idx').on('inbox_items').columns(['user_id', 'is_read', 'id']).execute();
  await db.schema
    .alterTable('users')
    .addColumn('inbox_comments', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('inbox_replies', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // Requests counted per key (an action and an account or client address) per window, shared by
  // every process on the database.
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
  await db.schema.alterTable('users').dropColumn('inbox_replies').execute();
  await db.schema.alterTable('users').dropColumn('inbox_comments').execute();
  await db.schema.dropTable('inbox_items').execute();
  await db.schema.dropTable('blocked_users').execute();
  await db.schema.dropTable('comment_settings').execute();
  await db.schema.dropTable('comments').execute();
}
