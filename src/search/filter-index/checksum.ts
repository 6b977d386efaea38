import { hasBit } from './bitset.js';
import type { Checksum } from './load.js';
import type { IndexState } from './state.js';

/** The index's side of load.ts's `readChecksum` for works with ids in (from, to]. */
export function stateChecksum(s: IndexState, from: number, to: number): Checksum {
  const c: Checksum = {
    works: 0,
    sumIds: 0,
    posted: 0,
    restrictedPosted: 0,
    crossovers: 0,
    complete: 0,
    sumWords: 0,
    sumCounts: 0,
    links: 0,
  };
  for (let w = from + 1; w <= Math.min(to, s.capacity - 1); w++) {
    if (!hasBit(s.live, w)) continue;
    c.works++;
    c.sumIds += w;
    c.links += s.tagFwd.count(w);
    c.sumWords += s.words[w]!;
    c.sumCounts += s.kudos[w]! + s.hits[w]! + s.bookmarks[w]! + s.comments[w]!;
    if (hasBit(s.crossover, w)) c.crossovers++;
    if (hasBit(s.complete, w)) c.complete++;
    if (!hasBit(s.posted, w)) continue;
    c.posted++;
    if (!hasBit(s.open, w)) c.restrictedPosted++;
  }
  return c;
}

/** The index's side of load.ts's `readTagChecksum`. */
export function stateTagChecksum(s: IndexState): { synonyms: number; sumMergers: number } {
  let synonyms = 0;
  let sumMergers = 0;
  for (let t = 0; t < s.tagMerger.length; t++) {
    const m = s.tagMerger[t]!;
    if (m !== 0) {
      synonyms++;
      sumMergers += m;
    }
  }
  return { synonyms, sumMergers };
}

/** The fields that differ, empty when the two agree. */
export function checksumDiff<T extends object>(db: T, index: T): string[] {
  return (Object.keys(db) as Array<keyof T>)
    .filter((k) => db[k] !== index[k])
    .map((k) => `${String(k)}: database ${String(db[k])}, index ${String(index[k])}`);
}
