import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { ChangeLog } from './work-changes.store.js';
import { isPostgres } from './dialect.js';
import { ensureSetting, getSetting } from './settings.store.js';

/*
 * What a file made from this database (the filter index's snapshot) must match before it is used:
 * which archive it is, which migrations it has, and which change stands at a log position.
 */

const ARCHIVE_ID = 'archive_id';

/** This archive's identity: a random UUID made the first time it is asked for, kept in `settings`. */
export async function archiveId(db: Executor): Promise<string> {
  return (await getSetting(db, ARCHIVE_ID)) ?? (await ensureSetting(db, ARCHIVE_ID, crypto.randomUUID()));
}

/** The names of the migrations the database has applied, sorted. */
export async function appliedMigrations(db: Executor): Promise<string[]> {
  // Kysely's own bookkeeping table, read directly (as readiness.store.ts does).
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * The change at a log position, as "work id@time" of its first row: the same position in a copy of
 * the database restored from a backup and written to since holds another change. Undefined when no
 * row holds the position (none yet, or pruned).
 */
export async function changeMark(
  db: Executor,
  position: number,
  log: ChangeLog = 'work_changes',
): Promise<string | undefined> {
  const r = await db
    .selectFrom(log)
    .select(['work_id', 'created_at'])
    .where(isPostgres(db) ? 'gen' : 'seq', '=', position)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return r && `${r.work_id}@${r.created_at}`;
}
