import { PostgresDialect, type Dialect } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Kysely over an in-process PGlite, used only when no PostgreSQL server is reachable.
 * PGlite has one connection, so a small mutex hands it to one Kysely "connection" at a time.
 */
export function pgliteDialect(pg: PGlite, schema: string): Dialect {
  let queue: Promise<void> = Promise.resolve();
  const client = {
    async query(sql: string, params: unknown[]) {
      const r = await pg.query<Record<string, unknown>>(sql, params);
      const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command };
    },
    release() {},
  };
  const pool = {
    async connect() {
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      const before = queue;
      queue = queue.then(() => mine);
      await before;
      await pg.exec(`SET search_path TO ${schema}`);
      return { ...client, release };
    },
    async end() {},
  };
  // PostgresDialect only needs connect() and end() of a pool and query()/release() of a client.
  return new PostgresDialect({ pool: pool as never });
}
