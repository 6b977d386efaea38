import type { IncomingMessage, ServerResponse } from 'node:http';
import crypto from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { timedSync } from '../../domain/stage-clock.js';
import type { AppEnv, WebDeps } from '../context.js';
import { canShareRenderedPage, guestViewer } from '../../policies/index.js';
import { SECURITY_HEADERS } from './request-context.js';
import { acceptsGzip } from '../accept-encoding.js';
import { sharedPage, variantFor } from './shared-page.js';
import { rawClientIp, rawHeader, recordSharedView } from '../hits.js';
import { clientIp } from './client-ip.js';

// Pages whose content depends only on works, tags and series — all of which log to work_changes.
// Member and pseud pages are left out: a new pseud is not a logged change.
const SHAREABLE = /^\/(?:works(?:\/\d+(?:\/chapters\/\d+)?)?|search|tags\/[^/]+(?:\/works)?|series\/\d+)$/;

/** How many requests `answerGuestPageHit` answered in this process (diagnostics and tests). */
export const guestShortcutStats = { answered: 0 };

/** Whether a request may be answered with a page shared by every guest (no cookie, no credentials). */
function shareable(method: string | undefined, path: string, credentials: boolean): boolean {
  return method === 'GET' && !credentials && SHAREABLE.test(path);
}

// What the shortcut needs from a request's headers, read in one pass (see requestFlags).
const CREDENTIALS = 1;
const GZIP = 2;

/**
 * Whether a request sends a cookie or credentials, and whether it takes gzip, read from its raw
 * header list: asking node for `req.headers` builds a header object for the request, which the
 * shortcut otherwise never needs. As with `req.headers`, a header sent empty counts as not sent.
 */
function requestFlags(raw: string[]): number {
  let flags = 0;
  // Several Accept-Encoding lines count as one list, as node and Hono join them.
  let encodings: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    if (value === '' || (name.length !== 6 && name.length !== 13 && name.length !== 15)) continue;
    const lower = name.toLowerCase();
    if (lower === 'cookie' || lower === 'authorization') flags |= CREDENTIALS;
    else if (lower === 'accept-encoding') encodings = encodings === undefined ? value : `${encodings}, ${value}`;
  }
  return acceptsGzip(encodings) ? flags | GZIP : flags;
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
  if (!shareable(c.req.method, c.req.path, !!(c.req.header('cookie') || c.req.header('authorization')))) return next();
  const viewer = guestViewer();
  if (!canShareRenderedPage(viewer)) return next();
  const deps = c.get('deps');
  const pages = deps.pageCaches.guestPages;
  const url = new URL(c.req.url);
  const key = keyOf(await deps.search.signal.stamp(), `${url.pathname}${url.search}`);
  const gzip = acceptsGzip(c.req.header('accept-encoding'));
  const hit = pages.get(key);
  if (hit !== undefined) {
    c.set('viewer', viewer);
    recordSharedView(deps.hits, c.req.path, () => ({ address: clientIp(c), userAgent: c.req.header('user-agent') }));
    const v = variantFor(hit, gzip);
    return c.body(new Uint8Array(v.body), 200, Object.fromEntries(v.headers));
  }
  await next();
  const res = c.res;
  // Only what any guest would get: a plain 200 page that started no session.
  if (
    res.status === 200 &&
    !res.headers.has('set-cookie') &&
    (res.headers.get('content-type') ?? '').startsWith('text/html')
  ) {
    const rendered = c.get('renderedPage');
    const body = rendered?.res === res ? rendered.bytes : Buffer.from(await res.clone().arrayBuffer());
    const page = timedSync(c.get('stages'), 'compress', () => sharedPage(body, [...res.headers.entries()]));
    pages.set(key, page, c.get('countsShown'));
    // The first guest gets what the next ones will: the same bytes and headers.
    const v = variantFor(page, gzip);
    c.res = new Response(new Uint8Array(v.body), { status: 200, headers: v.headers });
    // Hono copies the rendered response's headers onto the new one: put this variant's back.
    c.res.headers.delete('content-length');
    for (const [name, value] of v.headers) c.res.headers.set(name, value);
  }
});

/**
 * Answers a request from the shared guest pages straight from node's request, skipping the router
 * and the middleware stack (a cache hit then costs a fraction of a rendered page). Same headers as
 * the app would send, same policy question, same log line. False when the app must answer.
 * Synchronous where the change stamp can be read at once (SQLite), a promise where it cannot.
 */
export function answerGuestPageHit(
  deps: WebDeps,
  req: IncomingMessage,
  res: ServerResponse,
): boolean | Promise<boolean> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const flags = requestFlags(req.rawHeaders);
  if (!shareable(req.method, path, (flags & CREDENTIALS) !== 0)) return false;
  const started = performance.now();
  const viewer = guestViewer();
  if (!canShareRenderedPage(viewer)) return false;
  const pages = deps.pageCaches?.guestPages;
  const signal = deps.search?.signal;
  if (!pages || !signal || pages.size === 0) return false;
  // The app keys by URL's normalised path and query; take the shortcut only where they coincide.
  if (
    !/^[\w\-./~%]*(?:\?[\w\-.~%&=+*:,]*)?$/.test(url) ||
    path.includes('//') ||
    path.includes('/.') ||
    /%2e/i.test(path)
  )
    return false;
  const send = (stamp: string): boolean => {
    const page = pages.get(keyOf(stamp, url));
    if (!page) return false;
    const hit = variantFor(page, (flags & GZIP) !== 0);
    const requestId = crypto.randomUUID();
    // One flat header list per page, built once: writeHead with an array skips node's header map
    // and reads the list before it returns, so the last two values can be filled in per request.
    const raw = (hit.raw ??= [
      ...hit.headers.flat(),
      ...Object.entries(SECURITY_HEADERS).flat(),
      'content-length',
      String(hit.body.length),
      'x-request-id',
      '',
      'x-quire-policy-checks',
      '',
    ]);
    raw[raw.length - 3] = requestId;
    raw[raw.length - 1] = String(viewer.decisions.length);
    res.writeHead(200, raw);
    res.end(hit.body);
    guestShortcutStats.answered++;
    recordSharedView(deps.hits, path, () => ({
      address: rawClientIp(deps, req),
      userAgent: rawHeader(req.rawHeaders, 'user-agent'),
    }));
    const ms = Math.round(performance.now() - started);
    deps.logger.info({ requestId, method: 'GET', path, status: 200, ms, shared: true }, 'request');
    return true;
  };
  const stamp = signal.stampNow();
  return stamp === undefined ? signal.stamp().then(send) : send(stamp);
}
