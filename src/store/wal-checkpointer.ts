import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** What one checkpoint did: frames in the WAL, frames copied into the database, and how long it took. */
export interface CheckpointReport {
  busy: number;
  log: number;
  checkpointed: number;
  ms: number;
}

export interface CheckpointerOptions {
  /** How often the worker checkpoints (default every second). */
  everyMs?: number;
  log?: (level: 'debug' | 'warn' | 'error', msg: string, data?: object) => void;
}

/** SQLite's own default for wal_autocheckpoint, given back when the worker stops or fails. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * While the worker runs, commits checkpoint only past 64 MB of WAL: should the worker fall behind
 * (a reader holding an old snapshot), the WAL still stops growing.
 */
const BACKSTOP_PAGES = 16_000;

// The worker is CommonJS given as text, so it runs the same under tsx and from dist/. It has its own
// connection to the file and only ever checkpoints: PASSIVE waits on no reader or writer, and with
// synchronous=FULL the database file is synced before SQLite lets a writer start the WAL afresh.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
// A checkpoint reads frames from the WAL and writes them to the database: it needs no page cache.
db.pragma('cache_size = -256');
const timer = setInterval(() => {
  const started = performance.now();
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  if (r.log > 0) parentPort.postMessage({ ...r, ms: performance.now() - started });
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/**
 * Checkpoints a SQLite database's write-ahead log from a worker thread. SQLite otherwise copies the
 * WAL back into the database inside whichever commit crosses 1,000 pages, on the event loop, with
 * two syncs: a fan-out step of 5,000 notifications spent two thirds of its commit there. While the
 * worker runs, the server's connection checkpoints only as a backstop; when the worker stops or fails,
 * at SQLite's default again. docs/decisions/009.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopping = false;
  private readonly exited: Promise<void>;
  private readonly waiting: Array<(r: CheckpointReport) => void> = [];
  /** The last checkpoint that found frames in the WAL. */
  last: CheckpointReport | undefined;

  private constructor(
    private readonly sqlite: SQLite.Database,
    everyMs: number,
    private readonly log: NonNullable<CheckpointerOptions['log']>,
    ready: () => void,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // The thread counts against the server's memory (ADR 008): a small heap for a loop of pragmas.
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1, codeRangeSizeMb: 2 },
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: sqlite.name, everyMs },
    });
    this.worker.on('message', (m: 'ready' | CheckpointReport) => {
      if (m === 'ready') {
        if (!this.stopping) this.sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
        // From now on the worker does not keep the process alive.
        this.worker.unref();
        ready();
        return;
      }
      this.last = m;
      this.log('debug', 'WAL checkpointed', m);
      for (const w of this.waiting.splice(0)) w(m);
    });
    this.worker.on('error', (err) =>
      this.log('error', 'the WAL checkpointer failed; commits checkpoint again', { err }),
    );
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        ready();
        resolve();
      }),
    );
  }

  /** Starts checkpointing a file database in WAL mode; undefined for any other (in memory, or no WAL). */
  static async start(sqlite: SQLite.Database, o: CheckpointerOptions = {}): Promise<WalCheckpointer | undefined> {
    if (sqlite.memory || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return undefined;
    let ready: () => void = () => undefined;
    const started = new Promise<void>((r) => (ready = r));
    const c = new WalCheckpointer(sqlite, o.everyMs ?? 1000, o.log ?? (() => undefined), ready);
    await started;
    return c;
  }

  /** Resolves with the next checkpoint that finds frames in the WAL. */
  next(): Promise<CheckpointReport> {
    // The worker keeps the process alive only while someone waits on it.
    this.worker.ref();
    return new Promise((r) =>
      this.waiting.push((report) => {
        this.worker.unref();
        r(report);
      }),
    );
  }

  /** Stops the worker; the server's connection checkpoints in its commits again. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
