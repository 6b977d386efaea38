/**
 * Bitsets over work ids: bit `i` of word `i >>> 5`. Two bitsets may differ in length; a missing word
 * reads as zero, so a short bitset is simply one whose high ids are all unset.
 */
export type Bits = Uint32Array;

/** Words needed for ids 0..n-1. */
export const wordsFor = (n: number): number => (n + 31) >>> 5;

export function hasBit(b: Bits, i: number): boolean {
  // Out of range reads undefined, and undefined >>> k is 0: no bounds check needed.
  return ((b[i >>> 5]! >>> (i & 31)) & 1) === 1;
}

/** Sets bit i; the caller makes sure the bitset is long enough. */
export function setBit(b: Bits, i: number): void {
  b[i >>> 5]! |= 1 << (i & 31);
}

export function clearBit(b: Bits, i: number): void {
  const w = i >>> 5;
  if (w < b.length) b[w]! &= ~(1 << (i & 31));
}

/** `b`, or a copy with room for bit `id` and an eighth to spare, when it is too short to hold that bit. */
export function roomFor(b: Bits, id: number): Bits {
  return id < b.length << 5 ? b : grown(b, wordsFor(id + 1) + (b.length >>> 3));
}

/** A copy of `b` with room for at least `words` words. */
export function grown(b: Bits, words: number): Bits {
  if (b.length >= words) return b;
  const out = new Uint32Array(words);
  out.set(b);
  return out;
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

// The loops over whole bitsets below take four words a step: measured here, that is nearly twice as
// fast as one word a step (V8 does not unroll them itself), and these loops are most of a dense filter.

export function popcount(b: Bits): number {
  let n = 0;
  const len = b.length;
  let i = 0;
  for (; i + 3 < len; i += 4)
    n += popcount32(b[i]!) + popcount32(b[i + 1]!) + popcount32(b[i + 2]!) + popcount32(b[i + 3]!);
  for (; i < len; i++) n += popcount32(b[i]!);
  return n;
}

/** |a ∩ b| without building it. */
export function countAnd(a: Bits, b: Bits): number {
  const len = Math.min(a.length, b.length);
  let n = 0;
  let i = 0;
  for (; i + 3 < len; i += 4)
    n +=
      popcount32(a[i]! & b[i]!) +
      popcount32(a[i + 1]! & b[i + 1]!) +
      popcount32(a[i + 2]! & b[i + 2]!) +
      popcount32(a[i + 3]! & b[i + 3]!);
  for (; i < len; i++) n += popcount32(a[i]! & b[i]!);
  return n;
}

/**
 * |a ∩ b| within words [from, to), or some count above `limit` as soon as it passes it. Counts from
 * the highest word down: the newest works (highest ids) head the date orders whose prefixes this
 * counts, so a prefix that holds matches usually shows them in its first words.
 */
export function countAndPast(a: Bits, b: Bits, limit: number, from = 0, to = a.length): number {
  let n = 0;
  let i = Math.min(a.length, b.length, to) - 1;
  for (; i - 3 >= from && n <= limit; i -= 4)
    n +=
      popcount32(a[i]! & b[i]!) +
      popcount32(a[i - 1]! & b[i - 1]!) +
      popcount32(a[i - 2]! & b[i - 2]!) +
      popcount32(a[i - 3]! & b[i - 3]!);
  for (; i >= from && n <= limit; i--) n += popcount32(a[i]! & b[i]!);
  return n;
}

/** Words [from, to) of `b` outside which every word is zero ([0, 0) when all are). */
export function nonZeroSpan(b: Bits): { from: number; to: number } {
  let to = b.length;
  while (to > 0 && b[to - 1] === 0) to--;
  let from = 0;
  while (from < to && b[from] === 0) from++;
  return { from, to };
}

/** a ∩= b. */
export function andInto(a: Bits, b: Bits): void {
  const len = Math.min(a.length, b.length);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    a[i]! &= b[i]!;
    a[i + 1]! &= b[i + 1]!;
    a[i + 2]! &= b[i + 2]!;
    a[i + 3]! &= b[i + 3]!;
  }
  for (; i < len; i++) a[i]! &= b[i]!;
  if (len < a.length) a.fill(0, len);
}

