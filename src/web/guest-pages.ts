import { LruCache } from '../domain/lru-cache.js';
import { sharedPageBytes, type SharedPage } from './middleware/shared-page.js';

/** What counts a rendered page shows (ADR 010): set by the route, read when the page is shared. */
export interface CountsShown {
  workIds: readonly number[];
  /** A listing ordered by a count: any count change may reorder it. */
  countSorted: boolean;
}

/**
 * The shared guest pages (ADR 007), keyed by change stamp and URL, and which of them show counts:
 * a count change drops the pages that show the work (and every count-sorted listing), not the
 * whole cache, since counts do not move the change stamp.
 */
export class GuestPages {
  private readonly pages: LruCache<SharedPage>;
  private readonly byWork = new Map<number, Set<string>>();
  private readonly countSorted = new Set<string>();
  private indexed = 0;

  constructor(maxBytes: number) {
    this.pages = new LruCache<SharedPage>(maxBytes, sharedPageBytes);
  }

  get(key: string): SharedPage | undefined {
    return this.pages.get(key);
  }

  set(key: string, page: SharedPage, shows: CountsShown | undefined): void {
    this.pages.set(key, page);
    if (!shows) return;
    for (const id of shows.workIds) {
      let keys = this.byWork.get(id);
      if (!keys) this.byWork.set(id, (keys = new Set()));
      keys.add(key);
    }
    if (shows.countSorted) this.countSorted.add(key);
    this.indexed += shows.workIds.length;
    // Keys of pages the LRU let go stay in the index until it has grown well past the cache.
    if (this.indexed > 4 * this.pages.size + 10_000) this.sweep();
  }

  /** Drops the pages that show these works' counts, and the count-sorted listings (`all`: every page that shows counts). */
  dropForCounts(workIds: readonly number[], all: boolean): void {
    const drop = (key: string) => this.pages.delete(key);
    if (all) {
      for (const keys of this.byWork.values()) keys.forEach(drop);
      this.byWork.clear();
      this.indexed = 0;
    } else {
      for (const id of workIds) {
        const keys = this.byWork.get(id);
        if (!keys) continue;
        keys.forEach(drop);
        this.indexed -= keys.size;
        this.byWork.delete(id);
      }
    }
    this.countSorted.forEach(drop);
    this.countSorted.clear();
  }

  get size(): number {
    return this.pages.size;
  }

  get hits(): number {
    return this.pages.hits;
  }

  get misses(): number {
    return this.pages.misses;
  }

  get bytesHeld(): number {
    return this.pages.bytesHeld;
  }

  private sweep(): void {
    this.indexed = 0;
    for (const [id, keys] of this.byWork) {
      for (const k of keys) if (!this.pages.has(k)) keys.delete(k);
      if (keys.size === 0) this.byWork.delete(id);
      else this.indexed += keys.size;
    }
    for (const k of this.countSorted) if (!this.pages.has(k)) this.countSorted.delete(k);
  }
}
