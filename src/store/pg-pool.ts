import pg from 'pg';
import { isDatabaseUnavailable } from './db-faults.js';

// int8 (count(*), sums) arrives as a string from pg; our counts always fit a JS number.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (v: string) => unknown {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format) as (v: string) => unknown;
  },
};

const FIRST_BACKOFF_MS = 250;
const LAST_BACKOFF_MS = 5000;

/**
 * A pool that, once the server could not be reached, refuses new connections at once for a
 * while (250 ms, doubling to 5 s, reset by the next connection made) instead of making every
 * request wait on its own attempt: pages answer 503 at once, and the server is tried again with
 * back-off. Connections already open are used as before.
 */
class BackoffPool extends pg.Pool {
  private downUntil = 0;
  private backoffMs = FIRST_BACKOFF_MS;

  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    // pool.query connects through the callback form; both are gated.
    const attempt = this.gated();
    if (!callback) return attempt;
    attempt.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)),
      (err: Error) => callback(err, undefined, () => {}),
    );
  }

  private async gated(): Promise<pg.PoolClient> {
    if (Date.now() < this.downUntil)
      throw Object.assign(new Error('PostgreSQL could not be reached a moment ago; trying again shortly'), {
        code: 'ECONNREFUSED',
      });
    try {
      const client = await super.connect();
      this.downUntil = 0;
      this.backoffMs = FIRST_BACKOFF_MS;
      return client;
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        this.downUntil = Date.now() + this.backoffMs;
        this.backoffMs = Math.min(LAST_BACKOFF_MS, this.backoffMs * 2);
      }
      throw err;
    }
  }
}

/** The connection pool of one PostgreSQL server (the primary, or a replica). */
export function postgresPool(
  url: string,
  schema: string | undefined,
  onConnectionLost: (err: Error) => void,
  poolSize: number,
): pg.Pool {
  const pool = new BackoffPool({
    connectionString: url,
    types: pgTypes,
    max: poolSize,
    // A server that is down answers at once (refused); one that does not answer at all must not
    // hold a request for longer than this.
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Without a listener, an idle connection's error is an unhandled 'error' event that ends the process.
  pool.on('error', onConnectionLost);
  // The pool listens only while a connection is idle. One lent out (held between a transaction's
  // statements) that the server ends — a restart, a failover — would end the process too: its
  // next statement fails instead, and the pool drops it when it comes back.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
