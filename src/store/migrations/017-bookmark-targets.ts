import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A work hosted elsewhere, described by whoever bookmarked its address first. One row per
  // normalised URL: every member who bookmarks that address shares it.
  await db.schema
    .createTable('external_works')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('creator', 'text', (c) => c.notNull())
    /** Fandom names, as a JSON array. */
    .addColumn('fandoms', 'text', (c) => c.notNull())
    .addColumn('rating', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A bookmark names a work, a series or an external work. SQLite adds one column a statement, and
  // allows REFERENCES on an added column because its default is NULL.
  await db.schema
    .alterTable('bookmarks')
    .addColumn('series_id', 'integer', (c) => c.references('series.id').onDelete('cascade'))
    .execute();
  await db.schema
    .alterTable('bookmarks')
    .addColumn('external_work_id', 'integer', (c) => c.references('external_works.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createIndex('bookmarks_user_series_unique')
    .on('bookmarks')
    .columns(['user_id', 'series_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('bookmarks_user_external_unique')
    .on('bookmarks')
    .columns(['user_id', 'external_work_id'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('bookmarks_user_external_unique').execute();
  await db.schema.dropIndex('bookmarks_user_series_unique').execute();
  await db.schema.alterTable('bookmarks').dropColumn('external_work_id').execute();
  await db.schema.alterTable('bookmarks').dropColumn('series_id').execute();
  await db.schema.dropTable('external_works').execute();
}