/** a ∩= b, returning |a| after. */
export function andIntoCount(a: Bits, b: Bits): number {
  const len = Math.min(a.length, b.length);
  let n = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const x0 = a[i]! & b[i]!;
    const x1 = a[i + 1]! & b[i + 1]!;
    const x2 = a[i + 2]! & b[i + 2]!;
    const x3 = a[i + 3]! & b[i + 3]!;
    a[i] = x0;
    a[i + 1] = x1;
    a[i + 2] = x2;
    a[i + 3] = x3;
    n += popcount32(x0) + popcount32(x1) + popcount32(x2) + popcount32(x3);
  }
  for (; i < len; i++) n += popcount32((a[i]! &= b[i]!));
  if (len < a.length) a.fill(0, len);
  return n;
}

/** a ∖= b, returning |a| after. */
export function andNotIntoCount(a: Bits, b: Bits): number {
  const len = Math.min(a.length, b.length);
  let n = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const x0 = a[i]! & ~b[i]!;
    const x1 = a[i + 1]! & ~b[i + 1]!;
    const x2 = a[i + 2]! & ~b[i + 2]!;
    const x3 = a[i + 3]! & ~b[i + 3]!;
    a[i] = x0;
    a[i + 1] = x1;
    a[i + 2] = x2;
    a[i + 3] = x3;
    n += popcount32(x0) + popcount32(x1) + popcount32(x2) + popcount32(x3);
  }
  for (; i < len; i++) n += popcount32((a[i]! &= ~b[i]!));
  for (; i < a.length; i++) n += popcount32(a[i]!);
  return n;
}

/** a = b (a keeps its length: b's bits beyond it are dropped, a's words beyond b cleared). */
export function copyBits(a: Bits, b: Bits): void {
  const len = Math.min(a.length, b.length);
  a.set(len === b.length ? b : b.subarray(0, len));
  if (len < a.length) a.fill(0, len);
}

/** a ∖= b. */
export function andNotInto(a: Bits, b: Bits): void {
  const len = Math.min(a.length, b.length);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    a[i]! &= ~b[i]!;
    a[i + 1]! &= ~b[i + 1]!;
    a[i + 2]! &= ~b[i + 2]!;
    a[i + 3]! &= ~b[i + 3]!;
  }
  for (; i < len; i++) a[i]! &= ~b[i]!;
}

/** a ∪= b (bits of b beyond a's length are dropped). */
export function orInto(a: Bits, b: Bits): void {
  const len = Math.min(a.length, b.length);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    a[i]! |= b[i]!;
    a[i + 1]! |= b[i + 1]!;
    a[i + 2]! |= b[i + 2]!;
    a[i + 3]! |= b[i + 3]!;
  }
  for (; i < len; i++) a[i]! |= b[i]!;
}

/** Sets the bits of sorted or unsorted ids (ids beyond the bitset are dropped). */
export function setIds(b: Bits, ids: ArrayLike<number>, from = 0, to = ids.length): void {
  const limit = b.length << 5;
  for (let k = from; k < to; k++) {
    const i = ids[k]!;
    if (i < limit) b[i >>> 5]! |= 1 << (i & 31);
  }
}

export function clearIds(b: Bits, ids: ArrayLike<number>, from = 0, to = ids.length): void {
  const limit = b.length << 5;
  for (let k = from; k < to; k++) {
    const i = ids[k]!;
    if (i < limit) b[i >>> 5]! &= ~(1 << (i & 31));
  }
}

/** The set ids in ascending order. */
export function bitsToIds(b: Bits, count = popcount(b)): Uint32Array {
  const out = new Uint32Array(count);
  let k = 0;
  for (let w = 0; w < b.length; w++) {
    let v = b[w]!;
    while (v !== 0) {
      const low = v & -v;
      out[k++] = (w << 5) + (31 - Math.clz32(low));
      v ^= low;
    }
  }
  return k === count ? out : out.subarray(0, k);
}
