import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { EmailSchema, PasswordSchema, zodProblem, type FieldErrors } from '../domain/work-input.js';
import { findUsersByEmail } from '../store/account-token.store.js';
import { updatePasswordHash } from '../store/user.store.js';
import { deleteSessionsOfUser } from '../store/session.store.js';
import { deleteAccessTokensOfUser } from '../store/access-token.store.js';
import { accountLink, issueAccountToken, spendAccountLinkAnd } from './account-tokens.js';
import { enqueueMail } from './mail.js';
import { linkMail, type MailSite } from './account-mail.js';
import { hashPassword } from './password.js';

/** Accounts sharing one address that a request mails a link to; more are left out. */
export const RESET_ACCOUNTS_PER_ADDRESS = 5;

export const RESET_SENT =
  'If an account uses that address, a link to choose a new password is on its way to it. The link works once, for an hour.';

export const RESET_LINK_SPENT =
  'This link to reset a password has expired or has already been used. Ask for a new one below.';

/**
 * Sends a reset link to every account (up to five) with this address. The answer is the same
 * whether or not one exists, so the form does not tell who is a member; only a malformed address
 * is refused. The mail is queued in the transaction that stores the link.
 */
export async function requestPasswordReset(
  db: Kysely<DB>,
  email: string,
  site: MailSite,
  now = new Date(),
): Promise<{ ok: true; mailed: number } | { ok: false; errors: FieldErrors }> {
  const problem = zodProblem(EmailSchema, email);
  if (problem) return { ok: false, errors: { email: problem } };
  const users = await findUsersByEmail(db, email, RESET_ACCOUNTS_PER_ADDRESS);
  if (users.length === 0) return { ok: true, mailed: 0 };
  await db.transaction().execute(async (trx) => {
    for (const u of users) {
      const token = await issueAccountToken(trx, u.id, 'reset', now);
      await enqueueMail(
        trx,
        linkMail({
          to: u.email,
          subject: `Reset your password on ${site.siteName}`,
          intro: `Someone, we hope you, asked to reset the password of the account “${u.username}” on ${site.siteName}.`,
          how: 'To choose a new password, open this link within an hour. It works once:',
          link: `${site.publicUrl}/password/reset?token=${token}`,
          after: 'If you did not ask for this, ignore this message: your password stays as it is.',
        }),
      );
    }
  });
  return { ok: true, mailed: users.length };
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
  const link = await accountLink(db, input.token, 'reset', now);
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
  // Two requests with one link: the first to spend it sets the password; the other changes nothing.
  const done = await spendAccountLinkAnd(
    db,
    link,
    async (trx) => {
      await updatePasswordHash(trx, link.userId, hash, now.toISOString());
      await deleteSessionsOfUser(trx, link.userId);
      await deleteAccessTokensOfUser(trx, link.userId);
    },
    now,
  );
  return done ? { ok: true, username: link.username } : { ok: false, spent: true };
}
