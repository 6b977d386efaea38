import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import type { AccountTokenPurpose } from '../store/schema.js';
import { findAccountToken, insertAccountToken, spendAccountToken } from '../store/account-token.store.js';

/** How long a link sent by mail works: a reset for an hour, a new address for a day, a confirmation for a week. */
export const TOKEN_LIFETIME_MS: Readonly<Record<AccountTokenPurpose, number>> = {
  reset: 3_600_000,
  email: 86_400_000,
  confirm: 7 * 86_400_000,
};

export const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Stores a new link's hash and returns its token, which only the mail will carry. */
export async function issueAccountToken(
  db: Executor,
  userId: number,
  purpose: AccountTokenPurpose,
  now = new Date(),
  detail?: string,
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await insertAccountToken(db, {
    userId,
    purpose,
    tokenHash: hashOf(token),
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]).toISOString(),
    ...(detail !== undefined ? { detail } : {}),
  });
  return token;
}

export type AccountLink =
  | {
      usable: true;
      id: number;
      userId: number;
      username: string;
      purpose: AccountTokenPurpose;
      /** The new address of an `email` link. */
      detail: string | null;
    }
  | { usable: false };

/**
 * Whether a link still works: issued for this purpose, not used, not expired; a reset link not
 * after a password was set since it was sent (whoever changed it may have done so because the
 * mailbox was not safe), a confirmation link not once the address is confirmed, a new-address
 * link not after a password was set since either. An unknown, a spent and an expired link look
 * the same to the reader.
 */
export async function accountLink(
  db: Executor,
  token: string,
  purpose: AccountTokenPurpose,
  now = new Date(),
): Promise<AccountLink> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { usable: false };
  const r = await findAccountToken(db, hashOf(token), purpose);
  if (!r || r.used_at !== null || r.expires_at <= now.toISOString()) return { usable: false };
  if (purpose !== 'confirm' && r.password_changed_at > r.created_at) return { usable: false };
  if (purpose === 'confirm' && r.confirmed_at !== null) return { usable: false };
  return { usable: true, id: r.id, userId: r.user_id, username: r.username, purpose, detail: r.detail };
}

/** Spends a usable link (and the member's other open links for the same purpose); false if another request did first. */
function spendAccountLink(
  db: Executor,
  link: Extract<AccountLink, { usable: true }>,
  now = new Date(),
): Promise<boolean> {
  return spendAccountToken(db, { id: link.id, userId: link.userId, purpose: link.purpose }, now.toISOString());
}

/**
 * Spends a usable link and does what it is for, in one transaction: false (and nothing done) when
 * another request spent it first.
 */
export function spendAccountLinkAnd(
  db: Kysely<DB>,
  link: Extract<AccountLink, { usable: true }>,
  act: (trx: Executor) => Promise<void>,
  now = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await spendAccountLink(trx, link, now))) return false;
    await act(trx);
    return true;
  });
}
