import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // One kudos per member per work, one per guest session per work; works.kudos_count counts them.
  await db.schema
    .createTable('kudos')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    // A guest's session id (itself a hash of the cookie), null for a member.
    .addColumn('guest_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('kudos_work_user_unique', ['work_id', 'user_id'])
    .addUniqueConstraint('kudos_work_guest_unique', ['work_id', 'guest_key'])
    .execute();
  await db.schema.createIndex('kudos_user_idx').on('kudos').columns(['user_id']).execute();
  // ADR 010: a count changed; read by every process's counts view and filter index, never by the
  // caches keyed on work_changes.
  await db.schema
    .createTable('count_changes')
    .addColumn('seq', 'integer', idColumn(db))
    .addColumn('work_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('count_changes').execute();
  await db.schema.dropTable('kudos').execute();
}
