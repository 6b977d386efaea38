import type { Context, Hono } from 'hono';
import type { AppEnv } from './context.js';
import { canViewPublicPage, guestViewer } from '../policies/index.js';
import { checkReadiness } from '../services/readiness.js';

/** A load balancer's checks: answered as a guest, never stored by a proxy or a browser. */
function asProbe(c: Context<AppEnv>, name: string): void {
  const viewer = guestViewer();
  c.set('viewer', viewer);
  canViewPublicPage(viewer, name);
}

/**
 * `/healthz`: the process answers (no database). `/readyz`: it should be sent requests (services/readiness.ts).
 * Registered before the shared guest pages and the session middleware: neither is cached, starts a
 * session or reads the site settings, so `/healthz` answers while the database is down.
 */
export function registerHealthRoutes(app: Hono<AppEnv>): void {
  app.get('/healthz', (c) => {
    asProbe(c, 'healthz');
    return c.body('ok', 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  app.get('/readyz', async (c) => {
    asProbe(c, 'readyz');
    const deps = c.get('deps');
    const readiness = await checkReadiness(deps.db, deps.search.filterIndex);
    // Replicas are told of, not judged: while none answers, reads go to the primary.
    const body = deps.replicas ? { ...readiness, replicas: deps.replicas.status() } : readiness;
    return c.json(body, readiness.ready ? 200 : 503, { 'Cache-Control': 'no-store' });
  });
}
