import {
  PostgresDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { QueryCompiler } from 'kysely';
import { currentReadRoute } from './read-route.js';
import type { ReplicaSet } from './replica-set.js';

/**
 * PostgreSQL with read replicas (docs/decisions/015): a query is sent to a replica only when it is a
 * plain read (a SELECT built by Kysely, or raw SQL that starts with SELECT), outside a transaction,
 * in a request whose route allows it (read-route.ts), and the replica set says one has replayed
 * what the request must see. Everything else — writes, transactions, reads outside requests (jobs,
 * timers, the filter index) — goes to the primary. A replica that fails mid-read is marked down and
 * the read is run on the primary instead.
 */
export function routingDialect(primary: PostgresDialect, replicas: ReplicaSet): Dialect {
  return {
    createAdapter: () => primary.createAdapter(),
    createDriver: () => new RoutingDriver(primary.createDriver(), replicas),
    createIntrospector: (db) => primary.createIntrospector(db),
    createQueryCompiler: () => primary.createQueryCompiler(),
  };
}

const READ_SQL = /^\s*select\b/i;
const WRITE_WORDS =
  /\b(insert|update|delete|nextval|setval|set_config|pg_notify|pg_advisory\w*|for\s+update|for\s+share)\b/i;

function isPlainRead(q: CompiledQuery): boolean {
  const kind = q.query.kind;
  if (kind !== 'SelectQueryNode' && kind !== 'RawNode') return false;
  return READ_SQL.test(q.sql) && !WRITE_WORDS.test(q.sql);
}

class RoutingDriver implements Driver {
  constructor(
    private readonly primary: Driver,
    private readonly replicas: ReplicaSet,
  ) {}

  init(): Promise<void> {
    return this.primary.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutingConnection(this.primary, this.replicas);
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = conn as RoutingConnection;
    c.inTransaction = true;
    const route = currentReadRoute();
    if (route) route.wrote = true;
    await this.primary.beginTransaction(await c.onPrimary(), settings);
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await this.primary.commitTransaction(await (conn as RoutingConnection).onPrimary());
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await this.primary.rollbackTransaction(await (conn as RoutingConnection).onPrimary());
  }

  async savepoint(conn: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.primary.savepoint?.(await (conn as RoutingConnection).onPrimary(), name, compile);
  }

  async rollbackToSavepoint(
    conn: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.primary.rollbackToSavepoint?.(await (conn as RoutingConnection).onPrimary(), name, compile);
  }

  async releaseSavepoint(
    conn: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.primary.releaseSavepoint?.(await (conn as RoutingConnection).onPrimary(), name, compile);
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    await (conn as RoutingConnection).release();
  }

  destroy(): Promise<void> {
    return this.primary.destroy();
  }
}

/** One Kysely "connection": the primary's, taken only when needed; replica reads borrow their own. */
class RoutingConnection implements DatabaseConnection {
  inTransaction = false;
  private primaryConn: Promise<DatabaseConnection> | undefined;

  constructor(
    private readonly primary: Driver,
    private readonly replicas: ReplicaSet,
  ) {}

  onPrimary(): Promise<DatabaseConnection> {
    this.primaryConn ??= this.primary.acquireConnection();
    return this.primaryConn;
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const route = currentReadRoute();
    if (route && !this.inTransaction) {
      if (isPlainRead(q)) {
        if (!route.wrote) {
          const i = await this.replicas.decide(route);
          if (i >= 0) {
            const r = await this.replicas.read<R>(i, q);
            if (r) return r;
            // The replica failed: this request reads the primary from now on.
            route.decided = Promise.resolve(-1);
          }
        }
      } else route.wrote = true;
    }
    return (await this.onPrimary()).executeQuery<R>(q);
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.onPrimary()).streamQuery<R>(q, chunkSize);
  }

  async release(): Promise<void> {
    const conn = this.primaryConn;
    this.primaryConn = undefined;
    if (conn) await this.primary.releaseConnection(await conn);
  }
}
