import type { Kysely } from 'kysely';
import { idColumn } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A log of what changed, written in the same transaction as the change: in-memory indexes (one per
  // process, on any number of servers) read it to catch up before answering. work_id 0 = the tag
  // graph changed (synonyms, meta/sub, fandom parents), which is not one work's change.
  await db.schema
    .createTable('work_changes')
    .addColumn('seq', 'integer', idColumn(db))
    .addColumn('work_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('work_changes').execute();
}
