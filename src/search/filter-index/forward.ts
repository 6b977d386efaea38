/**
 * Values per work id (its tags, its pseuds), kept in 16-bit units: a value below 0x8000 is one unit;
 * a larger one (up to 2^31 − 1) is two, the first with its top bit set and the value's high bits.
 * Tag ids are mostly small (the tags works use most are the old ones), so this holds a million
 * works' thirteen million tag links in about 30 MB instead of 55.
 */
const NONE = new Uint16Array(0);
const TWO_UNITS = 0x8000;

/** Appends `v`'s units to `out` at `at`; returns the next position. */
function put(out: Uint16Array, at: number, v: number): number {
  if (v < TWO_UNITS) {
    out[at] = v;
    return at + 1;
  }
  if (v > 0x7fffffff) throw new Error(`forward index: value ${v} out of range`);
  out[at] = TWO_UNITS | (v >>> 16);
  out[at + 1] = v & 0xffff;
  return at + 2;
}

const unitsOf = (values: ArrayLike<number>): number => {
  let n = 0;
  for (let i = 0; i < values.length; i++) n += values[i]! < TWO_UNITS ? 1 : 2;
  return n;
};

export function encodeValues(values: ArrayLike<number>): Uint16Array {
  if (values.length === 0) return NONE;
  const out = new Uint16Array(unitsOf(values));
  let at = 0;
  for (let i = 0; i < values.length; i++) at = put(out, at, values[i]!);
  return out;
}

/**
 * Calls `fn` with each value encoded in `units[from, to)`. Hot loops (facets, tag tests) inline
 * the same two lines instead of paying for a call per value.
 */
export function eachValue(units: Uint16Array, from: number, to: number, fn: (v: number) => void): void {
  for (let i = from; i < to;) {
    let v = units[i++]!;
    if (v >= TWO_UNITS) v = ((v & 0x7fff) << 16) | units[i++]!;
    fn(v);
  }
}

/**
 * One CSR block from the build, and the works that changed since in a map beside it. Needed to take
 * a changed work out of its old posting lists, to test a few candidate works against a big tag set,
 * and to count facets.
 */
export class Forward {
  private readonly own = new Map<number, Uint16Array>();

  /** `start[w]..start[w+1]` of `data` are work w's units. */
  constructor(
    private readonly start: Uint32Array,
    private readonly data: Uint16Array,
  ) {}

  static empty(): Forward {
    return new Forward(new Uint32Array(1), NONE);
  }

  /** Work w's units and where they are: `units[from, to)`. */
  span(work: number): { units: Uint16Array; from: number; to: number } {
    const o = this.own.get(work);
    if (o) return { units: o, from: 0, to: o.length };
    if (work + 1 >= this.start.length) return { units: NONE, from: 0, to: 0 };
    return { units: this.data, from: this.start[work]!, to: this.start[work + 1]! };
  }

  /** Work w's values, decoded into a new array (for the rare paths; loops use `raw` or `forEach`). */
  get(work: number): number[] {
    const out: number[] = [];
    this.forEach(work, (v) => out.push(v));
    return out;
  }

  forEach(work: number, fn: (v: number) => void): void {
    const { units, from, to } = this.span(work);
    eachValue(units, from, to, fn);
  }

  /** How many values work w has. */
  count(work: number): number {
    const { units, from, to } = this.span(work);
    let n = 0;
    for (let i = from; i < to; n++) i += units[i]! < TWO_UNITS ? 1 : 2;
    return n;
  }

  /**
   * For hot loops: the shared block (work w's units are data[start[w]..start[w+1]) unless w is in
   * `changed`, and w + 1 < start.length) without allocating a view per work.
   */
  raw(): { start: Uint32Array; data: Uint16Array; changed: ReadonlyMap<number, Uint16Array> } {
    return { start: this.start, data: this.data, changed: this.own };
  }

  set(work: number, values: ArrayLike<number>): void {
    this.own.set(work, encodeValues(values));
  }

  bytes(): number {
    let n = this.start.byteLength + this.data.byteLength;
    for (const v of this.own.values()) n += 48 + v.byteLength;
    return n;
  }
}

/** Collects per-work values in ascending work order into CSR arrays, growing as it goes. */
export class ForwardBuilder {
  private start: Uint32Array;
  private data: Uint16Array;
  private used = 0;
  private lastWork = -1;

  /** `expected`: about how many values will come (the array grows past it when needed). */
  constructor(maxWork: number, expected: number) {
    this.start = new Uint32Array(maxWork + 2);
    this.data = new Uint16Array(Math.max(16, expected));
  }

  /** Adds work `work`'s values; works must come in ascending order. */
  push(work: number, values: ArrayLike<number>): void {
    if (work <= this.lastWork || work + 1 >= this.start.length)
      throw new Error(`forward index: work ${work} out of order or range`);
    for (let w = this.lastWork + 1; w <= work; w++) this.start[w] = this.used;
    this.lastWork = work;
    const units = unitsOf(values);
    if (this.used + units > this.data.length) {
      const next = new Uint16Array(Math.max(this.used + units, Math.ceil(this.data.length * 1.25)));
      next.set(this.data.subarray(0, this.used));
      this.data = next;
    }
    for (let i = 0; i < values.length; i++) this.used = put(this.data, this.used, values[i]!);
  }

  finish(): Forward {
    for (let w = this.lastWork + 1; w < this.start.length; w++) this.start[w] = this.used;
    // Copied to its exact length when the slack is large (values above 0x7fff were rarer than
    // planned for); a view otherwise, since a copy would double the build's peak.
    const data =
      this.data.length - this.used > this.data.length / 8
        ? this.data.slice(0, this.used)
        : this.data.subarray(0, this.used);
    return new Forward(this.start, data);
  }
}
