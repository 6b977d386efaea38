import { andInto, andNotInto, bitsToIds, clearIds, hasBit, orInto, popcount, setIds, type Bits } from './bitset.js';
import { search, viewClearFrom, viewHas, viewOrInto, viewToIds, type PostingView } from './posting.js';
import type { Forward } from './forward.js';

/**
 * One condition of a query, answerable two ways: on a bitset of candidates (dense results) or
 * work by work (few candidates). `size` bounds how many works match, to pick the cheapest start.
 */
export interface Cond {
  readonly size: number;
  /** Sorted ids of the matching works (used only to start from the smallest condition). */
  list(scratch: Bits): Uint32Array;
  /** acc ∩= matches, or acc ∖= matches when `negate`. `scratch` is free to use. */
  apply(acc: Bits, scratch: Bits, negate: boolean): void;
  /** Sets the matching works' bits into `acc`. */
  addTo(acc: Bits): void;
  /**
   * The candidates (sorted) that pass — or, with `negate`, fail — this condition, work by work,
   * through one of the plain loops at the end of this file. A test handed out as a closure made per
   * query was inlined into a shared loop, and every garbage collection that freed the closure threw
   * that optimised loop away (V8's "weak objects" deoptimisation), so the next queries ran it unoptimised.
   */
  filter(ids: Uint32Array, negate: boolean): Uint32Array;
  /** The matching works as one bitset, when they are exactly one (so a pass can copy or count as it goes). */
  onlyBits?(): Bits | null;
}

export class BitsCond implements Cond {
  readonly size: number;
  constructor(
    private readonly bits: Bits,
    size?: number,
  ) {
    this.size = size ?? popcount(bits);
  }
  list(): Uint32Array {
    return bitsToIds(this.bits);
  }
  apply(acc: Bits, _scratch: Bits, negate: boolean): void {
    if (negate) andNotInto(acc, this.bits);
    else andInto(acc, this.bits);
  }
  addTo(acc: Bits): void {
    orInto(acc, this.bits);
  }
  filter(ids: Uint32Array, negate: boolean): Uint32Array {
    return inBits(ids, this.bits, negate);
  }
  onlyBits(): Bits {
    return this.bits;
  }
}

/**
 * Works in any of several posting lists (a tag set with its synonyms and sub tags, ratings, blocked
 * tags, users). With many tags, a work is tested through its own tag list and a mark per tag id.
 */
export class UnionCond implements Cond {
  readonly size: number;
  /** The lists that hold any work (a condition lives for one query, while the lists do not change). */
  private readonly nonEmpty: PostingView[];
  constructor(
    views: PostingView[],
    private readonly byTags?: { keys: readonly number[]; forward: Forward; mark: Uint8Array },
  ) {
    this.size = views.reduce((n, v) => n + v.size, 0);
    this.nonEmpty = views.filter((v) => v.size > 0);
  }
  list(scratch: Bits): Uint32Array {
    const nonEmpty = this.nonEmpty;
    if (nonEmpty.length === 0) return new Uint32Array(0);
    if (nonEmpty.length === 1) return viewToIds(nonEmpty[0]!);
    if (nonEmpty.every((v) => v.ids)) {
      const listed = nonEmpty.reduce((n, v) => n + v.size, 0);
      // A few short lists are merged by sorting them together, which costs what they hold; the
      // bitset way costs a pass over the whole id space to list its bits.
      if (listed * Math.log2(listed + 2) < scratch.length * 4) return sortedUnion(nonEmpty, listed);
    }
    scratch.fill(0);
    for (const v of nonEmpty) viewOrInto(scratch, v);
    return bitsToIds(scratch);
  }
  apply(acc: Bits, scratch: Bits, negate: boolean): void {
    const nonEmpty = this.nonEmpty;
    if (negate) {
      for (const v of nonEmpty) viewClearFrom(acc, v);
      return;
    }
    if (nonEmpty.length === 1 && nonEmpty[0]!.bits) {
      andInto(acc, nonEmpty[0]!.bits);
      return;
    }
    scratch.fill(0);
    for (const v of nonEmpty) viewOrInto(scratch, v);
    andInto(acc, scratch);
  }
  addTo(acc: Bits): void {
    for (const v of this.nonEmpty) viewOrInto(acc, v);
  }
  filter(ids: Uint32Array, negate: boolean): Uint32Array {
    const nonEmpty = this.nonEmpty;
    if (nonEmpty.length === 0) return negate ? ids : new Uint32Array(0);
    if (nonEmpty.length === 1) {
      // One list (a fandom, a language): a direct test.
      const { bits, ids: list, size } = nonEmpty[0]!;
      return bits ? inBits(ids, bits, negate) : inSortedList(ids, list!, size, negate);
    }
    if (nonEmpty.length <= 3 || !this.byTags) return inAnyView(ids, nonEmpty, negate);
    const { keys, forward, mark } = this.byTags;
    for (const k of keys) mark[k] = 1;
    try {
      return withMarkedTag(ids, forward, mark, negate);
    } finally {
      for (const k of keys) mark[k] = 0;
    }
  }
  onlyBits(): Bits | null {
    const nonEmpty = this.nonEmpty;
    return nonEmpty.length === 1 ? nonEmpty[0]!.bits : null;
  }
}

