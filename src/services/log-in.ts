import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../store/schema.js';
import { findUserByUsername } from '../store/user.store.js';
import {
  clearLoginFailuresOf,
  deleteLoginAttempts,
  loginAttemptsByKey,
  reserveLoginAttempts,
} from '../store/login-attempt.store.js';
import { burnVerifyTime, verifyPassword } from './password.js';
import { knownDeviceId } from './known-devices.js';
import { fail, ok, type ServiceResult } from './result.js';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures on one account from one address (or one known browser) before it is refused for the window. */
export const MAX_FAILURES_PER_ACCOUNT = 10;
/** Failures from one address, across accounts, before its attempts are slowed down. */
export const MAX_FAILURES_PER_IP = 30;
/** The longest wait between two attempts once an account or address is being slowed down. */
export const MAX_SLOWDOWN_MS = 60_000;
// One message for an unknown user and a wrong password, so the form does not reveal who has an account.
export const BAD_LOGIN = 'The username or password is incorrect.';
export const ACCOUNT_BEING_DELETED = 'This account is being deleted, as its owner asked: it can no longer log in.';

export interface LogInInput {
  username: string;
  password: string;
  ip: string;
  /** The known-device cookie of this browser, if it has one. */
  deviceToken?: string | undefined;
  /** For tests of the slow-down: the moment of the attempt (default: now). */
  now?: number;
}

export interface LoggedIn {
  user: UserRow;
  /** The browser's device id when it was already known for this member. */
  knownDevice: string | undefined;
}

/** The wait once `failures` reached `limit`: 2 s, doubling with each further failure, at most MAX_SLOWDOWN_MS. */
export function slowdownMs(failures: number, limit: number): number {
  if (failures < limit) return 0;
  return Math.min(MAX_SLOWDOWN_MS, 2000 * 2 ** Math.min(failures - limit, 16));
}

/**
 * Checks credentials under three limits, each attempt reserved (recorded) before its password is
 * checked, so parallel guesses are counted as they arrive rather than after the slow hash:
 * - one address guessing at one account is refused after MAX_FAILURES_PER_ACCOUNT failures;
 * - an account guessed at from many addresses, or an address guessing at many accounts, is slowed
 *   down (a wait between attempts) instead of locked, so strangers cannot lock its owner out;
 * - a browser the member logged in from before is limited only by its own failures.
 * A refused attempt is not checked and not counted.
 */
export async function logIn(db: Kysely<DB>, input: LogInInput): Promise<ServiceResult<LoggedIn>> {
  const username = input.username.trim().toLowerCase();
  const now = input.now ?? Date.now();
  const user = username ? await findUserByUsername(db, username) : undefined;
  const device = user ? await knownDeviceId(db, input.deviceToken, user.id) : undefined;
  const account = `account:${username}`;
  const own = device ? `device:${device}` : `account-ip:${username}|${input.ip}`;
  const ip = `ip:${input.ip}`;
  // A known browser's failures still count against the account, so they slow strangers too.
  const keys = device ? [own, account] : [own, account, ip];

  const reserved = await reserveLoginAttempts(db, keys, new Date(now).toISOString());
  const since = new Date(now - LOGIN_WINDOW_MS).toISOString();
  const before = await loginAttemptsByKey(db, keys, since, reserved);
  // A known browser answers only for its own failures; strangers are slowed per account and address.
  const refusal = limitReached(before, device ? { own } : { own, account, ip }, now);
  if (refusal) {
    await deleteLoginAttempts(db, reserved);
    return fail(429, { _: refusal });
  }

  const good = user
    ? await verifyPassword(user.password_hash, input.password)
    : (await burnVerifyTime(input.password), false);
  // A failure keeps its reserved rows: they are its record.
  if (!user || !good) return fail(400, { _: BAD_LOGIN });
  // Its sessions ended when the deletion was asked; the job removes the rest, the row last.
  if (user.deleting_at !== null) return fail(400, { _: ACCOUNT_BEING_DELETED });
  await deleteLoginAttempts(db, reserved);
  await clearLoginFailuresOf(db, [own]);
  return ok({ user, knownDevice: device });
}

type Counts = Map<string, { count: number; latest: string | null }>;

function limitReached(
  before: Counts,
  keys: { own: string; account?: string; ip?: string },
  now: number,
): string | undefined {
  if ((before.get(keys.own)?.count ?? 0) >= MAX_FAILURES_PER_ACCOUNT) {
    return 'Too many failed log-in attempts for this account from here. Wait 15 minutes and try again.';
  }
  let waitMs = 0;
  for (const [key, limit] of [
    [keys.account, MAX_FAILURES_PER_ACCOUNT],
    [keys.ip, MAX_FAILURES_PER_IP],
  ] as const) {
    const c = key === undefined ? undefined : before.get(key);
    if (!c?.latest) continue;
    waitMs = Math.max(waitMs, Date.parse(c.latest) + slowdownMs(c.count, limit) - now);
  }
  if (waitMs <= 0) return undefined;
  const seconds = Math.ceil(waitMs / 1000);
  return `Too many failed log-in attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
}
