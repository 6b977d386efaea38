import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** Members with this address, compared without case (users_email_idx); at most `limit`. */
export async function findUsersByEmail(
  db: Executor,
  email: string,
  limit: number,
): Promise<Array<{ id: number; username: string; email: string }>> {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'email'])
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function insertPasswordReset(
  db: Executor,
  r: { userId: number; tokenHash: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({ user_id: r.userId, token_hash: r.tokenHash, created_at: r.now, expires_at: r.expiresAt })
    .execute();
}

/** The link's row with its member's password change time, if the token was ever issued. */
export async function findPasswordReset(db: Executor, tokenHash: string) {
  return db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select([
      'password_resets.id',
      'password_resets.user_id',
      'password_resets.created_at',
      'password_resets.expires_at',
      'password_resets.used_at',
      'users.username',
      'users.password_changed_at',
    ])
    .where('password_resets.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Marks the link used, if it was not yet; false when another request used it first. Every other
 * open link of the member is spent with it.
 */
export async function spendPasswordReset(db: Executor, id: number, userId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  return true;
}

/** Forgets links that expired before `before`. */
export async function prunePasswordResets(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('password_resets').where('expires_at', '<', before).execute();
}
