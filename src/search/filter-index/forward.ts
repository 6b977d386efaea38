const NONE = new Uint32Array(0);

/**
 * Values per work id (its tags, its pseuds): one CSR block from the build, and the works that changed
 * since in a map beside it. Needed to take a changed work out of its old posting lists, to test a few
 * candidate works against a big tag set, and to count facets.
 */
export class Forward {
  private readonly own = new Map<number, Uint32Array>();

  /** `start[w]..start[w+1]` of `data` are work w's values. */
  constructor(
    private readonly start: Uint32Array,
    private readonly data: Uint32Array,
  ) {}

  static empty(): Forward {
    return new Forward(new Uint32Array(1), NONE);
  }

  get(work: number): Uint32Array {
    const o = this.own.get(work);
    if (o) return o;
    if (work + 1 >= this.start.length) return NONE;
    return this.data.subarray(this.start[work], this.start[work + 1]);
  }

  /**
   * For hot loops: the shared block (work w's values are data[start[w]..start[w+1]) unless w is in
   * `changed`, and w + 1 < start.length) without allocating a view per work.
   */
  raw(): { start: Uint32Array; data: Uint32Array; changed: ReadonlyMap<number, Uint32Array> } {
    return { start: this.start, data: this.data, changed: this.own };
  }

  set(work: number, values: Uint32Array): void {
    this.own.set(work, values.length ? values : NONE);
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
  private data: Uint32Array;
  private used = 0;
  private lastWork = -1;

  constructor(maxWork: number, expected: number) {
    this.start = new Uint32Array(maxWork + 2);
    this.data = new Uint32Array(Math.max(16, expected));
  }

  /** Adds work `work`'s values; works must come in ascending order. */
  push(work: number, values: ArrayLike<number>): void {
    if (work <= this.lastWork || work + 1 >= this.start.length) throw new Error(`forward index: work ${work} out of order or range`);
    for (let w = this.lastWork + 1; w <= work; w++) this.start[w] = this.used;
    this.lastWork = work;
    if (this.used + values.length > this.data.length) {
      const next = new Uint32Array(Math.max(this.used + values.length, Math.ceil(this.data.length * 1.25)));
      next.set(this.data.subarray(0, this.used));
      this.data = next;
    }
    for (let i = 0; i < values.length; i++) this.data[this.used++] = values[i]!;
  }

  finish(): Forward {
    for (let w = this.lastWork + 1; w < this.start.length; w++) this.start[w] = this.used;
    // A view, not a copy: the slack is small (the build sizes it from a count) and a copy would double the peak.
    const data = this.data.subarray(0, this.used);
    return new Forward(this.start, data);
  }
}
