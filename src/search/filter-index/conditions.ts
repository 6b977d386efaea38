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
  /** Prepares work-by-work tests; `done()` after. */
  begin(): (w: number) => boolean;
  done(): void;
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
  begin(): (w: number) => boolean {
    const b = this.bits;
    return (w) => hasBit(b, w);
  }
  done(): void {}
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
  begin(): (w: number) => boolean {
    const nonEmpty = this.nonEmpty;
    if (nonEmpty.length === 0) return () => false;
    if (nonEmpty.length === 1) {
      // One list (a fandom, a language): a direct test, with no call per list.
      const { bits, ids, size } = nonEmpty[0]!;
      if (bits) return (w) => hasBit(bits, w);
      return (w) => search(ids!, size, w) >= 0;
    }
    if (nonEmpty.length <= 3 || !this.byTags) return (w) => nonEmpty.some((v) => viewHas(v, w));
    const { keys, forward, mark } = this.byTags;
    for (const k of keys) mark[k] = 1;
    const { start, data, changed } = forward.raw();
    return (w) => {
      const own = changed.size ? changed.get(w) : undefined;
      const units = own ?? data;
      const from = own ? 0 : w + 1 < start.length ? start[w]! : 0;
      const to = own ? own.length : w + 1 < start.length ? start[w + 1]! : 0;
      for (let i = from; i < to; ) {
        // forward.ts's 16-bit encoding, inlined.
        let t = units[i++]!;
        if (t >= 0x8000) t = ((t & 0x7fff) << 16) | units[i++]!;
        if (mark[t] === 1) return true;
      }
      return false;
    };
  }
  done(): void {
    if (this.byTags) for (const k of this.byTags.keys) this.byTags.mark[k] = 0;
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
    private readonly test: (w: number) => boolean,
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
  begin(): (w: number) => boolean {
    return this.test;
  }
  done(): void {}
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
  begin(): (w: number) => boolean {
    const s = this.ids;
    return (w) => s.has(w);
  }
  done(): void {}
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

/** Candidates (sorted) that pass — or, with `negate`, fail — a condition. */
export function filterIds(ids: Uint32Array, c: Cond, negate: boolean): Uint32Array {
  const test = c.begin();
  try {
    let k = 0;
    const out = new Uint32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const w = ids[i]!;
      if (test(w) !== negate) out[k++] = w;
    }
    return out.subarray(0, k);
  } finally {
    c.done();
  }
}
