import crypto from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, WebDeps } from '../context.js';

/** Gives each request an id (echoed in X-Request-Id and every log line) and logs it when done. */
export function requestContext(deps: WebDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    const viewer = c.get('viewer');
    // Lets tests prove that every route asked the visibility policy.
    if (viewer) c.header('X-Quire-Policy-Checks', String(viewer.decisions.length));
    deps.logger.info(
      { requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
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

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
});
