import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { changesSince, type ChangeLog } from '../../store/work-changes.store.js';
import { changesIn } from './load.js';

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
 * Where an index is in a change log (work-changes.store.ts, or count-changes.store.ts for counts). Numbers are handed out when a
 * transaction writes its entry but seen when it commits, so a missing number may still arrive: it is
 * awaited for `gapWaitMs` (then taken for a rolled-back transaction) and read again each time. A
 * missing number below the oldest row left means the log was pruned past us: the index must rebuild.
 */
export class ChangeCursor {
  /** Missing numbers → when first missed. */
  private readonly gaps = new Map<number, number>();

  constructor(
    private seen: number,
    private readonly gapWaitMs: number,
    private readonly log: ChangeLog = 'work_changes',
  ) {}

  /** The highest number applied. */
  get position(): number {
    return this.seen;
  }

  /** Numbers below `position` still awaited. */
  get waiting(): number {
    return this.gaps.size;
  }

  async next(db: Kysely<DB>, limit: number): Promise<ChangeBatch | 'pruned'> {
    const rows = await changesSince(db, this.seen, limit, this.log);
    const now = Date.now();
    for (const [seq, at] of this.gaps) if (now - at > this.gapWaitMs) this.gaps.delete(seq);
    const late = this.gaps.size ? await changesIn(db, [...this.gaps.keys()], this.log) : [];
    if (rows.length && rows[0]!.seq > this.seen + 1) {
      const oldest = (await changesSince(db, 0, 1, this.log))[0];
      if (oldest && oldest.seq > this.seen + 1) return 'pruned';
    }
    return {
      changes: [...late, ...rows],
      more: rows.length === limit,
      commit: () => {
        let expected = this.seen + 1;
        for (const r of rows) {
          for (let g = expected; g < r.seq; g++) this.gaps.set(g, now);
          expected = r.seq + 1;
        }
        for (const r of late) this.gaps.delete(r.seq);
        if (rows.length) this.seen = rows[rows.length - 1]!.seq;
      },
    };
  }
}
