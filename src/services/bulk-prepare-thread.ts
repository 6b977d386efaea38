/**
 * A worker thread that prepares bulkPostWorks' next batch while this thread writes the current one,
 * and makes the batch's full-text entries while its rows are inserted.
 *
 * Why: preparing (validation, sanitizing, word counts) and the full-text entries are about half of a
 * bulk import's time and need no database, while the writing holds this thread in SQLite's
 * synchronous calls. On a machine with a second core the two overlap. The thread is started on the first import with more than one
 * batch, kept for later imports, and stopped after a while idle; until it has started, and if it
 * ever fails, batches are prepared inline exactly as before, so it changes speed, never results.
 */
import { Worker } from 'node:worker_threads';
import { prepareBatch, type BulkPostItem, type PreparedBatch } from './bulk-prepare.js';
import { searchEntry, type SearchEntry, type SearchSource } from '../search/search-text.js';
import type { ThreadReply, ThreadRequest } from './bulk-prepare-worker.js';

const IDLE_MS = 30_000;

/** A request on its way: what to do with its reply (undefined when the thread could not answer). */
type Waiting = (reply: ThreadReply | undefined) => void;

/** Batches the thread has prepared, and made entries for, since this process started (tests check it was used). */
const counts = { prepared: 0, entries: 0 };

function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./bulk-prepare-worker.js', here));
  // Run through tsx (tests, the bench): under Node 20 a worker thread does not get the loader the
  // process was started with, so the thread registers it before loading the TypeScript module.
  const entry = new URL('./bulk-prepare-worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

class PrepareThread {
  readonly worker = startWorker();
  ready = false;
  /** Settles true once the thread takes batches, false if it ends first. */
  readonly whenReady: Promise<boolean>;
  private settleReady: (ok: boolean) => void = () => undefined;
  private dead = false;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly onGone: () => void) {
    this.whenReady = new Promise((r) => (this.settleReady = r));
    // Never keeps the process alive: an import that has finished owes the thread nothing.
    this.worker.unref();
    this.worker.on('message', (m: ThreadReply | 'ready') => (m === 'ready' ? this.started() : this.answered(m)));
    this.worker.on('error', () => this.gone());
    this.worker.on('exit', () => this.gone());
  }

  /** The batch prepared on the thread, or undefined when it cannot be (the caller prepares it). */
  async prepare(items: BulkPostItem[]): Promise<PreparedBatch | undefined> {
    const reply = await this.ask((id) => ({ id, prepare: items }));
    if (!reply || !('prepared' in reply)) return undefined;
    // The decisions the policies took on the thread, added to the caller's viewers in item order.
    for (const [k, item] of items.entries()) item.viewer.decisions.push(...reply.decisions[k]!);
    counts.prepared++;
    return reply.prepared;
  }

  /** The works' full-text entries made on the thread, or undefined when they cannot be. */
  async entries(sources: SearchSource[]): Promise<SearchEntry[] | undefined> {
    const reply = await this.ask((id) => ({ id, entries: sources }));
    if (!reply || !('entries' in reply)) return undefined;
    counts.entries++;
    return reply.entries;
  }

  private ask(request: (id: number) => ThreadRequest): Promise<ThreadReply | undefined> {
    if (!this.ready || this.dead) return Promise.resolve(undefined);
    clearTimeout(this.idle);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      try {
        this.worker.postMessage(request(id));
      } catch {
        // Input that cannot be copied to the thread (not plain data) is dealt with here instead.
        this.waiting.delete(id);
        resolve(undefined);
      }
    });
  }

  stop(): void {
    void this.worker.terminate();
  }

  private started(): void {
    this.ready = true;
    this.settleReady(true);
    this.idleLater();
  }

  private answered(m: ThreadReply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    // A function that threw on the thread is run again here, where its error reaches the caller.
    w('error' in m ? undefined : m);
    if (this.waiting.size === 0) this.idleLater();
  }

  private idleLater(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS).unref();
  }

  private gone(): void {
    if (this.dead) return;
    this.dead = true;
    this.settleReady(false);
    clearTimeout(this.idle);
    for (const w of this.waiting.values()) w(undefined);
    this.waiting.clear();
    this.onGone();
  }
}

let thread: PrepareThread | undefined;

function current(): PrepareThread {
  if (!thread) {
    const t: PrepareThread = new PrepareThread(() => {
      if (thread === t) thread = undefined;
    });
    thread = t;
  }
  return thread;
}

/**
 * Starts preparing a batch on the worker thread (starting the thread if need be). Resolves to
 * undefined, never rejects, when the thread is not ready yet or fails: the caller then prepares the
 * batch inline with `prepareInline`.
 */
export function prepareAhead(items: BulkPostItem[]): Promise<PreparedBatch | undefined> {
  return current().prepare(items);
}

/** The batch as prepareAhead prepared it, or prepared here when it could not be. */
export async function preparedOr(ahead: Promise<PreparedBatch | undefined> | undefined, items: BulkPostItem[]): Promise<PreparedBatch> {
  return (await ahead) ?? prepareBatch(items);
}

/** Starts making the works' full-text entries on the thread, if it is ready (see prepareAhead). */
export function entriesAhead(sources: SearchSource[]): Promise<SearchEntry[] | undefined> {
  return thread ? thread.entries(sources) : Promise.resolve(undefined);
}

/** The entries as entriesAhead made them, or made here when they could not be. */
export async function entriesOr(ahead: Promise<SearchEntry[] | undefined>, sources: SearchSource[]): Promise<SearchEntry[]> {
  return (await ahead) ?? sources.map(searchEntry);
}

/** Starts the thread and waits until it takes batches (for tests, and callers that know a big import is coming). */
export async function startPrepareThread(): Promise<void> {
  if (!(await current().whenReady)) throw new Error('the bulk-prepare thread stopped while starting');
}

/** Stops the thread now (tests; a later import starts another). */
export function stopPrepareThread(): void {
  thread?.stop();
}

export const offThreadCounts = (): { prepared: number; entries: number } => ({ ...counts });
