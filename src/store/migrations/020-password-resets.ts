import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // Password reset links (services/password-reset.ts). Only a hash of the link's token is kept, so
  // a copy of the database does not open accounts; `used_at` makes each link work once.
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();
  // A reset is asked for by address, compared without case: found by index, not by reading every member.
  await db.schema
    .createIndex('users_email_idx')
    .on('users')
    .expression(sql`lower(email)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_email_idx').execute();
  await db.schema.dropTable('password_resets').execute();
}
