import { sql, type Kysely } from 'kysely';
import { indexableDoc } from '../../domain/indexable-doc.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
const TOKENIZE = `tokenize = 'unicode61 remove_diacritics 2'`;
const REFILL_ROWS = 500;

/** Whether SQLite's work_search keeps no copy of its documents (migration 007 on). */
async function contentless(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ sql: string }>`select sql from sqlite_master where name = 'work_search'`.execute(db);
  return /content\s*=\s*''/.test(r.rows[0]?.sql ?? '');
}

/**
 * Recreates SQLite's FTS5 table with `options` after the tokenizer, keeping every document. A table
 * that keeps its documents gives them across as they are; a contentless one cannot, so each document
 * is made again from work_text the way the index makes it (domain/indexable-doc.ts).
 */
export async function recreateWorkSearch(db: Kysely<any>, options: string): Promise<void> {
  const keepsDocuments = !(await contentless(db));
  await sql.raw(`create virtual table work_search_new using fts5(doc, ${TOKENIZE}${options})`).execute(db);
  if (keepsDocuments)
    await sql`insert into work_search_new (rowid, doc) select rowid, doc from work_search`.execute(db);
  else {
    for (let after = 0; ;) {
      const rows = (
        await sql<{
          work_id: number;
          text: string;
        }>`select work_id, text from work_text where work_id > ${after} order by work_id limit ${REFILL_ROWS}`.execute(
          db,
        )
      ).rows;
      if (rows.length === 0) break;
      await sql`insert into work_search_new (rowid, doc) values ${sql.join(rows.map((r) => sql`(${r.work_id}, ${indexableDoc(r.text)})`))}`.execute(
        db,
      );
      after = rows[rows.length - 1]!.work_id;
    }
  }
  await sql`drop table work_search`.execute(db);
  await sql`alter table work_search_new rename to work_search`.execute(db);
}
