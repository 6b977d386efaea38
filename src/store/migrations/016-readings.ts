import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A member's reading of a work: one row per member and work, written in batches by the reading
  // recorder. `chapters_seen` is how many chapters the work had at the last visit, so that "new
  // chapters since you last read" is the work's chapter count minus it, with no per-chapter rows.
  await db.schema
    .createTable('readings')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    // Null for a work marked for later and never opened; a deleted chapter leaves it pointing nowhere.
    .addColumn('last_chapter_id', 'integer')
    .addColumn('chapters_seen', 'integer', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    .addColumn('last_visited_at', 'text', (c) => c.notNull())
    .addColumn('marked_for_later', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('readings_pk', ['user_id', 'work_id'])
    .execute();
  // A member's history, newest visit first.
  await db.schema
    .createIndex('readings_user_visited_idx')
    .on('readings')
    .columns(['user_id', 'last_visited_at'])
    .execute();
  // Deleting a work removes its readings (the cascade looks them up by work).
  await db.schema.createIndex('readings_work_idx').on('readings').column('work_id').execute();
  // Preference: record my reading history (on unless turned off).
  await db.schema
    .alterTable('users')
    .addColumn('keep_history', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('keep_history').execute();
  await db.schema.dropTable('readings').execute();
}
