import { Worker } from 'node:worker_threads';
import { prepareBatch, type BulkPostItem, type PreparedBatch } from './bulk-prepare.js';

type Reply = { id: number; batch: PreparedBatch } | { id: number; error: string };
type Job = { items: BulkPostItem[]; resolve: (b: PreparedBatch) => void; reject: (e: unknown) => void };

function prepareHere(job: Job): void {
  try {
    job.resolve(prepareBatch(job.items));
  } catch (e) {
    job.reject(e);
  }
}

/**
 * Prepares batches (validation, sanitizing, word counts: bulk-prepare.ts) in a worker thread, so
 * that on a machine of two cores or more bulkPostWorks writes one batch while the next is prepared.
 * If the thread cannot start or fails, batches are prepared in this thread instead: the answers are
 * the same, only slower.
 */
export class PrepareThread {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 0;
  /** How many batches the worker thread prepared (the rest were prepared in this thread). */
  preparedInThread = 0;
  private readonly waiting = new Map<number, Job>();

  private start(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      const w = new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { entry: new URL('./bulk-prepare.worker.ts', import.meta.url).href } });
      w.on('message', (m: Reply) => {
        const job = this.waiting.get(m.id);
        if (!job) return;
        this.waiting.delete(m.id);
        // Holds the process open only while a batch is being prepared.
        if (this.waiting.size === 0) w.unref();
        if ('batch' in m) {
          this.preparedInThread++;
          job.resolve(m.batch);
        } else job.reject(new Error(`preparing a batch failed: ${m.error}`));
      });
      w.on('error', () => this.fallBack());
      w.on('exit', () => this.fallBack());
      w.unref();
      this.worker = w;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  /** Every batch still waiting is prepared here, and later ones too. */
  private fallBack(): void {
    this.failed = true;
    this.worker = null;
    for (const [id, job] of this.waiting) {
      this.waiting.delete(id);
      prepareHere(job);
    }
  }

  prepare(items: BulkPostItem[]): Promise<PreparedBatch> {
    const w = this.start();
    if (!w) return Promise.resolve(prepareBatch(items));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { items, resolve, reject });
      w.ref();
      w.postMessage({ id, items });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failed = true;
    // Batches nobody awaits any more (a write failed) are dropped, not prepared here.
    this.waiting.clear();
    if (w) await w.terminate();
  }
}
