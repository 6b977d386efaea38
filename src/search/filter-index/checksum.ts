import { countAnd, popcount } from './bitset.js';
import type { Checksum } from './load.js';
import type { IndexState } from './state.js';

/** The index's side of load.ts's `readChecksum`, computed from what it holds. */
export function stateChecksum(s: IndexState): Checksum {
  let sumIds = 0;
  let sumWords = 0;
  let sumCounts = 0;
  let links = 0;
  for (let word = 0; word < s.live.length; word++) {
    let live = s.live[word]!;
    const posted = s.posted[word]!;
    while (live !== 0) {
      const low = live & -live;
      live ^= low;
      const w = (word << 5) + (31 - Math.clz32(low));
      links += s.tagFwd.get(w).length;
      if ((posted & low) === 0) continue;
      sumIds += w;
      sumWords += s.words[w]!;
      sumCounts += s.kudos[w]! + s.hits[w]! + s.bookmarks[w]! + s.comments[w]!;
    }
  }
  let synonyms = 0;
  let sumMergers = 0;
  for (let t = 0; t < s.tagMerger.length; t++) {
    const m = s.tagMerger[t]!;
    if (m !== 0) {
      synonyms++;
      sumMergers += m;
    }
  }
  const posted = popcount(s.posted);
  return {
    posted,
    sumIds,
    sumWords,
    restricted: posted - popcount(s.open),
    crossovers: countAnd(s.posted, s.crossover),
    complete: countAnd(s.posted, s.complete),
    sumCounts,
    links,
    synonyms,
    sumMergers,
  };
}

/** The fields that differ, empty when the two agree. */
export function checksumDiff(db: Checksum, index: Checksum): string[] {
  return (Object.keys(db) as Array<keyof Checksum>).filter((k) => db[k] !== index[k]).map((k) => `${k}: database ${db[k]}, index ${index[k]}`);
}
