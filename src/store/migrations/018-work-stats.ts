import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // A work's hits and kudos of one UTC day, added to where they are written, so that a writer's
  // charts read a few rows per work instead of every kudos and hit. The works' own counts stay
  // the totals: days before this table have no rows.
  await db.schema
    .createTable('work_stats_daily')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kudos', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('work_stats_daily_pk', ['work_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('work_stats_daily').execute();
}
