import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/store/schema.js';
import { migrateToLatest, openDatabase, type DialectName } from '../src/store/db.js';
import { pgTestTarget } from './pg-url.js';
import { pgliteDialect } from './pglite-dialect.js';

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export interface TestDb {
  db: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
}

/** A fresh, migrated SQLite file in a temporary folder (a real file: WAL and all). */
export async function sqliteTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-test-'));
  const database = openDatabase({ sqliteFile: path.join(dir, 'quire.sqlite') });
  await migrateToLatest(database.db);
  return {
    db: database.db,
    dialect: 'sqlite',
    close: async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let pglite: Promise<import('@electric-sql/pglite').PGlite> | undefined;

/** A fresh schema in the test PostgreSQL server (or the shared PGlite), migrated. */
export async function postgresTestDb(): Promise<TestDb> {
  // The harness names a prefix per run, so that it drops only its own schemas afterwards.
  const schema = `${process.env.QUIRE_TEST_SCHEMA_PREFIX ?? 't_'}${crypto.randomBytes(6).toString('hex')}`;
  const target = pgTestTarget();
  if (target.kind === 'server') {
    const admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const database = openDatabase({ databaseUrl: target.url, pgSchema: schema });
    await migrateToLatest(database.db);
    return {
      db: database.db,
      dialect: 'postgres',
      // The schema stays until the harness drops all test schemas after the run: dropping it here,
      // while other test files introspect the catalog, makes their introspection fail.
      close: () => database.close(),
    };
  }
  pglite ??= import('@electric-sql/pglite').then(({ PGlite }) => PGlite.create());
  const instance = await pglite;
  await instance.exec(`CREATE SCHEMA ${schema}`);
  const db = new Kysely<DB>({ dialect: pgliteDialect(instance, schema) });
  await migrateToLatest(db);
  return {
    db,
    dialect: 'postgres',
    close: async () => {
      await db.destroy();
      await instance.exec(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

export function testDb(dialect: DialectName): Promise<TestDb> {
  return dialect === 'sqlite' ? sqliteTestDb() : postgresTestDb();
}

/** Declares the same test once per dialect, each on its own fresh database. */
export function eachDialect(name: string, fn: (t: TestDb, ctx: TestContext) => Promise<void>): void {
  for (const dialect of DIALECTS) {
    test(`${name} [${dialect}]`, async (ctx) => {
      const t = await testDb(dialect);
      try {
        await fn(t, ctx);
      } finally {
        await t.close();
      }
    });
  }
}

/**
 * A regression test for a bug a test once found, on a fresh SQLite database. `bug` says where it was
 * and how it showed, so a failure points straight at the old cause.
 */
export function regressionTest(name: string, bug: string, fn: (db: Kysely<DB>) => Promise<void>): void {
  test(`${name} (was: ${bug.split(' ')[0]})`, async () => {
    const t = await sqliteTestDb();
    try {
      await fn(t.db);
    } finally {
      await t.close();
    }
  });
}
