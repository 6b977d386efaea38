import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A member's former names: their old pages redirect to the new one, and no one else takes the
  // name while it redirects.
  await db.schema
    .createTable('user_renames')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('old_name', 'text', (c) => c.notNull())
    .addColumn('old_key', 'text', (c) => c.notNull().unique())
    .addColumn('renamed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_renames_user_idx').on('user_renames').columns(['user_id']).execute();
  // The invitation queue: a visitor leaves an address and invitations go out in batches.
  await db.schema
    .createTable('invite_requests')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull().unique())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text')
    .execute();
  await db.schema
    .createIndex('invite_requests_queue_idx')
    .on('invite_requests')
    .columns(['invited_at', 'id'])
    .execute();
  // Invitation codes: made by an admin or sent to the queue; each lets one account sign up.
  // Only the code's SHA-256 is kept, as for mailed links.
  await db.schema
    .createTable('invite_codes')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('request_id', 'integer', (c) => c.references('invite_requests.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('used_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invite_codes').execute();
  await db.schema.dropTable('invite_requests').execute();
  await db.schema.dropTable('user_renames').execute();
}
