import { clearBit, grown, hasBit, popcount, setBit, wordsFor, type Bits } from './bitset.js';
import { Forward } from './forward.js';
import { PostingIndex } from './posting.js';
import { COUNT_ORDERS, SortOrders, type OrderColumns } from './sort-orders.js';
import type { WorkCounts } from '../../store/count-changes.store.js';
import { Interner, isoMs, tagTypeCode, type TagRecord, type WorkRecord } from './records.js';
import { likeMatcher } from './like.js';
import { ByteStrings } from './byte-strings.js';
import { TagUnions } from './tag-unions.js';
import { PREFIXED_ORDERS, type PrefixedOrder, type RangePrefixes } from './range-prefixes.js';

const grow64 = (a: Float64Array, n: number) => (a.length >= n ? a : copyInto(new Float64Array(n), a));
const grow32 = (a: Uint32Array, n: number) => (a.length >= n ? a : copyInto(new Uint32Array(n), a));
const grow16 = (a: Uint16Array, n: number) => (a.length >= n ? a : copyInto(new Uint16Array(n), a));

function copyInto<T extends Float64Array | Uint32Array | Uint16Array | Int32Array | Uint8Array>(to: T, from: T): T {
  to.set(from);
  return to;
}

/** Tag ids a LIKE pattern matches, kept current as tags arrive or are renamed. */
interface PatternEntry {
  tags: Set<number>;
  match: (s: string) => boolean;
  /** How much of `tagLog` has been tested. */
  seen: number;
  namesVersion: number;
}

/**
 * Everything the index holds, by work id: flags as bitsets, columns as typed arrays, posting lists by
 * tag, pseud, user, language and series, the works' own tags and pseuds, the nine listing orders,
 * and the tags' names, types and mergers. Changed only through `replaceWorks`, `updateCounts` and
 * `setTags`.
 */
export class IndexState implements OrderColumns {
  capacity: number;
  live: Bits;
  posted: Bits;
  /** Posted and not restricted: what a guest may list. */
  open: Bits;
  crossover: Bits;
  complete: Bits;
  /** Posted works whose updated_at or published_at text is not in toISOString's layout. */
  oddDates: Bits;
  oddDateCount = 0;

  updated: Float64Array;
  published: Float64Array;
  words: Uint32Array;
  kudos: Uint32Array;
  hits: Uint32Array;
  bookmarks: Uint32Array;
  comments: Uint32Array;
  creatorKey: Uint32Array;
  language: Uint16Array;
  titles: ByteStrings;
  readonly creators = new Interner();
  readonly languages = new Interner();

  tags: PostingIndex;
  pseuds: PostingIndex;
  users: PostingIndex;
  langs: PostingIndex;
  tagFwd: Forward = Forward.empty();
  pseudFwd: Forward = Forward.empty();
  readonly pseudUser = new Map<number, number>();
  /** series id → work id → position. */
  readonly series = new Map<number, Map<number, number>>();
  readonly seriesOf = new Map<number, number[]>();

  readonly tagNames = new ByteStrings();
  tagType = new Uint8Array(0);
  /** Canonical tag of a synonym (0: none). */
  tagMerger = new Int32Array(0);
  /** Scratch marks by tag id for one query's tests (queries run one at a time, synchronously). */
  tagMark = new Uint8Array(0);
  private readonly buffers: Bits[] = [];
  /** Tag ids in the order the index learned them, so cached patterns test only newcomers. */
  readonly tagLog: number[] = [];
  private namesVersion = 0;
  private readonly patterns = new Map<string, PatternEntry>();

