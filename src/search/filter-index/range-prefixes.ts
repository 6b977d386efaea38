import {
  andNotInto,
  countAndPast,
  nonZeroSpan,
  clearBit,
  clearIds,
  roomFor,
  setBit,
  setIds,
  wordsFor,
  type Bits,
} from './bitset.js';

/** Prefixes per column: a range then costs two bitset passes and two short slices of the order. */
const PREFIXES = 32;

/**
 * The listing orders kept with prefixes: the two that ranges filter on, and published, so that a
 * walk of any date or word-count order can start deep (evaluate.ts).
 */
export const PREFIXED_ORDERS = ['words', 'updated', 'published'] as const;
export type PrefixedOrder = (typeof PREFIXED_ORDERS)[number];
export const hasPrefixes = (key: string): key is PrefixedOrder => (PREFIXED_ORDERS as readonly string[]).includes(key);

/**
 * A word-count or update-time range is a slice [from, to) of that column's listing order (sorted by
 * value, highest first). Setting the bits of a slice costs a random write per work: 400,000 of them
 * for "1,000 to 5,000 words" at a million works. These bitsets hold the works whose value is at least
 * each of 32 thresholds (the values at every 32nd of the order when built), so any prefix of the
 * order is one of them plus the few works between its end and the prefix's end, and a slice is one
 * prefix minus another. Membership depends only on a work's own value, so a change corrects its
 * bits alone; where each prefix ends in the order is found by bisection when asked.
 */
export class RangePrefixes {
  // The column itself is passed to each call: the state replaces its arrays when the id space grows.
  private constructor(
    /** Decreasing. */
    private readonly thresholds: number[],
    private readonly sets: Bits[],
  ) {}

  /** From an order (`perm`, sorted by `col` descending) of every work in it. */
  static build(perm: Uint32Array, col: ArrayLike<number>, capacity: number): RangePrefixes {
    const thresholds: number[] = [];
    for (let j = 1; j < PREFIXES; j++) {
      const at = Math.floor((j * perm.length) / PREFIXES);
      if (at >= perm.length) break;
      const v = col[perm[at]!]!;
      if (thresholds.length === 0 || v < thresholds[thresholds.length - 1]!) thresholds.push(v);
    }
    const sets: Bits[] = [];
    let prev: Bits = new Uint32Array(wordsFor(capacity));
    let done = 0;
    for (const t of thresholds) {
      const end = endOf(perm, col, t);
      const set = prev.slice();
      setIds(set, perm, done, end);
      sets.push(set);
      prev = set;
      done = end;
    }
    return new RangePrefixes(thresholds, sets);
  }

  /** `out` = the works at positions [from, to) of `perm`, the current order of this column. */
  sliceInto(out: Bits, perm: Uint32Array, col: ArrayLike<number>, from: number, to: number): void {
    const [j, end] = this.nearest(perm, col, to);
    out.fill(0);
    if (j >= 0) out.set(this.sets[j]!.subarray(0, Math.min(out.length, this.sets[j]!.length)));
    setIds(out, perm, end, to);
    const [k, start] = this.nearest(perm, col, from);
    if (k >= 0) andNotInto(out, this.sets[k]!);
    clearIds(out, perm, start, from);
  }

  /**
   * The furthest point of the order (`perm`, sorted by `col`) a listing may start walking from to
   * reach the match after the first `skip`: the end of the longest prefix holding at most `skip`
   * of `acc`'s works, and how many it holds. Five or so counting passes find it by bisection; those past the
   * answer stop counting early.
   */
  skipInto(acc: Bits, perm: Uint32Array, col: ArrayLike<number>, skip: number): { position: number; seen: number } {
    let lo = 0;
    let hi = this.sets.length;
    let seen = 0;
    // Ids follow posting order, so a filter on dates keeps works of a narrow span of ids: counting
    // only the words where it has any is then a fraction of a pass.
    const span = nonZeroSpan(acc);
    // Invariant: prefixes below lo hold at most `skip` matches, those from hi on more.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      // Only whether it holds more than `skip` matters above: counting stops there.
      const n = countAndPast(acc, this.sets[mid]!, skip, span.from, span.to);
      if (n <= skip) {
        lo = mid + 1;
        seen = n;
      } else hi = mid;
    }
    return lo === 0 ? { position: 0, seen: 0 } : { position: endOf(perm, col, this.thresholds[lo - 1]!), seen };
  }

  /** The longest prefix set that ends at or before position `p`, and where it ends (-1, 0: none). */
  private nearest(perm: Uint32Array, col: ArrayLike<number>, p: number): [number, number] {
    let best: [number, number] = [-1, 0];
    for (let j = 0; j < this.thresholds.length; j++) {
      const end = endOf(perm, col, this.thresholds[j]!);
      if (end > p) break;
      best = [j, end];
    }
    return best;
  }

  /** Works changed: `inOrder` says whether each is in the order now, its value is the column's. */
  update(ids: readonly number[], col: ArrayLike<number>, inOrder: (w: number) => boolean): void {
    for (const w of ids) {
      const present = inOrder(w);
      const v = col[w]!;
      for (let j = 0; j < this.sets.length; j++) {
        if (present && v >= this.thresholds[j]!) {
          this.sets[j] = roomFor(this.sets[j]!, w);
          setBit(this.sets[j]!, w);
        } else clearBit(this.sets[j]!, w);
      }
    }
  }
}

/** The first position of `perm` whose value is below `t`. */
const endOf = (perm: Uint32Array, col: ArrayLike<number>, t: number): number => bisect(perm, (w) => col[w]! < t);

/** First index where `pred` holds, for a predicate false then true along the array. */
export function bisect(a: Uint32Array, pred: (w: number) => boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(a[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
