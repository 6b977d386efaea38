import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';
import { recreateWorkSearch } from './fts-table.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
const PREFIX = `, prefix = '3 4'`;

export async function up(db: Kysely<any>): Promise<void> {
  // FTS5 kept its own copy of every document, a third copy of each work's text after chapters and
  // work_text. Nothing reads it back: snippets come from work_text, ranking (bm25) and phrases from
  // the index itself. Contentless, with deletes allowed (SQLite 3.43), the table holds only the index:
  // each post writes the text once less, and the file is smaller by about the size of all the text.
  if (!isPostgres(db)) await recreateWorkSearch(db, `${PREFIX}, content = '', contentless_delete = 1`);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await recreateWorkSearch(db, PREFIX);
}
