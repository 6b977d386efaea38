import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A member following a work (new chapters), a member or a series (new works) or one of their
  // saved filters (new matching works). feed_token names the subscription's private Atom feed.
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // work | user | series | filter
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('feed_token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('subscriptions_user_target_unique', ['user_id', 'kind', 'target_id'])
    .execute();
  // The fan-out walks one target's subscribers by id range.
  await db.schema
    .createIndex('subscriptions_target_idx')
    .on('subscriptions')
    .columns(['kind', 'target_id', 'id'])
    .execute();

  // What a subscription brought: a new chapter of a work, or a new work. chapter_id is the new
  // chapter (the first chapter for a new work), so the unique key stores each event once per
  // subscription however often the fan-out runs.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('subscription_id', 'integer', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('chapter_id', 'integer', (c) => c.notNull())
    // chapter | work
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('notifications_event_unique', ['subscription_id', 'work_id', 'chapter_id'])
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'is_read', 'id'])
    .execute();
  await db.schema.createIndex('notifications_work_idx').on('notifications').columns(['work_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('subscriptions').execute();
}
