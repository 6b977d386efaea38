import os from 'node:os';
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { claimJobs, failJob, finishJob, type ClaimedJob } from '../store/job.store.js';

/** What a kind of job does with its payload; throwing fails this run (it is retried later). */
export type JobHandler = (payload: unknown, job: ClaimedJob) => Promise<void>;

export interface JobRunnerOptions {
  /** How often the table is looked at when nothing woke the runner. */
  pollMs?: number;
  /** Jobs claimed at a time; they run one after another. */
  batch?: number;
  /** How long a claimed job is this process's; past it, another process may run it again. */
  leaseMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
}

/** Back-off before a failed job runs again: 10 s, 40 s, 160 s, … at most an hour. */
export function retryAfterMs(attempts: number): number {
  return Math.min(3_600_000, 10_000 * 4 ** Math.max(0, attempts - 1));
}

/**
 * Runs durable background jobs (ADR 012) of the kinds it has handlers for: claims due jobs from the
 * `jobs` table, runs each, and records it done, or failed and due again after a back-off. Several
 * processes may run one each against one PostgreSQL database; a job runs in one of them at a time.
 * A job whose process stops while running it is run again once its lease passes, so a handler must
 * be safe to run twice (its writes keyed, or checked, so that a second run adds nothing). Made in
 * main.ts; `wake()` after enqueueing makes it look at once instead of at the next poll.
 */
export class JobRunner {
  readonly worker = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  /** stop() was called: no new claims. */
  private stopped = false;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly log: NonNullable<JobRunnerOptions['log']>;
  private readonly kinds: readonly string[];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    opts: JobRunnerOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.batch = opts.batch ?? 10;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.log = opts.log ?? (() => {});
    this.kinds = Object.keys(handlers);
  }

  /** Starts looking at the table; a runner with no kinds to run has nothing to look for. */
  start(): void {
    if (this.started || this.kinds.length === 0) return;
    this.started = true;
    this.schedule(0);
  }

  /** Looks for due jobs now (a job was just enqueued). */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops looking; resolves once the jobs in hand are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs what is due now, until nothing is; for tests and for `wake()`. */
  async runDue(): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await claimJobs(this.db, {
        kinds: this.kinds,
        worker: this.worker,
        limit: this.batch,
        leaseMs: this.leaseMs,
      });
      for (const job of jobs) await this.runOne(job);
      ran += jobs.length;
      if (jobs.length < this.batch || this.stopped) return ran;
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.runDue()
      .then(() => undefined)
      .catch((err: unknown) => this.log('warn', 'claiming background jobs failed', { err }))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        const soon = this.again;
        this.again = false;
        this.schedule(soon ? 0 : this.pollMs);
      });
  }

  private async runOne(job: ClaimedJob): Promise<void> {
    const handler = this.handlers[job.kind]!;
    try {
      await handler(job.payload, job);
      await finishJob(this.db, job.id, this.worker);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const outcome = await failJob(this.db, job, this.worker, message, retryAfterMs(job.attempts));
      this.log(outcome === 'failed' ? 'error' : 'warn', `background job ${job.kind} failed`, {
        jobId: job.id,
        attempts: job.attempts,
        outcome,
        err,
      });
    }
  }
}
