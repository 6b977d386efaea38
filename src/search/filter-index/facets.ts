import type { IndexState } from './state.js';
import type { Matches } from './evaluate.js';

export interface FacetCount {
  tagId: number;
  count: number;
}

/**
 * The sidebar's counts, as works-query.ts's `workFacets` SQL computes them: per canonical tag
 * (a synonym counts for its merger), how many matching works carry it, the `limit` most frequent,
 * by count descending then tag id.
 */
export function facetCounts(s: IndexState, m: Matches, limit: number): FacetCount[] {
  const size = Math.max(s.tagMerger.length, s.tagType.length) + 1;
  const counts = new Uint32Array(size);
  // Last work counted per tag, plus one: a work with a synonym and its canonical counts once.
  const last = new Uint32Array(size);
  const merger = s.tagMerger;
  let extra: Map<number, { count: number; last: number }> | null = null;
  const visit = (w: number) => {
    const tags = s.tagFwd.get(w);
    for (let i = 0; i < tags.length; i++) {
      const t = tags[i]!;
      const c = merger[t] || t;
      if (c < size) {
        if (last[c] !== w + 1) {
          last[c] = w + 1;
          counts[c]!++;
        }
        continue;
      }
      // A tag id past the arrays (the index learns tag rows lazily): rare, kept aside.
      extra ??= new Map();
      const e = extra.get(c) ?? { count: 0, last: 0 };
      if (e.last !== w + 1) {
        e.last = w + 1;
        e.count++;
      }
      extra.set(c, e);
    }
  };
  if (m.ids) for (const w of m.ids) visit(w);
  else {
    const acc = m.acc!;
    for (let word = 0; word < acc.length; word++) {
      let v = acc[word]!;
      while (v !== 0) {
        const low = v & -v;
        v ^= low;
        visit((word << 5) + (31 - Math.clz32(low)));
      }
    }
  }
  return top(counts, extra, limit);
}

/** The `limit` largest counts, ties by id: find the cut-off count first, then sort only what passes it. */
function top(counts: Uint32Array, extra: Map<number, { count: number }> | null, limit: number): FacetCount[] {
  let max = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c]! > max) max = counts[c]!;
  for (const e of extra?.values() ?? []) max = Math.max(max, e.count);
  const histogram = new Uint32Array(max + 2);
  for (let c = 0; c < counts.length; c++) histogram[counts[c]!]!++;
  for (const e of extra?.values() ?? []) histogram[e.count]!++;
  let cut = max;
  let above = 0;
  while (cut > 1 && above + histogram[cut]! < limit) above += histogram[cut--]!;
  const out: FacetCount[] = [];
  for (let c = 0; c < counts.length; c++) if (counts[c]! >= cut && counts[c]! > 0) out.push({ tagId: c, count: counts[c]! });
  for (const [c, e] of extra ?? []) if (e.count >= cut) out.push({ tagId: c, count: e.count });
  out.sort((a, b) => b.count - a.count || a.tagId - b.tagId);
  return out.slice(0, limit);
}
