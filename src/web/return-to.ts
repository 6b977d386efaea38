import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import { requestOrigin } from './origin.js';

/**
 * Where a form may send the member back to: `to` resolved against the archive's origin, as a path
 * of that origin, or `fallback` when it leads anywhere else. Resolving (rather than matching the
 * text) is what a browser does with the Location header, so tabs and newlines, which URL parsing
 * drops, cannot hide a second slash (`/\t/evil.example`), and the answer is always percent-encoded,
 * so it never breaks the header.
 */
export function safeReturnPath(to: string | undefined, origin: string, fallback = '/'): string {
  if (!to) return fallback;
  let url: URL;
  try {
    url = new URL(to, `${origin}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//host" resolves to the path "//host", which a browser reads as another host.
  return /^\/[/\\]/.test(path) ? fallback : path;
}

/** safeReturnPath against the origin of this request. */
export function returnPath(c: Context<AppEnv>, to: string | undefined, fallback = '/'): string {
  return safeReturnPath(to, requestOrigin(c), fallback);
}
