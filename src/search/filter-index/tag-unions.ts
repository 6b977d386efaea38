import { clearBit, hasBit, popcount, roomFor, setBit, wordsFor, type Bits } from './bitset.js';
import { viewOrInto, type PostingView } from './posting.js';

interface Union {
  keys: ReadonlySet<number>;
  bits: Bits;
  size: number;
}

/** At most this many unions, of at most this many bytes in all (128 unions at a million works). */
export const MAX_UNIONS = 256;
export const UNION_BYTES = 16 * 1024 * 1024;

/** The most the unions take for an id space of `capacity` works. */
export const unionBudget = (capacity: number): number => Math.min(UNION_BYTES, MAX_UNIONS * wordsFor(capacity) * 4);

/** Past this many works changed at once, dropping every union is cheaper than correcting each. */
const MAX_CORRECTED = 1000;

/**
 * The works carrying any tag of a set, kept as one bitset, for the sets listings ask for again and
 * again: a canonical tag with its synonyms and sub tags, a list of exclusions, a reader's blocklist.
 * Without it each listing merges the set's posting lists anew (at a million works, a popular meta
 * tag is a few bitsets and some 60,000 ids; ten popular exclusions, 24 bitsets and 450,000 ids).
 * A union is made on first use, kept exact as works change (each changed work's bit is worked out
 * again from its own tags), and the least recently used go past the byte budget. Tag wrangling
 * changes which set a name stands for, not the works of a set, so it needs nothing here.
 */
export class TagUnions {
  private readonly unions = new Map<string, Union>();
  private bytes = 0;

  constructor(private readonly maxBytes = UNION_BYTES) {}

  /** The union of `views`, the posting lists of `keys` (made now if need be), as bits and a count. */
  get(keys: readonly number[], views: readonly PostingView[], capacity: number): { bits: Bits; size: number } {
    const key = [...keys].sort((a, b) => a - b).join(',');
    const hit = this.unions.get(key);
    if (hit) {
      // Most recently used last.
      this.unions.delete(key);
      this.unions.set(key, hit);
      return hit;
    }
    const bits = new Uint32Array(wordsFor(capacity));
    for (const v of views) if (v.size > 0) viewOrInto(bits, v);
    const made: Union = { keys: new Set(keys), bits, size: popcount(bits) };
    this.bytes += bits.byteLength;
    this.unions.set(key, made);
    for (const [k, u] of this.unions) {
      if ((this.bytes <= this.maxBytes && this.unions.size <= MAX_UNIONS) || u === made) break;
      this.unions.delete(k);
      this.bytes -= u.bits.byteLength;
    }
    return made;
  }

  /** Works changed: their bits follow their tags now (`tagsOf` gives none for a work that is gone). */
  update(ids: readonly number[], tagsOf: (w: number) => readonly number[]): void {
    if (this.unions.size === 0) return;
    if (ids.length > MAX_CORRECTED) {
      this.clear();
      return;
    }
    const tags = ids.map(tagsOf);
    for (const u of this.unions.values()) {
      for (let i = 0; i < ids.length; i++) {
        const w = ids[i]!;
        const want = tags[i]!.some((t) => u.keys.has(t));
        if (want === hasBit(u.bits, w)) continue;
        if (want) {
          this.bytes -= u.bits.byteLength;
          u.bits = roomFor(u.bits, w);
          this.bytes += u.bits.byteLength;
          setBit(u.bits, w);
          u.size++;
        } else {
          clearBit(u.bits, w);
          u.size--;
        }
      }
    }
  }

  clear(): void {
    this.unions.clear();
    this.bytes = 0;
  }

  /** How many unions are held (for tests). */
  get count(): number {
    return this.unions.size;
  }
}
