import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A built data export's zip, in pieces of at most 1 MiB, so that any node of a cluster can serve
  // its one download whichever node built it. Deleted with its export.
  await db.schema
    .createTable('data_export_chunks')
    .addColumn('export_id', 'integer', (c) => c.notNull().references('data_exports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('bytes', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('data_export_chunks_pk', ['export_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('data_export_chunks').execute();
}
