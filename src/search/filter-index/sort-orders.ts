import { clearBit, grown, hasBit, setBit, wordsFor, type Bits } from './bitset.js';
import { COUNT_SORTS, SORTS, type SortKey } from '../works-filter.js';

/** The listing orders of works-sql.ts's `ordered()` (relevance without a search is `updated`). */
export type OrderKey = Exclude<SortKey, 'relevance'>;
export const ORDER_KEYS: readonly OrderKey[] = SORTS.filter((k): k is OrderKey => k !== 'relevance');
/** The orders by a count (kudos, hits, …), which a count change moves. */
export const COUNT_ORDERS: readonly OrderKey[] = ORDER_KEYS.filter((k) => COUNT_SORTS.has(k));

/** The per-work columns the orders read; arrays may be replaced when the id space grows. */
export interface OrderColumns {
  updated: Float64Array;
  published: Float64Array;
  words: Uint32Array;
  kudos: Uint32Array;
  hits: Uint32Array;
  bookmarks: Uint32Array;
  comments: Uint32Array;
  /** Sort titles, compared as UTF-8 bytes. */
  titles: { compare(a: number, b: number): number };
  creatorKey: Uint32Array;
  creatorNames: string[];
}

/**
 * Compares strings by code point, which is the order of their UTF-8 bytes: SQLite's BINARY collation
 * and PostgreSQL's "C". JavaScript's `<` compares UTF-16 units, which puts U+E000–U+FFFF after
 * astral characters; this fixes that one case.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return fixup(x) - fixup(y);
    return x - y;
  }
  return a.length - b.length;
}

// Surrogates (D800–DFFF, astral characters) sort above E000–FFFF in code point order.
const fixup = (c: number) => (c >= 0xe000 ? c - 0x800 : c + 0x2000);

type Cmp = (a: number, b: number) => number;

function numericDesc(col: ArrayLike<number>): Cmp {
  return (a, b) => col[b]! - col[a]! || b - a;
}

/** a < b when work a is listed before work b: the exact ORDER BY of the SQL, id as the last key. */
export function comparator(key: OrderKey, c: OrderColumns): Cmp {
  switch (key) {
    case 'updated':
      return numericDesc(c.updated);
    case 'published':
      return numericDesc(c.published);
    case 'words':
      return numericDesc(c.words);
    case 'kudos':
      return numericDesc(c.kudos);
    case 'hits':
      return numericDesc(c.hits);
    case 'bookmarks':
      return numericDesc(c.bookmarks);
    case 'comments':
      return numericDesc(c.comments);
    case 'title': {
      const t = c.titles;
      return (a, b) => t.compare(a, b) || a - b;
    }
    case 'creator': {
      const k = c.creatorKey;
      const names = c.creatorNames;
      return (a, b) => (k[a] === k[b] ? 0 : compareCodePoints(names[k[a]!]!, names[k[b]!]!)) || a - b;
    }
  }
}

function numericColumn(key: OrderKey, c: OrderColumns): ArrayLike<number> | null {
  switch (key) {
    case 'title':
    case 'creator':
      return null;
    default:
      return c[key];
  }
}

/**
 * firstOf for a numeric column, listed descending by (value, id): the same answer as the
 * comparator's, with the k-th value and id held in locals so most works cost one read and one
 * comparison (a comparator call per work was most of a sparse listing's time at 1M works).
 */
function firstByValue(col: ArrayLike<number>, ids: Uint32Array, k: number): number[] {
  const size = Math.min(k, ids.length);
  const top = new Uint32Array(size);
  const vals = new Float64Array(size);
  let n = 0;
  let lastV = -Infinity;
  let lastW = -1;
  for (let i = ids.length - 1; i >= 0; i--) {
    const w = ids[i]!;
    const v = col[w]!;
    if (n === size && (v < lastV || (v === lastV && w < lastW))) continue;
    // First position whose work is listed after w.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (vals[mid]! > v || (vals[mid] === v && top[mid]! > w)) lo = mid + 1;
      else hi = mid;
    }
    if (n < size) n++;
    top.copyWithin(lo + 1, lo, n - 1);
    vals.copyWithin(lo + 1, lo, n - 1);
    top[lo] = w;
    vals[lo] = v;
    lastV = vals[n - 1]!;
    lastW = top[n - 1]!;
  }
  return Array.from(top.subarray(0, n));
}

