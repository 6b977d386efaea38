import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { changesSince, oldestChangeSeq, type ChangeLog } from '../../store/work-changes.store.js';

export interface Change {
  seq: number;
  workId: number;
}

export interface ChangeBatch {
  changes: Change[];
  /** The log may hold more after this batch. */
  more: boolean;
  /** Call once the batch is applied: the cursor moves past it. */
  commit(): void;
}

/**
 * Where an index is in a change log (work-changes.store.ts, or count-changes.store.ts for counts).
 * Positions follow commit order without gaps (docs/decisions/015): nothing can arrive behind the
 * cursor, so it waits for nothing. A first change read past the next position means the log was
 * pruned past us: the index must rebuild.
 */
export class ChangeCursor {
  constructor(
    private seen: number,
    private readonly log: ChangeLog = 'work_changes',
  ) {}

  /** The highest position applied. */
  get position(): number {
    return this.seen;
  }

  async next(db: Kysely<DB>, limit: number): Promise<ChangeBatch | 'pruned'> {
    const rows = await changesSince(db, this.seen, limit, this.log);
    if (rows.length && rows[0]!.seq > this.seen + 1) {
      const oldest = await oldestChangeSeq(db, this.log);
      if (oldest !== undefined && oldest > this.seen + 1) return 'pruned';
    }
    return {
      changes: rows,
      more: rows.length >= limit,
      commit: () => {
        if (rows.length) this.seen = rows[rows.length - 1]!.seq;
      },
    };
  }
}
