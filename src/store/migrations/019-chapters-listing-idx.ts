import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // Every work page and listing reads a work's chapters' ids, titles and word counts (loadWorks).
  // With them in the index the chapters' rows are not read: on SQLite a row's word count sits after
  // its text, so reading it walks the text's overflow pages (a 3,000-word chapter spans several).
  // The old (work_id, position) index is this one's prefix, so it goes.
  await db.schema
    .createIndex('chapters_listing_idx')
    .on('chapters')
    .columns(['work_id', 'position', 'title', 'word_count'])
    .execute();
  await db.schema.dropIndex('chapters_work_position_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('chapters_work_position_idx').on('chapters').columns(['work_id', 'position']).execute();
  await db.schema.dropIndex('chapters_listing_idx').execute();
}
