import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { EmailSchema, zodProblem, type FieldErrors } from '../domain/work-input.js';
import { findUserById, setEmail } from '../store/user.store.js';
import { countThisHour } from './rate-limits.js';
import { canManageAccount, type Viewer } from '../policies/index.js';
import { accountLink, issueAccountToken, spendAccountLinkAnd } from './account-tokens.js';
import { linkMail, type MailSite } from './account-mail.js';
import { enqueueMail } from './mail.js';
import { escapeHtml } from '../domain/escape-html.js';
import { verifyPassword } from './password.js';
import { FORBIDDEN, fail, ok, type ServiceResult } from './result.js';

export const EMAIL_CHANGE_SENT =
  'A link to confirm the new address is on its way to it: your address changes when you open it, within a day. Your current address was told too.';

export const EMAIL_LINK_SPENT =
  'This link to change an email address has expired or has already been used. Ask again from your account page.';

/** Changes of address a member may ask for in an hour. */
export const EMAIL_CHANGES_PER_HOUR = 3;

/** `n…@example.org`: enough for the owner to know the address, not enough to hand it to a stranger. */
const masked = (email: string) => {
  const at = email.lastIndexOf('@');
  return at > 0 ? `${email[0]}…${email.slice(at)}` : '…';
};

/**
 * Asks to move the viewer's account to a new address, confirming their password: the new address
 * gets a link that makes the change (ADR 013), the current one a notice without a link. Nothing
 * changes until the link is opened.
 */
export async function requestEmailChange(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { email: string; password: string },
  site: MailSite,
  now = new Date(),
): Promise<ServiceResult<{ to: string }>> {
  const userId = viewer.user?.id;
  if (!canManageAccount(viewer, userId) || userId === undefined) return FORBIDDEN;
  const user = await findUserById(db, userId);
  if (!user) return FORBIDDEN;
  const errors: FieldErrors = {};
  const email = input.email.trim();
  const problem = zodProblem(EmailSchema, email);
  if (problem) errors.newEmail = problem;
  else if (email.toLowerCase() === user.email.toLowerCase()) errors.newEmail = 'That is already your address.';
  if (!(await verifyPassword(user.password_hash, input.password))) errors.emailPassword = 'Your password is incorrect.';
  if (Object.keys(errors).length > 0) return fail(400, errors);
  if ((await countThisHour(db, `email:u:${userId}`, now.getTime())) > EMAIL_CHANGES_PER_HOUR)
    return fail(429, { _: 'You have asked to change your address several times this hour. Try again later.' });
  await db.transaction().execute(async (trx) => {
    const token = await issueAccountToken(trx, userId, 'email', now, email);
    await enqueueMail(
      trx,
      linkMail({
        to: email,
        subject: `Confirm your new email address on ${site.siteName}`,
        intro: `${user.username} asked to use this address for their account on ${site.siteName}.`,
        how: 'To make the change, open this link within a day. It works once:',
        link: `${site.publicUrl}/account/email/confirm?token=${token}`,
        after: 'If you did not ask for this, ignore this message: nothing changes.',
      }),
    );
    const notice = `Someone logged in to your account “${user.username}” on ${site.siteName} asked to move it to the address ${masked(email)}. It changes only when the link sent there is opened. If that was not you, change your password now: the link stops working when you do.`;
    await enqueueMail(trx, {
      to: user.email,
      subject: `Your email address on ${site.siteName} is being changed`,
      text: `${notice}\n`,
      html: `<p>${escapeHtml(notice)}</p>`,
    });
  });
  return ok({ to: email });
}

/** Moves the account to the address the link was sent to; the address is confirmed by it. */
export async function confirmEmailChange(
  db: Kysely<DB>,
  token: string,
  now = new Date(),
): Promise<{ ok: true; userId: number; email: string } | { ok: false }> {
  const link = await accountLink(db, token, 'email', now);
  if (!link.usable || !link.detail) return { ok: false };
  const email = link.detail;
  const done = await spendAccountLinkAnd(db, link, (trx) => setEmail(trx, link.userId, email, now.toISOString()), now);
  return done ? { ok: true, userId: link.userId, email } : { ok: false };
}