// Ids below this pack with a value's rank into one exactly representable double (2^21 · 2^32 = 2^53).
const ID_SPAN = 2 ** 21;

/**
 * The first sort of a key. Numbers (and creators, by the rank of their name) sort natively as
 * doubles packing value rank and id — ten times faster than a comparator; titles, or ids past
 * ID_SPAN, use the comparator.
 */
function initialOrder(key: OrderKey, c: OrderColumns, ids: Uint32Array, scratch: Float64Array[]): Uint32Array {
  let max = 0;
  for (const w of ids) max = Math.max(max, w);
  if (key === 'title' || max >= ID_SPAN) return ids.slice().sort(comparator(key, c));
  let value: (w: number) => number;
  if (key === 'creator') {
    const names = c.creatorNames
      .map((_, i) => i)
      .sort((a, b) => compareCodePoints(c.creatorNames[a]!, c.creatorNames[b]!));
    const rank = new Uint32Array(c.creatorNames.length);
    names.forEach((k, i) => (rank[k] = i));
    value = (w) => rank[c.creatorKey[w]!]!;
  } else {
    const col = numericColumn(key, c)!;
    value = (w) => col[w]!;
  }
  // Three arrays of doubles shared by all keys' sorts, so the build does not churn 24 MB per key.
  while (scratch.length < 3) scratch.push(new Float64Array(ids.length));
  const [values, distinct, packed] = scratch.map((a) => a.subarray(0, ids.length)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  for (let i = 0; i < ids.length; i++) values[i] = value(ids[i]!);
  distinct.set(values);
  distinct.sort();
  let u = 0;
  for (let i = 0; i < distinct.length; i++)
    if (i === 0 || distinct[i] !== distinct[u - 1]) distinct[u++] = distinct[i]!;
  for (let i = 0; i < ids.length; i++) packed[i] = rankOf(distinct, u, values[i]!) * ID_SPAN + ids[i]!;
  packed.sort();
  // Ascending (value, id); the numeric keys list descending (value, id), i.e. the reverse.
  const out = new Uint32Array(ids.length);
  const desc = key !== 'creator';
  for (let i = 0; i < packed.length; i++) out[desc ? packed.length - 1 - i : i] = packed[i]! % ID_SPAN;
  return out;
}

function rankOf(sorted: Float64Array, len: number, v: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Fewer changed works than this are moved one by one; more are merged in one pass.
const MAX_RANKED = 3;
const ONE_BY_ONE = 24;

/** Every live work in one listing order, with ranks (position by work id) computed when needed. */
class Order {
  perm: Uint32Array;
  len = 0;
  private rankArr: Uint32Array | null = null;

  constructor(
    readonly key: OrderKey,
    initial: Uint32Array,
  ) {
    this.perm = initial;
    this.len = initial.length;
  }

  /** rank[w] = position of work w in `perm`; rebuilt after changes, on first use (in `spare` if given). */
  rank(capacity: number, spare: Uint32Array | null): Uint32Array {
    if (!this.rankArr || this.rankArr.length < capacity) {
      this.rankArr = spare && spare.length >= capacity ? spare : new Uint32Array(capacity);
      this.dirty = true;
    } else if (!this.dirty) return this.rankArr;
    const r = this.rankArr;
    const p = this.perm;
    for (let i = 0; i < this.len; i++) r[p[i]!] = i;
    this.dirty = false;
    return r;
  }

  dirty = true;

  hasRank(): boolean {
    return this.rankArr !== null;
  }

  /** Gives up the rank array (for another order to reuse). */
  dropRank(): Uint32Array | null {
    const r = this.rankArr;
    this.rankArr = null;
    return r;
  }

  /** Position of a work that is in the order, found with the columns it was placed by. */
  private find(cmp: Cmp, w: number): number {
    let lo = 0;
    let hi = this.len - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = cmp(this.perm[mid]!, w);
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid - 1;
      else return mid;
    }
    throw new Error(`filter index: work ${w} is missing from the ${this.key} order`);
  }

  private lowerBound(cmp: Cmp, w: number): number {
    let lo = 0;
    let hi = this.len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(this.perm[mid]!, w) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes works; `gone` holds their bits when there are many. */
  remove(cmp: Cmp, ids: number[], gone: Bits | null): void {
    this.dirty = true;
    if (!gone) {
      for (const w of ids) {
        const at = this.find(cmp, w);
        this.perm.copyWithin(at, at + 1, this.len);
        this.len--;
      }
      return;
    }
    let k = 0;
    for (let i = 0; i < this.len; i++) {
      const w = this.perm[i]!;
      if (!hasBit(gone, w)) this.perm[k++] = w;
    }
    this.len = k;
  }

  insert(cmp: Cmp, ids: number[]): void {
    this.dirty = true;
    if (this.len + ids.length > this.perm.length) {
      const next = new Uint32Array(Math.ceil((this.len + ids.length) * 1.125) + 64);
      next.set(this.perm.subarray(0, this.len));
      this.perm = next;
    }
    if (ids.length <= ONE_BY_ONE) {
      for (const w of ids) {
        const at = this.lowerBound(cmp, w);
        this.perm.copyWithin(at + 1, at, this.len);
        this.perm[at] = w;
        this.len++;
      }
      return;
    }
    const add = Uint32Array.from(ids).sort(cmp);
    // Merge from the back, in place: the free room is at the end.
    let i = this.len - 1;
    let j = add.length - 1;
    let out = this.len + add.length - 1;
    while (j >= 0) {
      if (i >= 0 && cmp(this.perm[i]!, add[j]!) > 0) this.perm[out--] = this.perm[i--]!;
      else this.perm[out--] = add[j--]!;
    }
    this.len += add.length;
  }

  bytes(): number {
    return this.perm.byteLength + (this.rankArr?.byteLength ?? 0);
  }
}

/** The nine listing orders of all live works, kept sorted as works change. */
export class SortOrders {
  private readonly orders: Map<OrderKey, Order>;
  private member: Bits;

  private constructor(
    private readonly cols: OrderColumns,
    orders: Map<OrderKey, Order>,
    member: Bits,
  ) {
    this.orders = orders;
    this.member = member;
  }

  /** Sorts the live works (`ids`, any order) once per key, yielding to other work between keys. */
  static async build(
    cols: OrderColumns,
    ids: Uint32Array,
    capacity: number,
    onKey?: (key: OrderKey) => void,
  ): Promise<SortOrders> {
    const orders = new Map<OrderKey, Order>();
    const scratch: Float64Array[] = [];
    for (const key of ORDER_KEYS) {
      orders.set(key, new Order(key, initialOrder(key, cols, ids, scratch)));
      onKey?.(key);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const member = new Uint32Array(wordsFor(capacity));
    for (const w of ids) setBit(member, w);
    return new SortOrders(cols, orders, member);
  }

  /**
   * Takes saved permutations of every order (a filter-index snapshot, snapshot-state.ts) instead of
   * sorting again, which takes seconds at a million works. Each must hold exactly the live works
   * `live`, in the order its key sorts them.
   */
  adoptSaved(perms: Map<OrderKey, Uint32Array>, live: Bits): void {
    for (const key of ORDER_KEYS) {
      const perm = perms.get(key);
      if (!perm) throw new Error(`the snapshot has no order ${key}`);
      const o = this.order(key);
      o.perm = perm;
      o.len = perm.length;
      o.dirty = true;
    }
    this.member = live.slice();
  }

  private order(key: OrderKey): Order {
    return this.orders.get(key)!;
  }

  /** The works in this order (a view: do not keep it across changes). */
  perm(key: OrderKey): Uint32Array {
    const o = this.order(key);
    return o.perm.subarray(0, o.len);
  }

  /** Orders whose ranks are kept, most recently used last: ranks of every order would cost 36 MB at 1M works. */
  private readonly ranked: OrderKey[] = [];

  /** Whether this order's ranks are at hand (kept and current), so using them costs nothing. */
  hasFreshRank(key: OrderKey): boolean {
    const o = this.order(key);
    return o.hasRank() && !o.dirty;
  }

  /**
   * The first `k` of `ids` in this order, by comparing their columns: one pass that keeps the best
   * `k` so far, for a short page of matches whose order has no ranks at hand (rebuilding ranks is a
   * pass over every work, milliseconds at a million; sorting all matches by comparison costs more).
   */
  firstOf(key: OrderKey, ids: Uint32Array, k: number): number[] {
    const col = numericColumn(key, this.cols);
    if (col) return firstByValue(col, ids, k);
    const cmp = comparator(key, this.cols);
    const top = new Uint32Array(Math.min(k, ids.length));
    let n = 0;
    // From the highest id down: newer works tend to come first in most orders, so few are inserted.
    for (let i = ids.length - 1; i >= 0; i--) {
      const w = ids[i]!;
      if (n === top.length && cmp(w, top[n - 1]!) >= 0) continue;
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cmp(top[mid]!, w) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (n < top.length) n++;
      top.copyWithin(lo + 1, lo, n - 1);
      top[lo] = w;
    }
    return Array.from(top.subarray(0, n));
  }

  rank(key: OrderKey, capacity: number): Uint32Array {
    const o = this.order(key);
    const at = this.ranked.indexOf(key);
    if (at >= 0) this.ranked.splice(at, 1);
    let spare: Uint32Array | null = null;
    if (!o.hasRank() && this.ranked.length >= MAX_RANKED) spare = this.order(this.ranked.shift()!).dropRank();
    this.ranked.push(key);
    return o.rank(capacity, spare);
  }

  has(w: number): boolean {
    return hasBit(this.member, w);
  }

  /** Takes works out of every order; call while the columns still hold the values they were placed by. */
  remove(ids: number[]): void {
    const present = ids.filter((w) => hasBit(this.member, w));
    if (present.length === 0) return;
    let gone: Bits | null = null;
    if (present.length > ONE_BY_ONE) {
      gone = new Uint32Array(this.member.length);
      for (const w of present) setBit(gone, w);
    }
    for (const o of this.orders.values()) o.remove(comparator(o.key, this.cols), present, gone);
    for (const w of present) clearBit(this.member, w);
  }

  /**
   * Moves works already in the orders within the orders of `keys` only, after `change` has written
   * the columns those orders read (a count change leaves the other orders as they are).
   */
  move(ids: number[], keys: readonly OrderKey[], change: () => void): void {
    const present = ids.filter((w) => hasBit(this.member, w));
    let gone: Bits | null = null;
    if (present.length > ONE_BY_ONE) {
      gone = new Uint32Array(this.member.length);
      for (const w of present) setBit(gone, w);
    }
    for (const key of keys) this.order(key).remove(comparator(key, this.cols), present, gone);
    change();
    for (const key of keys) this.order(key).insert(comparator(key, this.cols), present);
  }

  /** Puts works (not in the orders) into every order by their current column values. */
  insert(ids: number[]): void {
    if (ids.length === 0) return;
    const last = ids.reduce((m, w) => Math.max(m, w), 0);
    this.member = grown(this.member, wordsFor(last + 1));
    for (const o of this.orders.values()) o.insert(comparator(o.key, this.cols), ids);
    for (const w of ids) setBit(this.member, w);
  }

  bytes(): number {
    let n = this.member.byteLength;
    for (const o of this.orders.values()) n += o.bytes();
    return n;
  }
}
