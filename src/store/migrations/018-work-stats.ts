import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A work's hits and kudos of one UTC day, added to where they are written, so that a writer's
  // charts read a few rows per work instead of every kudos and hit. The works' own counts stay
  // the totals: days before this table have no rows. On SQLite the rows are kept in key order
  // (without rowid), so a chart reads each work's days as one run instead of a look-up per row.
  const table = db.schema
    .createTable('work_stats_daily')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kudos', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('work_stats_daily_pk', ['work_id', 'day']);
  await (isPostgres(db) ? table : table.modifyEnd(sql`without rowid`)).execute();
  // The same summed over each writer's works (each creator's account of a co-created work gets
  // the whole), so the chart of all a writer's works reads one row a day however many works.
  const writers = db.schema
    .createTable('writer_stats_daily')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kudos', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('writer_stats_daily_pk', ['user_id', 'day']);
  await (isPostgres(db) ? writers : writers.modifyEnd(sql`without rowid`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('writer_stats_daily').execute();
  await db.schema.dropTable('work_stats_daily').execute();
}
