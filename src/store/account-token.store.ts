import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { AccountTokenPurpose } from './schema.js';

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

export async function insertAccountToken(
  db: Executor,
  t: {
    userId: number;
    purpose: AccountTokenPurpose;
    tokenHash: string;
    now: string;
    expiresAt: string;
    detail?: string;
  },
): Promise<void> {
  await db
    .insertInto('account_tokens')
    .values({
      user_id: t.userId,
      purpose: t.purpose,
      token_hash: t.tokenHash,
      created_at: t.now,
      expires_at: t.expiresAt,
      detail: t.detail ?? null,
    })
    .execute();
}

/** The link's row for this purpose with what of its member decides whether it still works. */
export async function findAccountToken(db: Executor, tokenHash: string, purpose: AccountTokenPurpose) {
  return db
    .selectFrom('account_tokens')
    .innerJoin('users', 'users.id', 'account_tokens.user_id')
    .select([
      'account_tokens.id',
      'account_tokens.user_id',
      'account_tokens.created_at',
      'account_tokens.expires_at',
      'account_tokens.used_at',
      'account_tokens.detail',
      'users.username',
      'users.password_changed_at',
      'users.confirmed_at',
    ])
    .where('account_tokens.token_hash', '=', tokenHash)
    .where('account_tokens.purpose', '=', purpose)
    .executeTakeFirst();
}

/**
 * Marks the link used, if it was not yet; false when another request used it first. The member's
 * other open links for the same purpose are spent with it.
 */
export async function spendAccountToken(
  db: Executor,
  t: { id: number; userId: number; purpose: AccountTokenPurpose },
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id', '=', t.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('user_id', '=', t.userId)
    .where('purpose', '=', t.purpose)
    .where('used_at', 'is', null)
    .execute();
  return true;
}

/** Forgets links that expired before `before`. */
export async function pruneAccountTokens(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('account_tokens').where('expires_at', '<', before).execute();
}
