import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../store/schema.js';
import { findUserByUsername } from '../store/user.store.js';
import { clearLoginFailures, countLoginFailures, recordLoginFailure } from '../store/login-attempt.store.js';
import { burnVerifyTime, verifyPassword } from './password.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_IP = 30;
// One message for an unknown user and a wrong password, so the form does not reveal who has an account.
export const BAD_LOGIN = 'The username or password is incorrect.';

/** Checks credentials with per-account and per-IP limits on failures. */
export async function logIn(db: Kysely<DB>, input: { username: string; password: string; ip: string }): Promise<ServiceResult<UserRow>> {
  const username = input.username.trim().toLowerCase();
  const accountKey = `account:${username}`;
  const ipKey = `ip:${input.ip}`;
  const since = new Date(Date.now() - LOGIN_WINDOW_MS).toISOString();
  const [byAccount, byIp] = await Promise.all([countLoginFailures(db, accountKey, since), countLoginFailures(db, ipKey, since)]);
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byIp >= MAX_FAILURES_PER_IP) {
    return fail(429, { _: 'Too many failed log-in attempts. Wait 15 minutes and try again.' });
  }
  const user = username ? await findUserByUsername(db, username) : undefined;
  const good = user ? await verifyPassword(user.password_hash, input.password) : (await burnVerifyTime(input.password), false);
  if (!user || !good) {
    await recordLoginFailure(db, [accountKey, ipKey], nowIso());
    return fail(400, { _: BAD_LOGIN });
  }
  await clearLoginFailures(db, accountKey);
  return ok(user);
}
