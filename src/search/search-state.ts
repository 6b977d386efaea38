import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { StampMemos } from '../store/stamp-memo.js';
import { ChangeSignal } from '../store/change-signal.js';
import type { FilterIndex } from './filter-index/filter-index.js';

/**
 * What the works query keeps between requests for one database: the in-memory filter index, when
 * one is running (ready or not), and the state that holds for one change stamp — tag look-ups and
 * expansions, listed works, the sidebar's counts, full-text match sets. Made once in main.ts and
 * passed to every listing; each test and benchmark makes its own. Two states share nothing.
 */
export interface SearchState {
  readonly db: Kysely<DB>;
  readonly filterIndex: FilterIndex | undefined;
  readonly memos: StampMemos;
  /** The database's change stamp, which the memos and the shared guest pages hold for. */
  readonly signal: ChangeSignal;
}

export function createSearchState(db: Kysely<DB>, filterIndex?: FilterIndex): SearchState {
  // A transaction's own uncommitted writes are in neither the index nor the change stamp.
  if (db.isTransaction) throw new Error('a search state is made for a database, not a transaction');
  const signal = new ChangeSignal(db);
  return { db, filterIndex, memos: new StampMemos(signal), signal };
}
