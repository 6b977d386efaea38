import { LruCache } from '../domain/lru-cache.js';
import { GuestPages } from './guest-pages.js';

/** Rendered pages kept between requests by one server (main.ts makes them; each test app its own). */
export interface PageCaches {
  /** Whole pages shared by visitors without a cookie, keyed by change stamp and URL (ADR 007). */
  guestPages: GuestPages;
  /**
   * Rendered work and chapter text, keyed by the work's version. Kept as UTF-8 bytes: the string
   * hono/jsx renders is a rope of thousands of small pieces, which held about four times its length
   * in heap while cached.
   */
  workFragments: LruCache<Buffer>;
}

export function createPageCaches(): PageCaches {
  return {
    guestPages: new GuestPages(32 * 1024 * 1024),
    // Entire works of popular multi-chapter fics are the big entries.
    workFragments: new LruCache<Buffer>(32 * 1024 * 1024, (b) => b.length),
  };
}
