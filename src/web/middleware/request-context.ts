import crypto from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, AppDeps } from '../context.js';
import { loggedPath } from '../logged-path.js';
import { StageClock } from '../../domain/stage-clock.js';

/**
 * Sets a header on the response a handler has already made. Hono's `c.header()` copies a finished
 * response into a new web Response on every call, and @hono/node-server then builds the whole body
 * as a stream (measuring a rendered page's string on the way): a third of an uncached page's time.
 * The response's own header list is changed instead; the app never answers with immutable headers
 * (a fetched response's, or Response.redirect's).
 */
export function setResponseHeader(c: Context<AppEnv>, name: string, value: string, append = false): void {
  if (append) c.res.headers.append(name, value);
  else c.res.headers.set(name, value);
}

/** Gives each request an id (echoed in X-Request-Id and every log line) and logs it when done. */
export function requestContext(deps: AppDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    const stages = deps.config.serverTiming ? new StageClock() : undefined;
    c.set('stages', stages);
    const started = performance.now();
    await next();
    setResponseHeader(c, 'X-Request-Id', requestId);
    if (stages) setResponseHeader(c, 'Server-Timing', stages.header(performance.now() - started));
    const viewer = c.get('viewer');
    // Lets tests prove that every route asked the visibility policy.
    if (viewer) setResponseHeader(c, 'X-Quire-Policy-Checks', String(viewer.decisions.length));
    // A load balancer asks /healthz and /readyz every few seconds: at debug level, unless one fails.
    const probe = (c.req.path === '/healthz' || c.req.path === '/readyz') && c.res.status < 400;
    deps.logger[probe ? 'debug' : 'info'](
      {
        requestId,
        method: c.req.method,
        path: loggedPath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
}

/** Conservative security headers; work text may embed remote images, nothing else remote. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' http: https: data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** A year: browsers keep using HTTPS for the host for that long after one answer over HTTPS. */
export const HSTS = 'max-age=31536000';

/** Whether the client reached us over HTTPS: directly, or through a trusted proxy that says so. */
export function isHttpsRequest(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return (
    c.get('deps').config.trustProxy &&
    c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https'
  );
}

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) setResponseHeader(c, name, value);
  // Only over HTTPS: sent over plain HTTP it would be ignored, and a site still on HTTP must stay reachable.
  if (isHttpsRequest(c)) setResponseHeader(c, 'Strict-Transport-Security', HSTS);
});