  orders!: SortOrders;
  /** Prefix bitsets of the orders that ranges filter on, and of published, for walks that start deep (see range-prefixes.ts). */
  ranges!: Record<PrefixedOrder, RangePrefixes>;
  /** Bitsets of the tag sets listings use (see tag-unions.ts). */
  readonly unions = new TagUnions();
  /** Bumped by every change, so per-query caches know when to recompute. */
  version = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    const words = wordsFor(capacity);
    this.live = new Uint32Array(words);
    this.posted = new Uint32Array(words);
    this.open = new Uint32Array(words);
    this.crossover = new Uint32Array(words);
    this.complete = new Uint32Array(words);
    this.oddDates = new Uint32Array(words);
    this.updated = new Float64Array(capacity);
    this.published = new Float64Array(capacity);
    this.words = new Uint32Array(capacity);
    this.kudos = new Uint32Array(capacity);
    this.hits = new Uint32Array(capacity);
    this.bookmarks = new Uint32Array(capacity);
    this.comments = new Uint32Array(capacity);
    this.creatorKey = new Uint32Array(capacity);
    this.language = new Uint16Array(capacity);
    // Room for titles of about 24 bytes up front: growing by copies would churn memory in the build.
    this.titles = new ByteStrings(capacity, capacity * 24);
    this.tags = PostingIndex.empty(capacity);
    this.pseuds = PostingIndex.empty(capacity);
    this.users = PostingIndex.empty(capacity);
    this.langs = PostingIndex.empty(capacity);
  }

  get creatorNames(): string[] {
    return this.creators.names;
  }

  /** Makes room for work ids below `id + 1`, with slack so that growth is rare. */
  ensureCapacity(id: number): void {
    if (id < this.capacity) return;
    const cap = Math.ceil(Math.max(id + 1, this.capacity * 1.125) / 1024) * 1024;
    const words = wordsFor(cap);
    for (const k of ['live', 'posted', 'open', 'crossover', 'complete', 'oddDates'] as const)
      this[k] = grown(this[k], words);
    this.updated = grow64(this.updated, cap);
    this.published = grow64(this.published, cap);
    for (const k of ['words', 'kudos', 'hits', 'bookmarks', 'comments', 'creatorKey'] as const)
      this[k] = grow32(this[k], cap);
    this.language = grow16(this.language, cap);
    for (const p of [this.tags, this.pseuds, this.users, this.langs]) p.setCapacity(cap);
    this.capacity = cap;
  }

  /** Writes a work's flags and columns (not its postings or orders). Used by the build and by changes. */
  writeColumns(r: WorkRecord): void {
    const id = r.id;
    setBit(this.live, id);
    if (r.posted) setBit(this.posted, id);
    if (r.posted && !r.restricted) setBit(this.open, id);
    if (r.crossover) setBit(this.crossover, id);
    if (r.complete) setBit(this.complete, id);
    const up = isoMs(r.updatedAt);
    const pub = isoMs(r.publishedAt);
    if (r.posted && (up === undefined || pub === undefined)) {
      setBit(this.oddDates, id);
      this.oddDateCount++;
    }
    this.updated[id] = up ?? 0;
    this.published[id] = pub ?? -1;
    this.words[id] = r.wordCount;
    this.kudos[id] = r.kudos;
    this.hits[id] = r.hits;
    this.bookmarks[id] = r.bookmarks;
    this.comments[id] = r.comments;
    this.titles.set(id, r.sortTitle);
    this.creatorKey[id] = this.creators.id(r.sortCreator);
    this.language[id] = this.languages.id(r.language);
  }

  private clearColumns(id: number): void {
    for (const b of [this.live, this.posted, this.open, this.crossover, this.complete]) clearBit(b, id);
    if (hasBit(this.oddDates, id)) {
      clearBit(this.oddDates, id);
      this.oddDateCount--;
    }
  }

  private unlink(id: number): void {
    for (const t of this.tagFwd.get(id)) this.tags.remove(t, id);
    const users = new Set<number>();
    for (const p of this.pseudFwd.get(id)) {
      this.pseuds.remove(p, id);
      const u = this.pseudUser.get(p);
      if (u !== undefined) users.add(u);
    }
    for (const u of users) this.users.remove(u, id);
    this.langs.remove(this.language[id]!, id);
    for (const s of this.seriesOf.get(id) ?? []) this.series.get(s)?.delete(id);
    this.seriesOf.delete(id);
    this.tagFwd.set(id, new Uint32Array(0));
    this.pseudFwd.set(id, new Uint32Array(0));
  }

  private link(r: WorkRecord): void {
    const id = r.id;
    for (const t of r.tags) this.tags.add(t, id);
    this.tagFwd.set(id, Uint32Array.from(r.tags));
    const users = new Set<number>();
    for (const c of r.creators) {
      this.pseuds.add(c.pseudId, id);
      this.pseudUser.set(c.pseudId, c.userId);
      users.add(c.userId);
    }
    for (const u of users) this.users.add(u, id);
    this.pseudFwd.set(id, Uint32Array.from(r.creators.map((c) => c.pseudId)));
    this.langs.add(this.language[id]!, id);
    this.addSeries(r);
  }

  addSeries(r: WorkRecord): void {
    if (r.series.length === 0) return;
    for (const s of r.series) {
      let m = this.series.get(s.seriesId);
      if (!m) this.series.set(s.seriesId, (m = new Map<number, number>()));
      m.set(r.id, s.position);
    }
    this.seriesOf.set(
      r.id,
      r.series.map((s) => s.seriesId),
    );
  }

  /** Applies the current state of changed works: a record, or null for a work that is gone. */
  replaceWorks(changed: Map<number, WorkRecord | null>): void {
    const ids = [...changed.keys()];
    // Out of the orders first, while the columns still hold the values they were sorted by.
    this.orders.remove(ids);
    for (const id of ids) {
      if (id < this.capacity && hasBit(this.live, id)) {
        this.unlink(id);
        this.clearColumns(id);
      }
      const r = changed.get(id);
      if (!r) continue;
      this.ensureCapacity(id);
      this.writeColumns(r);
      this.link(r);
    }
    this.orders.insert(ids.filter((id) => changed.get(id)));
    this.unions.update(ids, (id) => this.tagFwd.get(id));
    const inOrder = (id: number) => this.orders.has(id);
    for (const key of PREFIXED_ORDERS) this.ranges[key].update(ids, this[key], inOrder);
    this.version++;
  }

  /**
   * Applies new counts of works (ADR 010): only the count columns and the orders sorted by them
   * change, not the postings. Works the index does not hold are left to the change log.
   */
  updateCounts(counts: Map<number, WorkCounts>): void {
    const ids = [...counts.keys()].filter((id) => id < this.capacity && hasBit(this.live, id));
    if (ids.length === 0) return;
    this.orders.move(ids, COUNT_ORDERS, () => {
      for (const id of ids) {
        const c = counts.get(id)!;
        this.kudos[id] = c.kudos;
        this.hits[id] = c.hits;
        this.comments[id] = c.comments;
        this.bookmarks[id] = c.bookmarks;
      }
    });
    this.version++;
  }

  /** Learns or refreshes tags (names for patterns, types and mergers for facets). */
  setTags(tags: TagRecord[]): void {
    let maxId = -1;
    for (const t of tags) maxId = Math.max(maxId, t.id);
    if (maxId >= this.tagType.length) {
      const n = Math.ceil((maxId + 1) * 1.125) + 64;
      this.tagType = copyInto(new Uint8Array(n), this.tagType);
      this.tagMerger = copyInto(new Int32Array(n), this.tagMerger);
    }
    for (const t of tags) {
      const before = this.tagNames.get(t.id);
      if (before === undefined) this.tagLog.push(t.id);
      else if (before !== t.nameKey) this.namesVersion++;
      if (before !== t.nameKey) this.tagNames.set(t.id, t.nameKey);
      this.tagType[t.id] = tagTypeCode(t.type);
      this.tagMerger[t.id] = t.mergerId ?? 0;
    }
    this.version++;
  }

  knowsTag(id: number): boolean {
    return this.tagNames.has(id);
  }

  /** Tag ids whose name key matches a LIKE pattern, cached per pattern. */
  tagsLike(pattern: string, foldAsciiCase: boolean): Set<number> {
    let e = this.patterns.get(pattern);
    if (!e || e.namesVersion !== this.namesVersion) {
      e = { tags: new Set(), match: likeMatcher(pattern, foldAsciiCase), seen: 0, namesVersion: this.namesVersion };
      if (this.patterns.size >= 2000) this.patterns.delete(this.patterns.keys().next().value!);
      this.patterns.set(pattern, e);
    }
    for (; e.seen < this.tagLog.length; e.seen++) {
      const id = this.tagLog[e.seen]!;
      if (e.match(this.tagNames.get(id)!)) e.tags.add(id);
    }
    return e.tags;
  }

  private counts = new Map<Bits, number>();
  private countsVersion = -1;

  /** How many works one of the state's flag bitsets holds, counted once per change. */
  countOf(bits: Bits): number {
    if (this.countsVersion !== this.version) {
      this.counts = new Map();
      this.countsVersion = this.version;
    }
    let n = this.counts.get(bits);
    if (n === undefined) this.counts.set(bits, (n = popcount(bits)));
    return n;
  }

  /** A reusable bitset the size of the id space (its contents are whatever the last query left). */
  buffer(slot: number): Bits {
    const words = wordsFor(this.capacity);
    let b = this.buffers[slot];
    if (!b || b.length !== words) this.buffers[slot] = b = new Uint32Array(words);
    return b;
  }
}
