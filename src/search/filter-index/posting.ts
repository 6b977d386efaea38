import {
  andNotInto,
  clearIds,
  grown,
  hasBit,
  orInto,
  popcount,
  setBit,
  setIds,
  wordsFor,
  clearBit,
  bitsToIds,
  type Bits,
} from './bitset.js';

/** Read-only view of one posting list: exactly one of `ids` (sorted, exact length) or `bits` is set. */
export interface PostingView {
  size: number;
  ids: Uint32Array | null;
  bits: Bits | null;
}

export const EMPTY_VIEW: PostingView = { size: 0, ids: new Uint32Array(0), bits: null };

/** Index of `id` in sorted `a[0..len)`, or -(insertion point) - 1. */
export function search(a: Uint32Array, len: number, id: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

export function viewHas(v: PostingView, id: number): boolean {
  if (v.bits) return hasBit(v.bits, id);
  return v.size > 0 && search(v.ids!, v.size, id) >= 0;
}

/** target ∪= v. */
export function viewOrInto(target: Bits, v: PostingView): void {
  if (v.bits) orInto(target, v.bits);
  else setIds(target, v.ids!, 0, v.size);
}

/** target ∖= v. */
export function viewClearFrom(target: Bits, v: PostingView): void {
  if (v.bits) andNotInto(target, v.bits);
  else clearIds(target, v.ids!, 0, v.size);
}

export function viewToIds(v: PostingView): Uint32Array {
  return v.bits ? bitsToIds(v.bits, v.size) : v.ids!;
}

/** Lists longer than this become bitsets: past 1/32 of the id space a bitset is the smaller. */
export const promotionSize = (capacity: number): number => Math.max(64, capacity >>> 5);

/**
 * A mutable set of work ids: a sorted array while small, a bitset once it holds more than 1/32 of
 * the id space (where the bitset is no bigger than the array would be).
 */
export class Posting {
  private ids: Uint32Array;
  private len: number;
  private bits: Bits | null = null;

  constructor(ids: Uint32Array = new Uint32Array(4), len = 0) {
    this.ids = ids;
    this.len = len;
  }

  get size(): number {
    return this.len;
  }

  view(): PostingView {
    return this.bits
      ? { size: this.len, ids: null, bits: this.bits }
      : { size: this.len, ids: this.ids.subarray(0, this.len), bits: null };
  }

  has(id: number): boolean {
    return this.bits ? hasBit(this.bits, id) : search(this.ids, this.len, id) >= 0;
  }

  /** Adds `id`; `capacity` (the id space) decides when the list becomes a bitset. */
  add(id: number, capacity: number): boolean {
    if (this.bits) {
      if (hasBit(this.bits, id)) return false;
      if (id >= this.bits.length << 5) this.bits = grown(this.bits, Math.max(wordsFor(id + 1), wordsFor(capacity)));
      setBit(this.bits, id);
      this.len++;
      return true;
    }
    const at = this.len > 0 && this.ids[this.len - 1]! < id ? -this.len - 1 : search(this.ids, this.len, id);
    if (at >= 0) return false;
    const pos = -at - 1;
    if (this.len === this.ids.length) {
      const next = new Uint32Array(Math.max(4, Math.ceil(this.len * 1.5)));
      next.set(this.ids.subarray(0, this.len));
      this.ids = next;
    }
    this.ids.copyWithin(pos + 1, pos, this.len);
    this.ids[pos] = id;
    this.len++;
    if (this.len > promotionSize(capacity)) this.promote(Math.max(capacity, id + 1));
    return true;
  }

  remove(id: number): boolean {
    if (this.bits) {
      if (!hasBit(this.bits, id)) return false;
      clearBit(this.bits, id);
      this.len--;
      return true;
    }
    const at = search(this.ids, this.len, id);
    if (at < 0) return false;
    this.ids.copyWithin(at, at + 1, this.len);
    this.len--;
    return true;
  }

  /** A posting that is already a bitset holding `count` ids. */
  static ofBits(bits: Bits, count: number): Posting {
    const p = new Posting(new Uint32Array(0), count);
    p.bits = bits;
    return p;
  }

  promote(capacity: number): void {
    if (this.bits) return;
    const bits = new Uint32Array(wordsFor(capacity));
    setIds(bits, this.ids, 0, this.len);
    this.bits = bits;
    this.ids = new Uint32Array(0);
  }

  /** For tests: the number of set bits agrees with the count kept. */
  checkCount(): boolean {
    return this.bits ? popcount(this.bits) === this.len : true;
  }
}

/**
 * Posting lists by integer key (tag, pseud, user, language): built once as one compact CSR block
 * (offsets by key into a shared id array), with keys that change afterwards, and big keys, moved
 * into their own `Posting` objects. A million rare tags then cost two typed arrays, not a million objects.
 */
export class PostingIndex {
  private readonly start: Uint32Array;
  private readonly data: Uint32Array;
  private readonly own = new Map<number, Posting>();
  /** 1 for keys of the shared block that live in `own` now (their block range is stale). */
  private readonly moved: Uint8Array;

  /**
   * `start[k]..start[k+1]` of `data` are key k's ids, ascending; `big` keys come as bitsets already.
   * Keys of the block above capacity/32 ids become bitsets too.
   */
  constructor(
    start: Uint32Array,
    data: Uint32Array,
    private capacity: number,
    big: ReadonlyMap<number, { bits: Bits; count: number }> = new Map(),
  ) {
    const keys = Math.max(0, start.length - 1);
    const promoteAt = promotionSize(capacity);
    for (const [k, b] of big) this.own.set(k, Posting.ofBits(b.bits, b.count));
    let moved = 0;
    for (let k = 0; k < keys; k++) {
      const n = start[k + 1]! - start[k]!;
      if (n <= promoteAt) continue;
      const p = new Posting(data.slice(start[k], start[k + 1]), n);
      p.promote(capacity);
      this.own.set(k, p);
      moved += n;
    }
    this.moved = new Uint8Array(keys);
    for (const k of this.own.keys()) if (k < keys) this.moved[k] = 1;
    if (moved === 0) {
      this.start = start;
      this.data = data;
      return;
    }
    // Keep only the small keys in the shared block.
    const nextStart = new Uint32Array(start.length);
    const nextData = new Uint32Array(data.length - moved);
    let at = 0;
    for (let k = 0; k < keys; k++) {
      nextStart[k] = at;
      if (this.own.has(k)) continue;
      nextData.set(data.subarray(start[k], start[k + 1]), at);
      at += start[k + 1]! - start[k]!;
    }
    nextStart[keys] = at;
    this.start = nextStart;
    this.data = nextData;
  }

  static empty(capacity: number): PostingIndex {
    return new PostingIndex(new Uint32Array(1), new Uint32Array(0), capacity);
  }

  setCapacity(capacity: number): void {
    this.capacity = capacity;
  }

  view(key: number): PostingView {
    const p = this.own.get(key);
    if (p) return p.view();
    if (key + 1 >= this.start.length || key < 0) return EMPTY_VIEW;
    const from = this.start[key]!;
    const to = this.start[key + 1]!;
    return { size: to - from, ids: this.data.subarray(from, to), bits: null };
  }

  size(key: number): number {
    return this.view(key).size;
  }

  private mutable(key: number): Posting {
    let p = this.own.get(key);
    if (!p) {
      const v = this.view(key);
      p = new Posting(v.size > 0 ? v.ids!.slice() : new Uint32Array(4), v.size);
      this.own.set(key, p);
      if (key < this.moved.length) this.moved[key] = 1;
    }
    return p;
  }

  add(key: number, id: number): void {
    this.mutable(key).add(id, this.capacity);
  }

  remove(key: number, id: number): void {
    if (this.view(key).size === 0) return;
    this.mutable(key).remove(id);
  }

  /** One past the largest key that may have ids. */
  keyLimit(): number {
    let n = Math.max(0, this.start.length - 1);
    for (const k of this.own.keys()) n = Math.max(n, k + 1);
    return n;
  }

  /** Keys with at least one id. */
  *keys(): Iterable<number> {
    for (let k = 0; k + 1 < this.start.length; k++)
      if (this.moved[k] === 0 && this.start[k + 1]! > this.start[k]!) yield k;
    for (const [k, p] of this.own) if (p.size > 0) yield k;
  }

  /** Rough bytes held. */
  bytes(): number {
    let n = this.start.byteLength + this.data.byteLength;
    for (const p of this.own.values()) {
      const v = p.view();
      n += 64 + (v.bits ? v.bits.byteLength : v.size * 4 * 1.5);
    }
    return n;
  }
}

/**
 * Builds posting lists from (key, id) pairs given in ascending id order (so each key's ids come
 * sorted): counts first, then one block for the small keys and a bitset for each big one, so that
 * nothing is copied afterwards.
 */
export class CsrBuilder {
  private readonly counts: Uint32Array;
  private start: Uint32Array | null = null;
  private fill: Uint32Array | null = null;
  private data: Uint32Array | null = null;
  private readonly big = new Map<number, { bits: Bits; count: number }>();

  constructor(
    private readonly keys: number,
    private readonly capacity: number,
  ) {
    this.counts = new Uint32Array(keys + 1);
  }

  count(key: number): void {
    this.counts[key]!++;
  }

  /** Call after every count(): allocates the id block and the big keys' bitsets. */
  allocate(): void {
    const promoteAt = promotionSize(this.capacity);
    const start = new Uint32Array(this.keys + 1);
    let at = 0;
    for (let k = 0; k < this.keys; k++) {
      start[k] = at;
      const n = this.counts[k]!;
      if (n > promoteAt) this.big.set(k, { bits: new Uint32Array(wordsFor(this.capacity)), count: n });
      else at += n;
    }
    start[this.keys] = at;
    this.start = start;
    this.fill = start.slice(0, this.keys);
    this.data = new Uint32Array(at);
  }

  put(key: number, id: number): void {
    const b = this.big.get(key);
    if (b) setBit(b.bits, id);
    else this.data![this.fill![key]!++] = id;
  }

  build(): PostingIndex {
    return new PostingIndex(this.start!, this.data!, this.capacity, this.big);
  }
}
