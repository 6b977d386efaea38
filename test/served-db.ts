// Support for the tests that serve an archive on either dialect (e2e/ and the servers in src/web).
import pg from 'pg';
import { pgTestTarget } from './pg-url.js';

export type ServedDialect = 'sqlite' | 'postgres';

/** Why a PostgreSQL run cannot go on here (PGlite cannot be served), or false. */
export function servedSkip(dialect: ServedDialect): string | false {
  return dialect === 'postgres' && pgTestTarget().kind !== 'server'
    ? 'needs a PostgreSQL server (PGlite cannot be served)'
    : false;
}

/**
 * The DATABASE_URL of a served archive: undefined for SQLite (a file in the data folder), else a
 * fresh schema of its own, `name`, on the test server.
 */
export async function servedDatabaseUrl(dialect: ServedDialect, name: string): Promise<string | undefined> {
  const target = pgTestTarget();
  if (dialect === 'sqlite' || target.kind !== 'server') return undefined;
  const schema = `${process.env.QUIRE_TEST_SCHEMA_PREFIX ?? 't_'}${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: target.url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(target.url);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
