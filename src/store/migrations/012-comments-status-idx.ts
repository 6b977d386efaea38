import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A page of threads counts a work's top-level comments and pages through them leaving out those
  // waiting for approval: with the status in the index neither reads the comments' rows (a work with
  // 14,000 threads: 1 ms against 6 for the count).
  await db.schema.dropIndex('comments_work_idx').execute();
  await db.schema
    .createIndex('comments_work_idx')
    .on('comments')
    .columns(['work_id', 'depth', 'id', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('comments_work_idx').execute();
  await db.schema.createIndex('comments_work_idx').on('comments').columns(['work_id', 'depth', 'id']).execute();
}
