import { sql, type Kysely } from 'kysely';
import { idColumn, isPostgres } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('is_wrangler', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Sort keys and counts the works query orders by; counts arrive with later features and sort as zero now.
  for (const [name, type] of [
    ['sort_title', 'text'],
    ['sort_creator', 'text'],
    ['crossover', 'integer'],
    ['kudos_count', 'integer'],
    ['hits_count', 'integer'],
    ['bookmarks_count', 'integer'],
    ['comments_count', 'integer'],
  ] as const) {
    await db.schema
      .alterTable('works')
      .addColumn(name, type, (c) => (type === 'text' ? c.notNull().defaultTo('') : c.notNull().defaultTo(0)))
      .execute();
  }
  await db
    .updateTable('works')
    .set({ sort_title: sql`lower(title)` })
    .execute();
  for (const col of [
    'updated_at',
    'published_at',
    'sort_title',
    'sort_creator',
    'word_count',
    'kudos_count',
    'hits_count',
    'bookmarks_count',
    'comments_count',
  ]) {
    await db.schema.createIndex(`works_${col}_idx`).on('works').columns([col, 'id']).execute();
  }
  await db.schema.createIndex('works_language_idx').on('works').column('language').execute();

  // Meta/sub: a direct edge "meta is broader than sub"; the closure is computed when filtering.
  await db.schema
    .createTable('tag_meta')
    .addColumn('meta_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('sub_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('tag_meta_pk', ['meta_id', 'sub_id'])
    .execute();
  await db.schema.createIndex('tag_meta_sub_idx').on('tag_meta').columns(['sub_id', 'meta_id']).execute();

  // Fandom parents of characters, relationships and freeforms.
  await db.schema
    .createTable('tag_parents')
    .addColumn('parent_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('child_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('tag_parents_pk', ['parent_id', 'child_id'])
    .execute();
  await db.schema.createIndex('tag_parents_child_idx').on('tag_parents').columns(['child_id', 'parent_id']).execute();
  await db.schema.createIndex('tags_merger_idx').on('tags').column('merger_id').execute();

  await db.schema
    .createTable('tag_audit')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('tag_id', 'integer', (c) => c.references('tags.id').onDelete('set null'))
    .addColumn('tag_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tag_audit_tag_idx').on('tag_audit').columns(['tag_id', 'id']).execute();

  await db.schema
    .createTable('blocked_tags')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('pattern_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('blocked_tags_unique', ['user_id', 'pattern_key'])
    .execute();

  await db.schema
    .createTable('muted_users')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('muted_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('muted_users_pk', ['user_id', 'muted_user_id'])
    .execute();

  await db.schema
    .createTable('saved_filters')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_filters_user_idx').on('saved_filters').columns(['user_id', 'id']).execute();

  // Full-text index: one document per work. The text is normalised in TypeScript (domain/normalize.ts)
  // before it reaches either engine, so SQLite and PostgreSQL see the same tokens.
  if (isPostgres(db)) {
    await db.schema
      .createTable('work_search')
      .addColumn('work_id', 'integer', (c) => c.primaryKey().references('works.id').onDelete('cascade'))
      .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index work_search_tsv_idx on work_search using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table work_search using fts5(doc, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  }
  // Plain text of each work, for highlighted snippets (both dialects).
  await db.schema
    .createTable('work_text')
    .addColumn('work_id', 'integer', (c) => c.primaryKey().references('works.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'work_text',
    'work_search',
    'saved_filters',
    'muted_users',
    'blocked_tags',
    'tag_audit',
    'tag_parents',
    'tag_meta',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
