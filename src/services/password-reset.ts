import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { EmailSchema, PasswordSchema, zodProblem, type FieldErrors } from '../domain/work-input.js';
import { escapeHtml } from '../domain/escape-html.js';
import {
  findPasswordReset,
  findUsersByEmail,
  insertPasswordReset,
  spendPasswordReset,
} from '../store/password-reset.store.js';
import { updatePasswordHash } from '../store/user.store.js';
import { deleteSessionsOfUser } from '../store/session.store.js';
import { deleteAccessTokensOfUser } from '../store/access-token.store.js';
import { enqueueMail, type Mail } from './mail.js';
import { hashPassword } from './password.js';

/** How long a reset link works. */
export const RESET_LINK_MS = 3_600_000;

/** Accounts sharing one address that a request mails a link to; more are left out. */
export const RESET_ACCOUNTS_PER_ADDRESS = 5;

export const RESET_SENT =
  'If an account uses that address, a link to choose a new password is on its way to it. The link works once, for an hour.';

export const RESET_LINK_SPENT =
  'This link to reset a password has expired or has already been used. Ask for a new one below.';

const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * Sends a reset link to every account (up to five) with this address. The answer is the same
 * whether or not one exists, so the form does not tell who is a member; only a malformed address
 * is refused. The mail is queued in the transaction that stores the link.
 */
export async function requestPasswordReset(
  db: Kysely<DB>,
  input: { email: string; siteName: string; publicUrl: string },
  now = new Date(),
): Promise<{ ok: true; mailed: number } | { ok: false; errors: FieldErrors }> {
  const problem = zodProblem(EmailSchema, input.email);
  if (problem) return { ok: false, errors: { email: problem } };
  const users = await findUsersByEmail(db, input.email, RESET_ACCOUNTS_PER_ADDRESS);
  if (users.length === 0) return { ok: true, mailed: 0 };
  await db.transaction().execute(async (trx) => {
    for (const u of users) {
      const token = crypto.randomBytes(32).toString('base64url');
      await insertPasswordReset(trx, {
        userId: u.id,
        tokenHash: tokenHash(token),
        now: now.toISOString(),
        expiresAt: new Date(now.getTime() + RESET_LINK_MS).toISOString(),
      });
      const link = `${input.publicUrl}/password/reset?token=${token}`;
      await enqueueMail(trx, resetMail({ to: u.email, username: u.username, siteName: input.siteName, link }));
    }
  });
  return { ok: true, mailed: users.length };
}

function resetMail(m: { to: string; username: string; siteName: string; link: string }): Mail {
  const intro = `Someone, we hope you, asked to reset the password of the account “${m.username}” on ${m.siteName}.`;
  const how = 'To choose a new password, open this link within an hour. It works once:';
  const ignore = 'If you did not ask for this, ignore this message: your password stays as it is.';
  return {
    to: m.to,
    subject: `Reset your password on ${m.siteName}`,
    text: `${intro}\n\n${how}\n${m.link}\n\n${ignore}\n`,
    html:
      `<p>${escapeHtml(intro)}</p><p>${escapeHtml(how)}<br>` +
      `<a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p><p>${escapeHtml(ignore)}</p>`,
  };
}

export type ResetLink = { usable: true; id: number; userId: number; username: string } | { usable: false };

/**
 * Whether a link's token may still set a password: issued, not used, not expired, and no password
 * set since it was sent (whoever changed it may have done so because the mailbox was not safe).
 * An unknown, a spent and an expired token look the same to the reader.
 */
export async function resetLink(db: Kysely<DB>, token: string, now = new Date()): Promise<ResetLink> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { usable: false };
  const r = await findPasswordReset(db, tokenHash(token));
  if (!r || r.used_at !== null || r.expires_at <= now.toISOString() || r.password_changed_at > r.created_at)
    return { usable: false };
  return { usable: true, id: r.id, userId: r.user_id, username: r.username };
}

/**
 * Sets a new password from a reset link, spends the link (and the member's other open ones), and
 * ends every session and access token of the account, as changing a password does.
 */
export async function resetPassword(
  db: Kysely<DB>,
  input: { token: string; password: string; confirmation: string },
  now = new Date(),
): Promise<
  | { ok: true; username: string }
  | { ok: false; spent: true }
  | { ok: false; spent: false; username: string; errors: FieldErrors }
> {
  const link = await resetLink(db, input.token, now);
  if (!link.usable) return { ok: false, spent: true };
  const problem = zodProblem(PasswordSchema, input.password);
  if (problem) return { ok: false, spent: false, username: link.username, errors: { password: problem } };
  if (input.password !== input.confirmation)
    return {
      ok: false,
      spent: false,
      username: link.username,
      errors: { confirmation: 'The passwords do not match.' },
    };
  const hash = await hashPassword(input.password);
  const done = await db.transaction().execute(async (trx) => {
    // Two requests with one link: the first to spend it sets the password; the other changes nothing.
    if (!(await spendPasswordReset(trx, link.id, link.userId, now.toISOString()))) return false;
    await updatePasswordHash(trx, link.userId, hash, now.toISOString());
    await deleteSessionsOfUser(trx, link.userId);
    await deleteAccessTokensOfUser(trx, link.userId);
    return true;
  });
  return done ? { ok: true, username: link.username } : { ok: false, spent: true };
}
