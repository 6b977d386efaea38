import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';
import { isPostgres } from './dialect.js';

type Job = {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};

// A batch never holds more than this many writes, so that one batch's transaction stays short.
const MAX_BATCH = 256;

/**
 * Group commit for small, frequent writes (kudos, comments) on SQLite, where every commit syncs to
 * disk before it returns (ADR 009: about 3 ms here, spent on the event loop). Writes asked for while
 * a batch waits run together in one transaction, each in a savepoint of its own, so that one that
 * fails is rolled back alone; all are answered after the one commit, so none is acknowledged
 * before it is on disk. A write that fails is rejected with its own error; a failed commit rejects
 * the whole batch. On PostgreSQL, whose server groups concurrent commits itself, each write is its
 * own transaction. Made in main.ts, one per database handle; a write must use only the transaction
 * it is given (the handle's one connection is held by the batch).
 */
export class CommitQueue {
  private queue: Job[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly batching: boolean;

  constructor(
    private readonly db: Kysely<DB>,
    /**
     * How long a write waits for others to join its batch. It bounds the syncs a second (each one
     * holds the event loop for a few ms on SQLite): 10 ms keeps them to a hundred, a tenth of the
     * loop or less, however many readers leave kudos at once, for 10 ms more per kudos or comment.
     */
    private readonly windowMs = 10,
  ) {
    this.batching = !isPostgres(db);
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
    const results: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
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
      });
      jobs.forEach((job, i) => {
        const r = results[i]!;
        if (r.ok) job.resolve(r.value);
        else job.reject(r.error);
      });
    } catch (error) {
      for (const job of jobs) job.reject(error);
    } finally {
      this.timer = this.queue.length ? setTimeout(() => void this.flush(), 0) : undefined;
    }
  }
}
