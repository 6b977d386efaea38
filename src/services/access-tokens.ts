import { viewerUserOf } from './viewer-user.js';
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, AccessTokenRow } from '../store/schema.js';
import {
  countAccessTokensOfUser,
  deleteAccessToken,
  findAccessTokenByHash,
  insertAccessToken,
  listAccessTokensOfUser,
  touchAccessToken,
} from '../store/access-token.store.js';
import { findUserById } from '../store/user.store.js';
import { canManageAccount, type ViewerUser, type Viewer } from '../policies/index.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';

export const TOKEN_NAME_MAX = 100;
export const MAX_TOKENS_PER_USER = 50;
/** last_used_at is written at most this often per token, so a busy e-reader does not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
// A recognisable prefix lets secret scanners (and people) tell a Quire token from other strings.
const PREFIX = 'qpat_';
const SECRET_SHAPE = /^qpat_[A-Za-z0-9_-]{43}$/;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** What a member sees of a token after creating it: everything but the secret. */
export interface AccessTokenInfo {
  id: number;
  name: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const info = (r: AccessTokenRow): AccessTokenInfo => ({
  id: r.id,
  name: r.name,
  hint: r.hint,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

/** Creates a token; the secret is in the result and nowhere else — it cannot be shown again. */
export async function createAccessToken(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { name: string },
): Promise<ServiceResult<{ token: AccessTokenInfo; secret: string }>> {
  const user = viewer.user;
  if (!canManageAccount(viewer, user?.id) || !user) return fail(403, { _: 'Log in to manage your access tokens.' });
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!name) return fail(400, { name: 'Give the token a name, such as the app you will use it in.' });
  if (name.length > TOKEN_NAME_MAX)
    return fail(400, { name: `A token name can be at most ${TOKEN_NAME_MAX} characters.` });
  if ((await countAccessTokensOfUser(db, user.id)) >= MAX_TOKENS_PER_USER) {
    return fail(400, {
      name: `You can have at most ${MAX_TOKENS_PER_USER} tokens. Revoke one you no longer use first.`,
    });
  }
  const secret = PREFIX + crypto.randomBytes(32).toString('base64url');
  const row = await insertAccessToken(db, {
    userId: user.id,
    name,
    tokenHash: sha256(secret),
    hint: secret.slice(-4),
    now: nowIso(),
  });
  return ok({ token: info(row), secret });
}

/** The member's own tokens, newest first. */
export async function listAccessTokens(db: Kysely<DB>, viewer: Viewer): Promise<ServiceResult<AccessTokenInfo[]>> {
  const user = viewer.user;
  if (!canManageAccount(viewer, user?.id) || !user) return fail(403, { _: 'Log in to manage your access tokens.' });
  return ok((await listAccessTokensOfUser(db, user.id)).map(info));
}

/** Revokes one of the member's tokens; it stops working at once. */
export async function revokeAccessToken(db: Kysely<DB>, viewer: Viewer, tokenId: number): Promise<ServiceResult<null>> {
  const user = viewer.user;
  if (!canManageAccount(viewer, user?.id) || !user) return fail(403, { _: 'Log in to manage your access tokens.' });
  if (!(await deleteAccessToken(db, user.id, tokenId)))
    return fail(404, { _: 'You have no such token; it may have been revoked already.' });
  return ok(null);
}

/**
 * The member a token secret belongs to, or undefined when it is not a live token. Records the use
 * (at most once a minute).
 */
export async function authenticateAccessToken(db: Kysely<DB>, secret: string): Promise<ViewerUser | undefined> {
  if (!SECRET_SHAPE.test(secret)) return undefined;
  const row = await findAccessTokenByHash(db, sha256(secret));
  if (!row) return undefined;
  const user = await findUserById(db, row.user_id);
  if (!user || user.deleting_at !== null) return undefined;
  const now = Date.now();
  if (row.last_used_at === null || now - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await touchAccessToken(
      db,
      row.id,
      new Date(now).toISOString(),
      new Date(now - LAST_USED_RESOLUTION_MS).toISOString(),
    );
  }
  return viewerUserOf(user);
}
