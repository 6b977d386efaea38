import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { Database } from './db.js';
import { migrationProvider } from './migrations/index.js';

/** Asks the database the smallest question there is; throws when it cannot answer. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The names of the migrations the database has applied, sorted. */
export async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  // Kysely's own bookkeeping table, read directly: its migrator would list the tables of every schema.
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** Migrations this code holds that the database has not applied, and those it applied that this code does not know. */
export async function migrationDrift(db: Kysely<DB>): Promise<{ pending: string[]; unknown: string[] }> {
  const known = Object.keys(await migrationProvider.getMigrations()).sort();
  const applied = new Set(await appliedMigrations(db));
  const knownSet = new Set(known);
  return {
    pending: known.filter((name) => !applied.has(name)),
    unknown: [...applied].filter((name) => !knownSet.has(name)).sort(),
  };
}

/**
 * Stops the start when DATABASE_URL names a hot standby: every write would fail. The primary goes
 * in DATABASE_URL, standbys in DATABASE_REPLICA_URLS.
 */
export async function refuseStandby(database: Database): Promise<void> {
  if (database.dialect !== 'postgres') return;
  const r = await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(database.db);
  if (r.rows[0]?.standby)
    throw new Error(
      'DATABASE_URL names a read-only standby. Give the primary as DATABASE_URL and standbys in DATABASE_REPLICA_URLS.',
    );
}
