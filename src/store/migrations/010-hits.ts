import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see an untyped schema */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per work, visitor and day: a hit counts once (ADR 010). `visitor` is a member's id or a
  // hash for a guest, never an address. Rows older than two days are pruned.
  await db.schema
    .createTable('work_hits')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('visitor', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_hits_pk', ['work_id', 'visitor', 'day'])
    .execute();
  await db.schema.createIndex('work_hits_day_idx').on('work_hits').columns(['day']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('work_hits').execute();
}
