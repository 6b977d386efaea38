import type { Context } from 'hono';
import type { AppEnv } from './context.js';

/**
 * The scheme and host the client used, for absolute URLs (feeds, catalogs). Behind a trusted proxy
 * (QUIRE_TRUST_PROXY) the X-Forwarded-Proto and X-Forwarded-Host headers say what the client saw.
 */
export function requestOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  let proto = url.protocol.replace(/:$/, '');
  let host = c.req.header('host') || url.host;
  if (c.get('deps').config.trustProxy) {
    const fwdProto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    if (fwdProto === 'https' || fwdProto === 'http') proto = fwdProto;
    const fwdHost = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (fwdHost) host = fwdHost;
  }
  // A malformed Host header must not turn into markup or a different URL: keep the host characters only.
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) host = url.host;
  return `${proto}://${host}`;
}

/** An absolute URL for a local path (which may carry a query string). */
export function absoluteUrl(c: Context<AppEnv>, path: string): string {
  return `${requestOrigin(c)}${path.startsWith('/') ? path : `/${path}`}`;
}
