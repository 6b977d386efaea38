import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context.js';
import type { SiteSettings } from '../services/site-settings.js';
import { currentNameOf } from '../services/change-username.js';

/** Reads the site settings for the request when they may have changed (pages need them; the API does not). */
export const loadSiteSettings = createMiddleware<AppEnv>(async (c, next) => {
  const view = c.get('deps').siteSettings;
  if (!c.req.path.startsWith('/api/') && view.fresh() === undefined) await view.load();
  return next();
});

/** The archive's settings as this request sees them. */
export function siteOf(c: Context<AppEnv>): SiteSettings {
  return c.get('deps').siteSettings.current();
}

/**
 * `/users/OLD…` after a member changed their name: when the route found nothing (404) for a
 * name that is someone's former one, 301 to the same path under their name now. Asked only after
 * a 404, so the pages of current names cost nothing more; the route has already asked its policy.
 */
export const renamedUserRedirect = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status !== 404 || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return;
  const m = /^\/users\/([^/]+)(\/.*)?$/.exec(c.req.path);
  if (!m) return;
  let name: string;
  try {
    name = decodeURIComponent(m[1]!);
  } catch {
    return;
  }
  const renamed = await currentNameOf(c.get('deps').db, name);
  if (!renamed) return;
  const url = new URL(c.req.url);
  c.res = c.redirect(`/users/${encodeURIComponent(renamed.username)}${m[2] ?? ''}${url.search}`, 301);
});
