import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A member named as a co-creator is asked first: the invitation waits here, and only an accepted
  // one becomes a creatorship (and a name on the byline).
  await db.schema
    .createTable('creator_invitations')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('pseud_id', 'integer', (c) => c.notNull().references('pseuds.id').onDelete('cascade'))
    .addColumn('invited_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('creator_invitations_work_pseud_unique', ['work_id', 'pseud_id'])
    .execute();
  await db.schema
    .createIndex('creator_invitations_pseud_idx')
    .on('creator_invitations')
    .columns(['pseud_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('creator_invitations').execute();
}
