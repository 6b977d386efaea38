/**
 * A least-recently-used map within a budget of bytes, for what a server keeps between requests
 * (rendered pages, built downloads). Callers choose keys that change with what they cache, so an
 * entry is rarely stale; `delete` serves the few that go stale otherwise (pages showing counts).
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  private bytes = 0;
  /** The key inserted or touched last: the map's last entry while it is in the map. */
  private newest: string | undefined;
  hits = 0;
  misses = 0;

  /** `sizeOf` gives an entry's bytes: keep values whose size is known, such as buffers, not rendered strings. */
  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (v: V) => number,
  ) {}

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert to mark as most recently used, unless it already is (a page asked for over and
    // over: the delete and set cost a cached page hit ~1.5 % of its time in profiles).
    if (key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, v);
      this.newest = key;
    }
    return v;
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(value);
    if (size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) this.bytes -= this.sizeOf(old);
    this.entries.delete(key);
    this.entries.set(key, value);
    this.newest = key;
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= this.sizeOf(v);
    }
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  delete(key: string): void {
    const v = this.entries.get(key);
    if (v === undefined) return;
    this.entries.delete(key);
    this.bytes -= this.sizeOf(v);
    if (this.newest === key) this.newest = undefined;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held now. */
  get bytesHeld(): number {
    return this.bytes;
  }
}
