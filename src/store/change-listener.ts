import pg from 'pg';
import type { ChangeLog } from './work-changes.store.js';

export interface ChangeListenerOptions {
  url: string;
  /** Told of each committed change position, as `pg_notify` sends it (migration 024's trigger). */
  onChange: (log: ChangeLog, position: number) => void;
  log: (level: 'debug' | 'warn', message: string, data?: Record<string, unknown>) => void;
}

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 10_000;

/**
 * PostgreSQL: hears of every committed change at once over LISTEN, so that an idle node catches
 * its filter index and counts up before the next request rather than during it. Requests never
 * depend on it (each reads the change clock itself); a lost connection is opened again with
 * back-off. Made in main.ts.
 */
export class ChangeListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ChangeListenerOptions) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.opts.url });
    // A dropped connection errors (sometimes twice); each is handled by reconnecting once.
    let lost = false;
    const onLost = (err: Error) => {
      if (lost || this.stopped) return;
      lost = true;
      this.opts.log('warn', 'the change listener lost its connection; listening again shortly', { err: err.message });
      this.client = undefined;
      client.end().catch(() => {});
      this.retry();
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('connection ended')));
    client.on('notification', (n) => {
      const m = /^(work_changes|count_changes):(\d+)$/.exec(n.payload ?? '');
      if (m) this.opts.onChange(m[1] as ChangeLog, Number(m[2]));
    });
    try {
      await client.connect();
      await client.query('listen quire_changes');
      if (this.stopped) return void client.end().catch(() => {});
      this.client = client;
      this.retryMs = FIRST_RETRY_MS;
      this.opts.log('debug', 'listening for changes');
    } catch (err) {
      onLost(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private retry(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(LAST_RETRY_MS, this.retryMs * 2);
  }
}
