import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { canShareRenderedPage, guestViewer } from '../../policies/index.js';
import { latestChangeSeq } from '../../store/work-changes.store.js';
import { FragmentCache } from '../pages/fragment-cache.js';

// Pages whose content depends only on works, tags and series — all of which log to work_changes.
// Member and pseud pages are left out: a new pseud is not a logged change.
const SHAREABLE = /^\/(?:works(?:\/\d+(?:\/chapters\/\d+)?)?|search|tags\/[^/]+(?:\/works)?|series\/\d+)$/;

// One cache per database: tests (and tools) run several archives in one process.
const caches = new WeakMap<object, FragmentCache>();
function cacheFor(db: object): FragmentCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new FragmentCache(64 * 1024 * 1024)));
  return cache;
}

/**
 * Whole pages for visitors without a cookie or credentials, kept per process and keyed by the
 * newest logged change: any post, edit, deletion or wrangling change (in this process or another)
 * moves that number, so the next request renders afresh. Costs one indexed query per hit.
 */
export const guestPageCache = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'GET' || c.req.header('cookie') || c.req.header('authorization') || !SHAREABLE.test(c.req.path)) return next();
  const viewer = guestViewer();
  if (!canShareRenderedPage(viewer)) return next();
  const { db } = c.get('deps');
  const pages = cacheFor(db);
  const url = new URL(c.req.url);
  const key = `${await latestChangeSeq(db)} ${url.pathname}${url.search}`;
  const hit = pages.get(key);
  if (hit !== undefined) {
    c.set('viewer', viewer);
    return c.html(hit);
  }
  await next();
  const res = c.res;
  // Only what any guest would get: a plain 200 page that started no session.
  if (res.status === 200 && !res.headers.has('set-cookie') && (res.headers.get('content-type') ?? '').startsWith('text/html')) {
    pages.set(key, await res.clone().text());
  }
});
