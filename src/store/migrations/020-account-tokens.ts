import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // Links sent by mail (services/account-tokens.ts): to reset a password, to confirm an address,
  // to move an account to a new address (`detail`: the new address).
  // Only a hash of the link's token is kept, so a copy of the database opens no account;
  // `used_at` makes each link work once.
  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('account_tokens_user_idx').on('account_tokens').columns(['user_id', 'purpose']).execute();
  // A reset is asked for by address, compared without case: found by index, not by reading every member.
  await db.schema
    .createIndex('users_email_idx')
    .on('users')
    .expression(sql`lower(email)`)
    .execute();
  // When the member confirmed their address by the link mailed at sign-up; until then they read
  // but do not post or comment. Members from before this migration count as confirmed.
  await db.schema.alterTable('users').addColumn('confirmed_at', 'text').execute();
  await db
    .updateTable('users')
    .set({ confirmed_at: sql`created_at` })
    .execute();
  // What a member agreed to at sign-up, and when: the Terms' version, and that they are 13 or older.
  await db.schema.alterTable('users').addColumn('terms_version', 'text').execute();
  await db.schema.alterTable('users').addColumn('terms_accepted_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('terms_accepted_at').execute();
  await db.schema.alterTable('users').dropColumn('terms_version').execute();
  await db.schema.alterTable('users').dropColumn('confirmed_at').execute();
  await db.schema.dropIndex('users_email_idx').execute();
  await db.schema.dropTable('account_tokens').execute();
}
