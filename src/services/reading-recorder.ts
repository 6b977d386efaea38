import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { addVisits, type ReadingRow, type VisitBatchItem } from '../store/reading.store.js';

// Past this many member-and-work pairs waiting for the next write, more are dropped (a flood, or writes failing).
const MAX_PENDING = 100_000;

/**
 * Members' visits to works gathered in memory and written once a second, as hits are (ADR 010): opening
 * a work or a chapter never waits on a database write. `record` notes a visit; `flush` (main.ts's timer,
 * and at shut-down) adds them to `readings` in one transaction. A crash loses at most a second of
 * history. Pages read what is waiting through `pendingFor`, so a member's own visit shows at once.
 */
export class ReadingRecorder {
  private pending = new Map<string, VisitBatchItem>();
  private flushing: Promise<void> | undefined;

  constructor(private readonly db: Kysely<DB>) {}

  record(visit: { userId: number; workId: number; chapterId: number; chaptersSeen: number }, at = new Date()): void {
    const key = `${visit.userId} ${visit.workId}`;
    const known = this.pending.get(key);
    if (known) {
      known.visits += 1;
      known.chapterId = visit.chapterId;
      known.chaptersSeen = visit.chaptersSeen;
      known.at = at.toISOString();
      return;
    }
    if (this.pending.size >= MAX_PENDING) return;
    this.pending.set(key, { ...visit, visits: 1, at: at.toISOString() });
  }

  /** The visits of a member to these works not yet written, as rows to lay over the stored ones. */
  pendingFor(userId: number, workIds: readonly number[]): VisitBatchItem[] {
    if (this.pending.size === 0) return [];
    const out: VisitBatchItem[] = [];
    for (const id of workIds) {
      const v = this.pending.get(`${userId} ${id}`);
      if (v) out.push(v);
    }
    return out;
  }

  /** Drops what is waiting for a member (one work or all): their history was cleared or turned off. */
  forget(userId: number, workId?: number): void {
    if (workId !== undefined) {
      this.pending.delete(`${userId} ${workId}`);
      return;
    }
    for (const [key, v] of this.pending) if (v.userId === userId) this.pending.delete(key);
  }

  get waiting(): number {
    return this.pending.size;
  }

  /** Writes what was gathered; resolves when it is stored (a write already running is waited for first). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = this.db
      .transaction()
      .execute((trx) => addVisits(trx, batch))
      .finally(() => (this.flushing = undefined));
    await this.flushing;
  }
}

/** A stored reading with the visits still waiting in this process laid over it. */
export function withPending(
  stored: ReadingRow | undefined,
  waiting: VisitBatchItem | undefined,
): ReadingRow | undefined {
  if (!waiting) return stored;
  return {
    workId: waiting.workId,
    lastChapterId: waiting.chapterId,
    chaptersSeen: waiting.chaptersSeen,
    visits: (stored?.visits ?? 0) + waiting.visits,
    lastVisitedAt: waiting.at,
    markedForLater: stored?.markedForLater ?? false,
  };
}
