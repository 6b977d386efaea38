import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { ensureSetting, getSetting } from '../store/settings.store.js';

/**
 * A browser a member has logged in from before carries a signed token naming them and a random
 * device id. Log-in limits treat it apart from strangers, so guessing at an account from elsewhere
 * does not lock its owner out of the browsers they use. The token proves only that this browser
 * once knew the password; the password is still checked every time.
 */
export const KNOWN_DEVICE_MS = 365 * 24 * 3600 * 1000;
const KEY_SETTING = 'known_device_key';

async function signingKey(db: Kysely<DB>): Promise<Buffer> {
  // Made once per archive, on first use; the same for every process sharing the database.
  const stored =
    (await getSetting(db, KEY_SETTING)) ??
    (await ensureSetting(db, KEY_SETTING, crypto.randomBytes(32).toString('base64url')));
  return Buffer.from(stored, 'base64url');
}

const mac = (key: Buffer, body: string) => crypto.createHmac('sha256', key).update(body).digest('base64url');

/** A new token for this browser (a fresh device id), to keep in a long-lived cookie. */
export async function issueDeviceToken(db: Kysely<DB>, userId: number): Promise<string> {
  const body = `${userId}.${crypto.randomBytes(16).toString('base64url')}`;
  return `${body}.${mac(await signingKey(db), body)}`;
}

/** The device id in `token` when it is a genuine token of this member's, else undefined. */
export async function knownDeviceId(
  db: Kysely<DB>,
  token: string | undefined,
  userId: number,
): Promise<string | undefined> {
  const m = token ? /^(\d+)\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (!m || Number(m[1]) !== userId) return undefined;
  const want = Buffer.from(mac(await signingKey(db), `${m[1]}.${m[2]}`));
  const got = Buffer.from(m[3]!);
  return got.length === want.length && crypto.timingSafeEqual(got, want) ? m[2] : undefined;
}