/** Works at positions [from, to) of a listing order: a word-count or date range, read off its order. */
export class RangeCond implements Cond {
  readonly size: number;
  constructor(
    private readonly perm: Uint32Array,
    readonly from: number,
    readonly to: number,
    /** The range's values: works whose `col` value is ≥ lo and ≤ hi (< hi unless `hiInclusive`). */
    private readonly bounds: { col: ArrayLike<number>; lo: number; hi: number; hiInclusive: boolean },
    /** Writes the slice's works as bitset into `out`, faster than work by work when it is long; `temp` is free to use. */
    private readonly whole?: { into(out: Bits): void; temp: Bits },
  ) {
    this.size = to - from;
  }

  /** Whether `whole` is cheaper than writing `works` of the order one by one. */
  private long(works: number): boolean {
    return this.whole !== undefined && works > this.perm.length >>> 3;
  }
  list(): Uint32Array {
    return this.inOrder().sort();
  }
  /** The slice's works as the order lists them. */
  inOrder(): Uint32Array {
    return this.perm.slice(this.from, this.to);
  }
  apply(acc: Bits, scratch: Bits, negate: boolean): void {
    const outside = this.perm.length - this.size;
    if (this.long(negate ? this.size : Math.min(this.size, outside))) {
      this.whole!.into(scratch);
      if (negate) andNotInto(acc, scratch);
      else andInto(acc, scratch);
    } else if (negate) {
      clearIds(acc, this.perm, this.from, this.to);
    } else if (outside < this.size) {
      clearIds(acc, this.perm, 0, this.from);
      clearIds(acc, this.perm, this.to, this.perm.length);
    } else {
      scratch.fill(0);
      setIds(scratch, this.perm, this.from, this.to);
      andInto(acc, scratch);
    }
  }
  addTo(acc: Bits): void {
    if (this.long(this.size)) {
      this.whole!.into(this.whole!.temp);
      orInto(acc, this.whole!.temp);
    } else setIds(acc, this.perm, this.from, this.to);
  }
  filter(ids: Uint32Array, negate: boolean): Uint32Array {
    const { col, lo, hi, hiInclusive } = this.bounds;
    return inRange(ids, col, lo, hi, hiInclusive, negate);
  }
}

/** Works given as a set (a series' parts). */
export class SetCond implements Cond {
  readonly size: number;
  constructor(private readonly ids: ReadonlySet<number> | ReadonlyMap<number, unknown>) {
    this.size = ids.size;
  }
  list(): Uint32Array {
    return Uint32Array.from(this.ids.keys()).sort();
  }
  apply(acc: Bits, scratch: Bits, negate: boolean): void {
    const list = this.list();
    if (negate) {
      clearIds(acc, list);
      return;
    }
    scratch.fill(0);
    setIds(scratch, list);
    andInto(acc, scratch);
  }
  addTo(acc: Bits): void {
    setIds(acc, this.list());
  }
  filter(ids: Uint32Array, negate: boolean): Uint32Array {
    return inSet(ids, this.ids, negate);
  }
}

