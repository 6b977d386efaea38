import type { Executor } from './executor.js';
import { changeStamp } from './work-changes.store.js';

/**
 * Per-database state that holds for one change stamp (work-changes.store.ts): `memoFor(db)` gives
 * the state of the current stamp, a fresh one after any logged change or once `full` says it has
 * grown too big. Inside a transaction it gives undefined — the caller may see its own changes, not
 * yet logged as committed, so nothing it reads may be remembered.
 */
export function stampMemo<T>(create: () => T, full: (state: T) => boolean): (db: Executor) => Promise<T | undefined> {
  const memos = new WeakMap<object, { stamp: string; state: T }>();
  return async (db) => {
    if (db.isTransaction) return undefined;
    const stamp = await changeStamp(db);
    let memo = memos.get(db);
    if (!memo || memo.stamp !== stamp || full(memo.state)) {
      memo = { stamp, state: create() };
      memos.set(db, memo);
    }
    return memo.state;
  };
}
