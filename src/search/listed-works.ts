import type { Work } from '../domain/work.js';
import type { Executor } from '../store/executor.js';
import { loadWorks } from '../store/work.store.js';
import type { StampMemoKind, StampMemos } from '../store/stamp-memo.js';

/**
 * Works as listings show them, remembered per database for one change stamp (work-changes.store.ts). Everything a blurb
 * shows (the work, its tags, creators, chapters and series) changes only with a logged change, the
 * rule the shared guest pages rely on too (ADR 007), so while the stamp stays the same a
 * remembered work is exactly what loadWorks would read; any change starts afresh. Remembered works
 * are frozen: callers share them and must not change them.
 */
const MAX_WORKS = 5_000;
const LISTED_WORKS: StampMemoKind<Map<number, Work>> = {
  create: () => new Map(),
  full: (works) => works.size > MAX_WORKS,
};

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** The works with these ids, in this order (missing ones left out), as loadWorks reads them. */
export async function loadListedWorks(db: Executor, memos: StampMemos, ids: number[]): Promise<Work[]> {
  const works = ids.length === 0 ? undefined : await memos.get(db, LISTED_WORKS);
  if (!works) return loadWorks(db, ids);
  const missing = ids.filter((id) => !works.has(id));
  if (missing.length) {
    const loaded = await loadWorks(db, missing);
    // Read after the number: a change committed meanwhile has moved it, and the next call starts afresh.
    for (const w of loaded) works.set(w.id, deepFreeze(w));
  }
  return ids.map((id) => works.get(id)).filter((w): w is Work => w !== undefined);
}
