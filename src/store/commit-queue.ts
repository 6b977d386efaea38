import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';
import { isPostgres } from './dialect.js';
import { sqliteHandle } from './db.js';
import { WalSync } from './wal-sync.js';

type Job = {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

// A batch never holds more than this many writes, so that one batch's transaction stays short.
const MAX_BATCH = 256;

/**
 * Group commit for small, frequent writes (kudos, comments) on SQLite (docs/decisions/009). Writes
 * asked for while a batch waits run together in one transaction, each in a savepoint of its own,
 * so that one that fails is rolled back alone. The batch commits without a sync and its WAL is
 * then synced from the thread pool, so the event loop goes on serving while the disk works; all
 * are answered after that sync, so none is acknowledged before it is on disk. The next batch may
 * commit while the last one's sync runs. A write that fails is rejected with its own error; a
 * failed commit or sync rejects the whole batch. On PostgreSQL, whose server groups concurrent
 * commits itself, each write is its own transaction. Made in main.ts, one per database handle; a
 * write must use only the transaction it is given (the handle's one connection is held by the batch).
 */
export class CommitQueue {
  private queue: Job[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly batching: boolean;
  private readonly wal: WalSync | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    /**
     * How long a write waits for others to join its batch: fewer, larger commits for 10 ms more
     * per kudos or comment.
     */
    private readonly windowMs = 10,
  ) {
    this.batching = !isPostgres(db);
    const sqlite = sqliteHandle(db);
    this.wal = sqlite ? WalSync.of(sqlite) : undefined;
  }

  run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    if (!this.batching) return this.db.transaction().execute(fn);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  private async flush(): Promise<void> {
    const jobs = this.queue.splice(0, MAX_BATCH);
    let results: Outcome[];
    try {
      results = await this.commit(jobs);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    } finally {
      this.timer = this.queue.length ? setTimeout(() => void this.flush(), 0) : undefined;
    }
    try {
      await this.wal?.sync();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const r = results[i]!;
      if (r.ok) job.resolve(r.value);
      else job.reject(r.error);
    });
  }

  /** Runs the batch in one transaction; with a WAL to sync afterwards, commits without syncing. */
  private async commit(jobs: Job[]): Promise<Outcome[]> {
    const results: Outcome[] = [];
    const batch = async (trx: Transaction<DB>): Promise<void> => {
      for (const job of jobs) {
        await sql`savepoint quire_write`.execute(trx);
        try {
          results.push({ ok: true, value: await job.fn(trx) });
        } catch (error) {
          await sql`rollback to quire_write`.execute(trx);
          results.push({ ok: false, error });
        }
        await sql`release quire_write`.execute(trx);
      }
    };
    if (!this.wal) {
      await this.db.transaction().execute(batch);
      return results;
    }
    // The connection is held from the first pragma to the last, so no other write commits unsynced.
    await this.db.connection().execute(async (conn) => {
      await sql`pragma synchronous = normal`.execute(conn);
      try {
        await conn.transaction().execute(batch);
      } finally {
        await sql`pragma synchronous = full`.execute(conn);
      }
    });
    return results;
  }
}
