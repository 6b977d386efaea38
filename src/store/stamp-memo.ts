import type { Executor } from './executor.js';
import type { ChangeSignal } from './change-signal.js';

/** A kind of state kept for one change stamp: how to start it afresh and when it has grown too big. */
export interface StampMemoKind<T> {
  create(): T;
  full(state: T): boolean;
}

/**
 * State that holds for one change stamp (work-changes.store.ts), of one database: `get(db, kind)`
 * gives the kind's state for the current stamp, a fresh one after any logged change or once `full`
 * says it has grown too big. Made once per database by its owner (main.ts, or a test) and passed
 * down. Asked through a transaction it gives undefined — the caller may see its own changes, not yet
 * logged as committed, so nothing it reads may be remembered — and likewise through any handle but
 * the one it was made for.
 */
export class StampMemos {
  private readonly memos = new Map<StampMemoKind<unknown>, { stamp: string; state: unknown }>();

  constructor(private readonly signal: ChangeSignal) {}

  async get<T>(db: Executor, kind: StampMemoKind<T>): Promise<T | undefined> {
    if (db !== this.signal.db || db.isTransaction) return undefined;
    const stamp = await this.signal.stamp();
    let memo = this.memos.get(kind) as { stamp: string; state: T } | undefined;
    if (!memo || memo.stamp !== stamp || kind.full(memo.state)) {
      memo = { stamp, state: kind.create() };
      this.memos.set(kind, memo);
    }
    return memo.state;
  }
}