/** The ids of several sorted lists, ascending and each once. */
function sortedUnion(views: PostingView[], listed: number): Uint32Array {
  const all = new Uint32Array(listed);
  let k = 0;
  for (const v of views) {
    all.set(v.ids!.subarray(0, v.size), k);
    k += v.size;
  }
  all.sort();
  let u = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[u - 1]) all[u++] = all[i]!;
  return all.subarray(0, u);
}

// The loops that test candidates one by one are plain functions of arrays, one per kind of test,
// so that each stays optimised for its own kind (see Cond.filter).

/** Candidates whose bit is set in `bits` (or, with `negate`, unset). */
function inBits(ids: Uint32Array, bits: Bits, negate: boolean): Uint32Array {
  const out = new Uint32Array(ids.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    const w = ids[i]!;
    if (hasBit(bits, w) !== negate) out[k++] = w;
  }
  return out.subarray(0, k);
}

/** Whether a value lies above a range's upper bound (`hi` itself is inside when `hiInclusive`). */
export function aboveRange(v: number, hi: number, hiInclusive: boolean): boolean {
  return hiInclusive ? v > hi : v >= hi;
}

/** Candidates whose `col` value is within [lo, hi] (or [lo, hi) unless `hiInclusive`); with `negate`, outside. */
function inRange(
  ids: Uint32Array,
  col: ArrayLike<number>,
  lo: number,
  hi: number,
  hiInclusive: boolean,
  negate: boolean,
): Uint32Array {
  const out = new Uint32Array(ids.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    const w = ids[i]!;
    const v = col[w]!;
    // "Not above and not below", as the bisections in evaluate.ts's rangeOf read it.
    const inside = !aboveRange(v, hi, hiInclusive) && !(v < lo);
    if (inside !== negate) out[k++] = w;
  }
  return out.subarray(0, k);
}

/** Candidates in `set` (or, with `negate`, not in it). */
function inSet(
  ids: Uint32Array,
  set: ReadonlySet<number> | ReadonlyMap<number, unknown>,
  negate: boolean,
): Uint32Array {
  const out = new Uint32Array(ids.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    const w = ids[i]!;
    if (set.has(w) !== negate) out[k++] = w;
  }
  return out.subarray(0, k);
}

/** Candidates in — or, with `negate`, not in — the sorted list `list[0..size)`. */
function inSortedList(ids: Uint32Array, list: Uint32Array, size: number, negate: boolean): Uint32Array {
  const out = new Uint32Array(ids.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    const w = ids[i]!;
    if (search(list, size, w) >= 0 !== negate) out[k++] = w;
  }
  return out.subarray(0, k);
}

/** Candidates in any of a few lists (or, with `negate`, in none). */
function inAnyView(ids: Uint32Array, views: PostingView[], negate: boolean): Uint32Array {
  const out = new Uint32Array(ids.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    const w = ids[i]!;
    let found = false;
    for (let j = 0; j < views.length && !found; j++) found = viewHas(views[j]!, w);
    if (found !== negate) out[k++] = w;
  }
  return out.subarray(0, k);
}

/** Candidates carrying a tag whose `mark` is set, read from each work's own tag list (or, with `negate`, none). */
function withMarkedTag(ids: Uint32Array, forward: Forward, mark: Uint8Array, negate: boolean): Uint32Array {
  const { start, data, changed } = forward.raw();
  const out = new Uint32Array(ids.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    const w = ids[i]!;
    const own = changed.size ? changed.get(w) : undefined;
    const units = own ?? data;
    const from = own ? 0 : w + 1 < start.length ? start[w]! : 0;
    const to = own ? own.length : w + 1 < start.length ? start[w + 1]! : 0;
    let found = false;
    for (let j = from; j < to && !found;) {
      // forward.ts's 16-bit encoding, inlined.
      let t = units[j++]!;
      if (t >= 0x8000) t = ((t & 0x7fff) << 16) | units[j++]!;
      found = mark[t] === 1;
    }
    if (found !== negate) out[k++] = w;
  }
  return out.subarray(0, k);
}
