import type { IndexState } from './state.js';
import type { Matches } from './evaluate.js';

export interface FacetCount {
  tagId: number;
  count: number;
}

/**
 * The sidebar's counts, as works-sql.ts's `sqlFacetCounts` computes them: per canonical tag
 * (a synonym counts for its merger, a work carrying both counts once), how many matching works carry
 * it; the `limit` most frequent, by count descending then tag id.
 */
export function facetCounts(s: IndexState, m: Matches, limit: number): FacetCount[] {
  let size = Math.max(s.tagMerger.length, s.tags.keyLimit()) + 1;
  for (let t = 0; t < s.tagMerger.length; t++) size = Math.max(size, s.tagMerger[t]! + 1);
  const counts = new Uint32Array(size);
  // Through the matching works' own tags (measured faster than going through every tag's list
  // against the result bitset, even for the whole archive).
  countByWorks(s, m, counts);
  return top(counts, limit);
}

function countByWorks(s: IndexState, m: Matches, counts: Uint32Array): void {
  // Last work counted per tag, plus one: a work with a synonym and its canonical counts once.
  const last = new Uint32Array(counts.length);
  const merger = s.tagMerger;
  const { start, data, changed } = s.tagFwd.raw();
  const visit = (units: Uint16Array, from: number, to: number, w: number) => {
    const stamp = w + 1;
    for (let i = from; i < to;) {
      // forward.ts's 16-bit encoding, inlined.
      let t = units[i++]!;
      if (t >= 0x8000) t = ((t & 0x7fff) << 16) | units[i++]!;
      const c = merger[t] || t;
      if (last[c] !== stamp) {
        last[c] = stamp;
        counts[c]!++;
      }
    }
  };
  const work = (w: number) => {
    const own = changed.size ? changed.get(w) : undefined;
    if (own) visit(own, 0, own.length, w);
    else if (w + 1 < start.length) visit(data, start[w]!, start[w + 1]!, w);
  };
  if (m.ids) for (const w of m.ids) work(w);
  else {
    const acc = m.acc!;
    for (let word = 0; word < acc.length; word++) {
      let v = acc[word]!;
      while (v !== 0) {
        const low = v & -v;
        v ^= low;
        work((word << 5) + (31 - Math.clz32(low)));
      }
    }
  }
}

/** The `limit` largest counts, ties by id: find the cut-off count first, then sort only what passes it. */
function top(counts: Uint32Array, limit: number): FacetCount[] {
  let max = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c]! > max) max = counts[c]!;
  const histogram = new Uint32Array(max + 2);
  for (let c = 0; c < counts.length; c++) histogram[counts[c]!]!++;
  let cut = max;
  let above = 0;
  while (cut > 1 && above + histogram[cut]! < limit) above += histogram[cut--]!;
  const out: FacetCount[] = [];
  for (let c = 0; c < counts.length; c++)
    if (counts[c]! >= cut && counts[c]! > 0) out.push({ tagId: c, count: counts[c]! });
  out.sort((a, b) => b.count - a.count || a.tagId - b.tagId);
  return out.slice(0, limit);
}
