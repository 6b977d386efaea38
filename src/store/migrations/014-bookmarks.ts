import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A member's bookmark of a work: one per member and work (bookmarking again edits it). Notes are
  // sanitized HTML; the bookmarker's own tags are tags of the archive (bookmark_tags). Private
  // bookmarks are seen by their owner alone and do not count in the work's bookmarks.
  await db.schema
    .createTable('bookmarks')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('pseud_id', 'integer', (c) => c.notNull().references('pseuds.id').onDelete('cascade'))
    .addColumn('work_id', 'integer', (c) => c.references('works.id').onDelete('cascade'))
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('rec', 'integer', (c) => c.notNull())
    .addColumn('private', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bookmarks_user_work_unique', ['user_id', 'work_id'])
    .execute();
  await db.schema.createIndex('bookmarks_work_idx').on('bookmarks').columns(['work_id', 'private', 'id']).execute();
  await db.schema.createIndex('bookmarks_user_idx').on('bookmarks').columns(['user_id', 'id']).execute();
  await db.schema
    .createTable('bookmark_tags')
    .addColumn('bookmark_id', 'integer', (c) => c.notNull().references('bookmarks.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('bookmark_tags_pk', ['bookmark_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('bookmark_tags_tag_idx').on('bookmark_tags').columns(['tag_id', 'bookmark_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bookmark_tags').execute();
  await db.schema.dropTable('bookmarks').execute();
}
