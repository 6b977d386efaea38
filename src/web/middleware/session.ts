import { createMiddleware } from 'hono/factory';
import { generateCookie, getCookie, deleteCookie } from 'hono/cookie';
import { setResponseHeader } from './request-context.js';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import {
  endSession,
  findSessionByToken,
  newSession,
  saveSession,
  startSession,
  viewerFromSession,
  MEMBER_SESSION_MS,
  GUEST_SESSION_MS,
} from '../../services/sessions.js';
import { isStorageFull } from '../../store/db-faults.js';
import type { SessionRow } from '../../store/schema.js';
import { loggedPath } from '../logged-path.js';

export const SESSION_COOKIE = 'quire_session';

/** Loads the session (if any) and the viewer for every request. */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const { db } = c.get('deps');
  const token = getCookie(c, SESSION_COOKIE);
  const row = token ? await findSessionByToken(db, token) : undefined;
  c.set('session', row);
  c.set('newSessionToken', undefined);
  c.set('viewer', await viewerFromSession(db, row));
  await next();
  const fresh = c.get('newSessionToken');
  const session = c.get('session');
  if (fresh && session) writeSessionCookie(c, fresh, session);
});

function isHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.get('deps').config.trustProxy && c.req.header('x-forwarded-proto') === 'https';
}

// Written after the handler has answered, so onto its response (setResponseHeader).
function writeSessionCookie(c: Context<AppEnv>, token: string, row: SessionRow): void {
  const cookie = generateCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    maxAge: Math.floor((row.user_id === null ? GUEST_SESSION_MS : MEMBER_SESSION_MS) / 1000),
  });
  setResponseHeader(c, 'Set-Cookie', cookie, true);
}

/** Returns the request's session, starting a guest session when there is none yet. */
export async function ensureSession(c: Context<AppEnv>): Promise<SessionRow> {
  const existing = c.get('session');
  if (existing) return existing;
  const started = newSession(null);
  try {
    await saveSession(c.get('deps').db, started);
  } catch (err) {
    // A page that only reads still answers when the row cannot be written (a full disk): with an
    // unsaved session and no cookie, its forms ask to reload, and the page itself is not lost.
    if (!isStorageFull(err) || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) throw err;
    c.get('deps').logger.warn(
      { requestId: c.get('requestId'), err, path: loggedPath(c.req.path) },
      'storage full: a guest session could not be saved',
    );
    c.set('session', started.row);
    return started.row;
  }
  c.set('session', started.row);
  c.set('newSessionToken', started.token);
  return started.row;
}

/**
 * Replaces the session with a new one for `userId` (log in) or a guest one (log out):
 * a fresh id at every change of identity defeats session fixation.
 */
export async function rotateSession(c: Context<AppEnv>, userId: number | null): Promise<SessionRow> {
  const { db } = c.get('deps');
  const old = c.get('session');
  const started = await startSession(db, userId, { viewAdult: old?.view_adult === 1 });
  if (old) await endSession(db, old);
  c.set('session', started.row);
  c.set('newSessionToken', started.token);
  c.set('viewer', await viewerFromSession(db, started.row));
  return started.row;
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
