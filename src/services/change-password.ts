import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { PasswordSchema, zodProblem, type FieldErrors } from '../domain/work-input.js';
import { findUserById, updatePasswordHash } from '../store/user.store.js';
import { deleteSessionsOfUser } from '../store/session.store.js';
import { deleteAccessTokensOfUser } from '../store/access-token.store.js';
import { canManageAccount, type Viewer } from '../policies/index.js';
import { hashPassword, verifyPassword } from './password.js';
import { FORBIDDEN, fail, nowIso, ok, type ServiceResult } from './result.js';

/** Changes the viewer's password, ends their other sessions and revokes their access tokens. */
export async function changePassword(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { current: string; password: string; confirmation: string; keepSessionId?: string },
): Promise<ServiceResult<{ tokensRevoked: number }>> {
  const userId = viewer.user?.id;
  if (!canManageAccount(viewer, userId) || userId === undefined) return FORBIDDEN;
  const user = await findUserById(db, userId);
  if (!user) return FORBIDDEN;
  const errors: FieldErrors = {};
  if (!(await verifyPassword(user.password_hash, input.current)))
    errors.current = 'Your current password is incorrect.';
  const p = zodProblem(PasswordSchema, input.password);
  if (p) errors.password = p;
  else if (input.password !== input.confirmation) errors.confirmation = 'The new passwords do not match.';
  if (Object.keys(errors).length > 0) return fail(400, errors);
  const hash = await hashPassword(input.password);
  // Whoever knew the old password may have made a token or a session with it: both end here.
  const tokensRevoked = await db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, userId, hash, nowIso());
    await deleteSessionsOfUser(trx, userId, input.keepSessionId);
    return deleteAccessTokensOfUser(trx, userId);
  });
  return ok({ tokensRevoked });
}
