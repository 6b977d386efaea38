import pg from 'pg';
import { pgTestTarget } from './pg-url.js';

/** A bare PostgreSQL connection for engine-level tests: the test server, or PGlite when none is reachable. */
export type Pg = {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close(): Promise<void>;
  name: string;
};

export async function openPg(): Promise<Pg> {
  const target = pgTestTarget();
  if (target.kind === 'server') {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    return {
      name: 'PostgreSQL server',
      query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
      close: () => client.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  return { name: 'PGlite', query: (sql, params) => db.query(sql, params), close: () => db.close() };
}
