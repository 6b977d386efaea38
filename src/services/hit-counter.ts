import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { insertNewHits, type Hit } from '../store/hits.store.js';
import { addToCount } from '../store/count-changes.store.js';
import { addDailyHits } from '../store/work-stats.store.js';

// Past this many hits waiting for the next write, more are dropped (a flood, or writes failing).
const MAX_PENDING = 100_000;

// User agents that announce a robot; a reader's browser says none of these.
const BOTS = /bot\b|bot\/|crawl|spider|slurp|curl\/|wget\/|python-requests|httpclient|feedfetcher|headless/i;

/**
 * Whether a user agent is not a reader's browser, whose views are not hits: missing, not a browser's
 * (every browser's begins "Mozilla/"; scripts and fetchers' do not), or a browser announcing a robot.
 */
export function isBot(userAgent: string | undefined): boolean {
  return !userAgent || !userAgent.startsWith('Mozilla/') || BOTS.test(userAgent);
}

/** A guest's visitor key: a hash of their address and browser, so that no address is stored. */
export function guestVisitor(address: string, userAgent: string): string {
  return `g:${crypto.createHash('sha256').update(`${address}\u0000${userAgent}`).digest('base64url').slice(0, 22)}`;
}

/**
 * Hits gathered in memory and written once a second (ADR 010): no page view writes to the database.
 * `record` notes a view; `flush` (main.ts's timer, and at shut-down) stores the new ones in one
 * transaction — a visitor counts once per work per day, whichever process saw them — and adds them
 * to the works' hit counts through the count log. A crash loses what was gathered since the last
 * flush, at most a second of hits.
 */
export class HitCounter {
  private pending = new Map<string, Hit & { guest?: [string, string] }>();
  private day = '';
  private dayEnds = 0;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly onCounted: (workIds: number[]) => void = () => {},
  ) {}

  record(workId: number, visitor: string, at?: Date): void {
    if (this.pending.size >= MAX_PENDING) return;
    const day = at ? at.toISOString().slice(0, 10) : this.today();
    const key = `${workId} ${visitor} ${day}`;
    if (!this.pending.has(key)) this.pending.set(key, { workId, visitor, day });
  }

  /**
   * A guest's view, noted by address and browser: the visitor key (a hash, guestVisitor) is made
   * when the batch is written, once per new visitor, not on every page view.
   */
  recordGuest(workId: number, address: string, userAgent: string): void {
    if (this.pending.size >= MAX_PENDING) return;
    const day = this.today();
    const key = `${workId} ${day} ${address}\u0000${userAgent}`;
    if (!this.pending.has(key)) this.pending.set(key, { workId, visitor: '', day, guest: [address, userAgent] });
  }

  /** Today (UTC), worked out again only when the day ends. */
  private today(): string {
    const now = Date.now();
    if (now >= this.dayEnds) {
      this.day = new Date(now).toISOString().slice(0, 10);
      this.dayEnds = (Math.floor(now / 86_400_000) + 1) * 86_400_000;
    }
    return this.day;
  }

  get waiting(): number {
    return this.pending.size;
  }

  /** Writes what was gathered; resolves when it is stored (a write already running is waited for first). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()].map((h) =>
      h.guest ? { workId: h.workId, visitor: guestVisitor(h.guest[0], h.guest[1]), day: h.day } : h,
    );
    this.pending = new Map();
    this.flushing = this.write(batch).finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private async write(batch: Hit[]): Promise<void> {
    const counted = await this.db.transaction().execute(async (trx) => {
      // Works deleted since their view have no row to count on.
      const ids = [...new Set(batch.map((h) => h.workId))];
      const live = new Set<number>();
      // In slices: SQLite binds at most 32,766 parameters to a statement.
      for (let i = 0; i < ids.length; i += 10_000)
        for (const r of await trx
          .selectFrom('works')
          .select('id')
          .where('id', 'in', ids.slice(i, i + 10_000))
          .execute())
          live.add(r.id);
      const added = await insertNewHits(
        trx,
        batch.filter((h) => live.has(h.workId)),
      );
      const perWork = new Map<number, number>();
      for (const a of added) perWork.set(a.workId, (perWork.get(a.workId) ?? 0) + a.n);
      for (const [workId, n] of perWork) await addToCount(trx, workId, 'hits_count', n);
      // The writers' charts: a few statements for the whole batch.
      await addDailyHits(
        trx,
        added.map((a) => ({ workId: a.workId, day: a.day, hits: a.n, kudos: 0 })),
      );
      return [...perWork.keys()];
    });
    if (counted.length) this.onCounted(counted);
  }
}
