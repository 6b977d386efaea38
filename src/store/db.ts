import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { DB } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { TurnStamp } from './turn-stamp.js';
import { assertIntact, notADatabase, refuseEmptyFile } from './sqlite-check.js';
import { ReplicaSet } from './replica-set.js';
import { routingDialect } from './routing-dialect.js';
import { postgresPool } from './pg-pool.js';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** PostgreSQL with DATABASE_REPLICA_URLS: the replicas that serve requests' reads (routing-dialect.ts). */
  replicas?: ReplicaSet;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A postgres:// URL; when absent, SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** For tests: an explicit SQLite file. */
  sqliteFile?: string;
  /** For tests: a PostgreSQL search_path, so each test gets its own schema. */
  pgSchema?: string;
  /**
   * Told when an idle pooled PostgreSQL connection fails (the server restarted, or an admin ended it
   * with pg_terminate_backend). The pool has already dropped it; the next query opens a new one.
   */
  onConnectionLost?: (err: Error) => void;
  /** PostgreSQL: the most connections the pool opens (default 10). */
  poolSize?: number;
  /** PostgreSQL: hot standbys of `databaseUrl` that may serve requests' reads (docs/decisions/015). */
  replicaUrls?: string[];
  /** A replica further behind than this is skipped (default 5,000 ms). */
  replicaMaxLagMs?: number;
  log?: (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => void;
}

/**
 * A SQLite database opened here: Kysely with the better-sqlite3 handle under it, for the few reads
 * that cannot afford Kysely's per-query cost (change-signal.ts's stamp, asked on every shared page),
 * and the connection's turn stamp.
 */
class SqliteKysely extends Kysely<DB> {
  constructor(
    readonly sqlite: SQLite.Database,
    readonly turn: TurnStamp,
  ) {
    super({ dialect: new ImmediateSqliteDialect(sqlite, turn) });
  }
}

/** The raw SQLite connection of a database opened here, if it is SQLite (not through a transaction). */
export function sqliteHandle(db: object): SQLite.Database | undefined {
  return db instanceof SqliteKysely ? db.sqlite : undefined;
}

/** The turn stamp of a SQLite database opened here (turn-stamp.ts). */
export function sqliteTurnStamp(db: object): TurnStamp | undefined {
  return db instanceof SqliteKysely ? db.turn : undefined;
}

function openSqlite(file: string): SQLite.Database {
  refuseEmptyFile(file);
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma('journal_mode = WAL');
  } catch (err) {
    sqlite.close();
    throw notADatabase(file, err);
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: each commit is on disk before it is acknowledged (NORMAL may lose the last ones to a
  // power cut); docs/decisions/009.
  sqlite.pragma('synchronous = FULL');
  return sqlite;
}

/** Checks every page of a SQLite database opened here (at start); throws naming the file if damaged. */
export function checkDatabase(database: Database): void {
  const sqlite = sqliteHandle(database.db);
  if (sqlite) assertIntact(sqlite, sqlite.name);
}

/**
 * SQLite transactions that start with BEGIN IMMEDIATE. A plain BEGIN takes the write lock only at
 * the first write; when another process (a CLI import beside the server) wrote in between, SQLite
 * fails at once with SQLITE_BUSY instead of waiting, whatever busy_timeout says. Taking the lock
 * up front makes the busy timeout apply.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly turn: TurnStamp,
  ) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL among them); a second
    // rollback would fail with "no transaction is active" and hide the real error.
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (this.sqlite.inTransaction) await rollback(connection);
    };
    // Anything but a read may change what the change stamp says (turn-stamp.ts): forget it.
    const acquire = driver.acquireConnection.bind(driver);
    const wrapped = new WeakSet<DatabaseConnection>();
    driver.acquireConnection = async () => {
      const conn = await acquire();
      if (!wrapped.has(conn)) {
        wrapped.add(conn);
        const execute = preparedOnce(this.sqlite);
        conn.executeQuery = async <R>(q: CompiledQuery) => {
          try {
            return execute(q) as QueryResult<R>;
          } finally {
            if (!/^\s*select\b/i.test(q.sql)) this.turn.forget();
          }
        };
      }
      return conn;
    };
    return driver;
  }
}

/** Statements kept prepared, by SQL text; the least recently used is closed past this many. */
const PREPARED_KEPT = 256;

/**
 * Runs Kysely's compiled queries as its SQLite driver does, but keeps the statements prepared:
 * preparing costs as much as running the small statements a request makes (a kudos makes eight).
 */
function preparedOnce(sqlite: SQLite.Database): (q: CompiledQuery) => QueryResult<unknown> {
  const kept = new Map<string, SQLite.Statement>();
  return ({ sql, parameters }) => {
    let stmt = kept.get(sql);
    if (stmt) kept.delete(sql);
    else {
      stmt = sqlite.prepare(sql);
      if (kept.size >= PREPARED_KEPT) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, stmt);
    if (stmt.reader) return { rows: stmt.all(parameters) };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  };
}

/** Opens SQLite (default, under dataDir) or PostgreSQL (when a postgres:// URL is given). */
export function openDatabase(opts: OpenOptions): Database {
  const url = opts.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const lost = opts.onConnectionLost ?? (() => {});
    const pool = postgresPool(url, opts.pgSchema, lost, opts.poolSize ?? 10);
    const primary = new PostgresDialect({ pool });
    const replicaUrls = opts.replicaUrls ?? [];
    if (replicaUrls.length === 0) {
      const db = new Kysely<DB>({ dialect: primary });
      return { db, dialect: 'postgres', close: () => db.destroy() };
    }
    const replicaPools = replicaUrls.map((u) => ({
      url: u,
      pool: postgresPool(u, opts.pgSchema, lost, opts.poolSize ?? 10),
    }));
    const replicas = new ReplicaSet({
      primary: pool,
      replicas: replicaPools,
      maxLagMs: opts.replicaMaxLagMs ?? 5000,
      log: opts.log ?? (() => {}),
    });
    const db = new Kysely<DB>({ dialect: routingDialect(primary, replicas) });
    return {
      db,
      dialect: 'postgres',
      replicas,
      close: async () => {
        replicas.stop();
        await db.destroy();
        await Promise.all(replicaPools.map((r) => r.pool.end()));
      },
    };
  }
  if (url)
    throw new Error(
      `DATABASE_URL must start with postgres:// (got “${url.split(':')[0]}:…”). Leave it unset to use SQLite.`,
    );
  let file = opts.sqliteFile;
  if (!file) {
    const dir = opts.dataDir ?? './data';
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, 'quire.sqlite');
  }
  const db = new SqliteKysely(openSqlite(file), new TurnStamp());
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await db.destroy();
    },
  };
}

function droppedElsewhere(error: unknown, ours: string | undefined): boolean {
  const m = /schema "([^"]+)" does not exist/.exec(error instanceof Error ? error.message : '');
  return m !== null && m[1] !== ours;
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; on a PostgreSQL
  // database shared by several schemas that finds another schema's tables. Name ours explicitly.
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's migrator lists the tables of every schema; a schema dropped meanwhile by someone else
  // (another archive or test run sharing the database) fails that listing. Nothing was applied: retry.
  for (let attempt = 1; attempt <= 3 && error && !results?.length && droppedElsewhere(error, schema); attempt++) {
    await new Promise((r) => setTimeout(r, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
