import type { IncomingMessage, ServerResponse } from 'node:http';
import crypto from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, WebDeps } from '../context.js';
import { canShareRenderedPage, guestViewer } from '../../policies/index.js';
import { changeStamp, changeStampNow } from '../../store/work-changes.store.js';
import { FragmentCache } from '../pages/fragment-cache.js';
import { SECURITY_HEADERS } from './request-context.js';
import { sharedHitViaLogger } from '../../request-log.js';

// Pages whose content depends only on works, tags and series — all of which log to work_changes.
// Member and pseud pages are left out: a new pseud is not a logged change.
const SHAREABLE = /^\/(?:works(?:\/\d+(?:\/chapters\/\d+)?)?|search|tags\/[^/]+(?:\/works)?|series\/\d+)$/;

/** A rendered page as any guest gets it: the bytes, and the headers the route set. */
interface SharedPage {
  body: Buffer;
  headers: Array<[string, string]>;
  /**
   * The same headers plus the fixed ones, flat, as the shortcut writes them (made on first use),
   * ending with the request id's and the policy count's values: filled in just before each write.
   */
  raw?: string[];
}

// One cache per database: tests (and tools) run several archives in one process.
const caches = new WeakMap<object, FragmentCache<SharedPage>>();
function cacheFor(db: object): FragmentCache<SharedPage> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new FragmentCache<SharedPage>(32 * 1024 * 1024, (p) => p.body.length + 256)));
  return cache;
}

/** How many requests `answerGuestPageHit` answered in this process (diagnostics and tests). */
export const guestShortcutStats = { answered: 0 };

/** Whether a request may be answered with a page shared by every guest (no cookie, no credentials). */
function shareable(method: string | undefined, path: string, cookie: string | undefined, authorization: string | undefined): boolean {
  return method === 'GET' && !cookie && !authorization && SHAREABLE.test(path);
}

/** The cache key: the change stamp, then the path and query exactly as asked. */
function keyOf(stamp: string, pathAndQuery: string): string {
  return `${stamp} ${pathAndQuery}`;
}

/**
 * Whole pages for visitors without a cookie or credentials, kept per process and keyed by the
 * newest logged change: any post, edit, deletion or wrangling change (in this process or another)
 * moves that number, so the next request renders afresh. Costs one indexed query per hit.
 * This middleware fills the cache (and answers from it under `app.request`); the server answers
 * hits before Hono with `answerGuestPageHit`.
 */
export const guestPageCache = createMiddleware<AppEnv>(async (c, next) => {
  if (!shareable(c.req.method, c.req.path, c.req.header('cookie'), c.req.header('authorization'))) return next();
  const viewer = guestViewer();
  if (!canShareRenderedPage(viewer)) return next();
  const deps = c.get('deps');
  const pages = cacheFor(deps.db);
  const url = new URL(c.req.url);
  const key = keyOf(await changeStamp(deps.db), `${url.pathname}${url.search}`);
  const hit = pages.get(key);
  if (hit !== undefined) {
    c.set('viewer', viewer);
    return c.body(new Uint8Array(hit.body), 200, Object.fromEntries(hit.headers));
  }
  await next();
  const res = c.res;
  // Only what any guest would get: a plain 200 page that started no session.
  if (res.status === 200 && !res.headers.has('set-cookie') && (res.headers.get('content-type') ?? '').startsWith('text/html')) {
    const headers = [...res.headers.entries()].filter(([name]) => name !== 'content-length');
    pages.set(key, { body: Buffer.from(await res.clone().arrayBuffer()), headers });
  }
});

/**
 * Answers a request from the shared guest pages straight from node's request, skipping the router
 * and the middleware stack (a cache hit then costs a fraction of a rendered page). Same headers as
 * the app would send, same policy question, same log line. False when the app must answer.
 * Synchronous where the change stamp can be read at once (SQLite), a promise where it cannot.
 */
export function answerGuestPageHit(deps: WebDeps, req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!shareable(req.method, path, req.headers.cookie, req.headers.authorization)) return false;
  const started = performance.now();
  const viewer = guestViewer();
  if (!canShareRenderedPage(viewer)) return false;
  const pages = caches.get(deps.db);
  if (!pages || pages.size === 0) return false;
  // The app keys by URL's normalised path and query; take the shortcut only where they coincide.
  if (!/^[\w\-./~%]*(?:\?[\w\-.~%&=+*:,]*)?$/.test(url) || path.includes('//') || path.includes('/.') || /%2e/i.test(path)) return false;
  const send = (stamp: string): boolean => {
    const hit = pages.get(keyOf(stamp, url));
    if (!hit) return false;
    const requestId = crypto.randomUUID();
    // One flat header list per page, built once: writeHead with an array skips node's header map
    // and reads the list before it returns, so the last two values can be filled in per request.
    const raw = (hit.raw ??= [...hit.headers.flat(), ...Object.entries(SECURITY_HEADERS).flat(), 'content-length', String(hit.body.length), 'x-request-id', '', 'x-quire-policy-checks', '']);
    raw[raw.length - 3] = requestId;
    raw[raw.length - 1] = String(viewer.decisions.length);
    res.writeHead(200, raw);
    res.end(hit.body);
    guestShortcutStats.answered++;
    const ms = Math.round(performance.now() - started);
    (deps.logSharedHit ?? sharedHitViaLogger(deps.logger))(requestId, path, ms);
    return true;
  };
  const stamp = changeStampNow(deps.db);
  return stamp === undefined ? changeStamp(deps.db).then(send) : send(stamp);
}
