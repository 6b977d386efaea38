import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** SQLite's own threshold, restored when the checkpointer stops: a checkpoint at 1,000 WAL pages. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * While the thread runs, the server's commits still checkpoint past this many pages (64 MB): the
 * thread has copied nearly all of them by then, and only a checkpoint made between two writes of
 * the server's connection catches up with the WAL's end, which lets the next write start the WAL
 * over instead of growing it (SQLite restarts a WAL only when every page in it is in the database).
 */
const SERVER_AUTOCHECKPOINT_PAGES = 16000;

/**
 * Checkpoints the server's SQLite WAL from a worker thread, so that commits seldom do
 * (docs/decisions/009). SQLite checkpoints in the commit that takes the WAL past 1,000 pages: it
 * copies them into the database file and syncs both files, several milliseconds on the event loop,
 * which under a stream of kudos came every few commits. Started by main.ts for the server; other
 * processes (the CLI) keep SQLite's automatic checkpoints. Should the thread fail, they come back.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly log: (msg: string, err?: unknown) => void,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    const s = this.sqlite;
    if (s.memory || s.pragma('journal_mode', { simple: true }) !== 'wal') return;
    const worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), {
      workerData: { file: s.name, intervalMs: this.intervalMs },
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    worker.on('message', (m: { error?: string }) => {
      if (m.error) this.log('a WAL checkpoint failed', new Error(m.error));
    });
    worker.on('error', (err) => {
      this.log('the WAL checkpointer stopped; commits checkpoint again', err);
      this.restoreAutocheckpoint();
    });
    worker.unref();
    s.pragma(`wal_autocheckpoint = ${SERVER_AUTOCHECKPOINT_PAGES}`);
    this.worker = worker;
  }

  /** Stops the thread (its connection closed) and gives checkpoints back to the commits. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref(); // the exit is awaited: keep the process alive for it
    worker.postMessage('stop');
    await exited;
    this.restoreAutocheckpoint();
  }

  private restoreAutocheckpoint(): void {
    if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  }
}
