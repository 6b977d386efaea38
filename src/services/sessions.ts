import { viewerUserOf } from './viewer-user.js';
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, SessionRow } from '../store/schema.js';
import { deleteSession, findSession, insertSession, purgeExpiredSessions } from '../store/session.store.js';
import { findUserById } from '../store/user.store.js';
import type { Viewer } from '../policies/index.js';

export const MEMBER_SESSION_MS = 30 * 24 * 3600 * 1000;
export const GUEST_SESSION_MS = 24 * 3600 * 1000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const randomToken = () => crypto.randomBytes(32).toString('base64url');

export interface StartedSession {
  /** Goes in the cookie; only its hash is stored. */
  token: string;
  row: SessionRow;
}

/** A new session's token and row, not yet stored. */
export function newSession(userId: number | null, carry: { viewAdult?: boolean } = {}): StartedSession {
  const token = randomToken();
  const now = Date.now();
  const row: SessionRow = {
    id: sha256(token),
    user_id: userId,
    csrf_token: randomToken(),
    view_adult: carry.viewAdult ? 1 : 0,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + (userId === null ? GUEST_SESSION_MS : MEMBER_SESSION_MS)).toISOString(),
  };
  return { token, row };
}

export async function saveSession(db: Kysely<DB>, started: StartedSession): Promise<void> {
  await insertSession(db, started.row);
}

/** Starts a session, for a member or for a guest who needs one (a form's CSRF token, the adult gate). */
export async function startSession(
  db: Kysely<DB>,
  userId: number | null,
  carry: { viewAdult?: boolean } = {},
): Promise<StartedSession> {
  const started = newSession(userId, carry);
  await saveSession(db, started);
  return started;
}

export async function findSessionByToken(db: Kysely<DB>, token: string): Promise<SessionRow | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return findSession(db, sha256(token), new Date().toISOString());
}

export async function endSession(db: Kysely<DB>, row: SessionRow): Promise<void> {
  await deleteSession(db, row.id);
}

export async function purgeSessions(db: Kysely<DB>): Promise<void> {
  await purgeExpiredSessions(db, new Date().toISOString());
}

/** Builds the viewer of a request from its session. */
export async function viewerFromSession(db: Kysely<DB>, row: SessionRow | undefined): Promise<Viewer> {
  const decisions: string[] = [];
  if (!row) return { user: null, sessionViewAdult: false, decisions };
  const found = row.user_id !== null ? await findUserById(db, row.user_id) : undefined;
  // An account being deleted is nobody's any more, whatever session still names it.
  const user = found?.deleting_at === null ? found : undefined;
  return {
    user: user ? viewerUserOf(user, { keepHistory: user.keep_history === 1 }) : null,
    sessionViewAdult: row.view_adult === 1,
    decisions,
  };
}
