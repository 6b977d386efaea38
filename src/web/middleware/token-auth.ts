import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { authenticateAccessToken } from '../../services/access-tokens.js';
import { canViewPublicPage, guestViewer, memberViewer } from '../../policies/index.js';
import { loadSession } from './session.js';

// The downloads the catalog links to: an e-reader fetches them with the catalog's credentials.
const DOWNLOAD = /^\/works\/\d+\/download\.[a-z0-9]+$/;

/**
 * Where a personal access token is accepted: the API, the OPDS catalog and its downloads, and the
 * Atom feeds — the clients that cannot hold a cookie. Pages ignore the Authorization header, so a
 * token never stands in for a browser session (nor for its CSRF token), and a site behind a
 * proxy's own Basic auth keeps working. The OpenSearch description is the same for everyone and
 * must load without credentials (some apps send stale ones), so it ignores them too.
 */
export function acceptsToken(path: string): boolean {
  if (path === '/opds/opensearch.xml') return false;
  return (
    path.startsWith('/api/') ||
    path === '/opds' ||
    path.startsWith('/opds/') ||
    path.endsWith('/feed.atom') ||
    DOWNLOAD.test(path)
  );
}

type Credential = { secret: string; username?: string };

/** `Bearer <token>`, or `Basic base64(username:token)` (KOReader and most OPDS apps speak only Basic). */
export function parseAuthorization(header: string): Credential | undefined {
  const m = /^(\w+)\s+(\S+)\s*$/.exec(header.trim());
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'bearer') return { secret: m[2]! };
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // Some clients put a lone token in the user field and leave the password empty.
  if (!password && username.startsWith('qpat_')) return { secret: username };
  return { secret: password, username };
}

const BAD_TOKEN =
  'This access token is not valid: it may have been revoked or mistyped. Create a new one on your account page.';
const BAD_BASIC =
  'Sign in with your username and a personal access token (from your account page) as the password; your account password is not accepted here.';

function refuse(c: Context<AppEnv>, message: string): Response {
  // Answered as a guest who was turned away: never served as one.
  const viewer = guestViewer();
  c.set('viewer', viewer);
  c.set('session', undefined);
  c.set('newSessionToken', undefined);
  canViewPublicPage(viewer, 'unauthorized');
  c.header('Cache-Control', 'no-store');
  if (c.req.path.startsWith('/api/')) {
    c.header('WWW-Authenticate', 'Bearer realm="Quire"');
    return c.json({ error: { code: 'bad_token', message } }, 401);
  }
  c.header('WWW-Authenticate', 'Basic realm="Quire"');
  return c.body(message, 401, { 'Content-Type': 'text/plain; charset=utf-8' });
}

/**
 * Identifies the request: by access token where tokens are accepted and one is sent, otherwise by
 * the session cookie. A token request ignores any cookie, starts no session and sets no cookie;
 * a bad token is a 401, never a silent guest.
 */
export const authenticateRequest = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (!header?.trim() || !acceptsToken(c.req.path)) return loadSession(c, next);
  const cred = parseAuthorization(header);
  if (!cred) return refuse(c, BAD_BASIC);
  const user = await authenticateAccessToken(c.get('deps').db, cred.secret);
  if (!user) return refuse(c, cred.username !== undefined && !cred.secret.startsWith('qpat_') ? BAD_BASIC : BAD_TOKEN);
  if (cred.username !== undefined && cred.username.trim().toLowerCase() !== user.username.toLowerCase()) {
    return refuse(
      c,
      'This access token belongs to another username. Sign in with the username of the account that created it.',
    );
  }
  c.set('session', undefined);
  c.set('newSessionToken', undefined);
  c.set('viewer', memberViewer(user));
  await next();
});
