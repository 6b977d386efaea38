import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import { findUserById, setEmailConfirmed } from '../store/user.store.js';
import { countThisHour } from './rate-limits.js';
import type { Viewer } from '../policies/index.js';
import { accountLink, issueAccountToken, spendAccountLinkAnd } from './account-tokens.js';
import { linkMail, type MailSite } from './account-mail.js';
import { enqueueMail } from './mail.js';

export const CONFIRM_LINK_SPENT =
  'This confirmation link has expired or has already been used. If your address is not confirmed yet, log in and ask for a new link.';

/** Confirmation mails a member may ask to be sent again in an hour. */
export const RESENDS_PER_HOUR = 3;

/** Queues the mail with a link that confirms the member's address; call in the transaction that needs it. */
export async function queueConfirmationMail(
  db: Executor,
  user: { id: number; username: string; email: string },
  site: MailSite,
  now = new Date(),
): Promise<void> {
  const token = await issueAccountToken(db, user.id, 'confirm', now);
  await enqueueMail(
    db,
    linkMail({
      to: user.email,
      subject: `Confirm your email address on ${site.siteName}`,
      intro: `Welcome to ${site.siteName}, ${user.username}. You can read already; to post works and comment, confirm that this address is yours.`,
      how: 'Open this link within a week to confirm it:',
      link: `${site.publicUrl}/confirm?token=${token}`,
      after: 'If you did not sign up, ignore this message: the account stays unconfirmed.',
    }),
  );
}

/** Confirms the address the link was sent to; false when the link is unknown, spent or expired. */
export async function confirmEmail(
  db: Kysely<DB>,
  token: string,
  now = new Date(),
): Promise<{ ok: true; userId: number; username: string } | { ok: false }> {
  const link = await accountLink(db, token, 'confirm', now);
  if (!link.usable) return { ok: false };
  const done = await spendAccountLinkAnd(
    db,
    link,
    (trx) => setEmailConfirmed(trx, link.userId, now.toISOString()),
    now,
  );
  return done ? { ok: true, userId: link.userId, username: link.username } : { ok: false };
}

/**
 * Sends the viewer a new confirmation link, at most three an hour; 'confirmed' when there is
 * nothing to confirm, 'limited' past the limit.
 */
export async function resendConfirmation(
  db: Kysely<DB>,
  viewer: Viewer,
  site: MailSite,
  now = new Date(),
): Promise<'sent' | 'confirmed' | 'limited'> {
  const id = viewer.user?.id;
  const user = id === undefined ? undefined : await findUserById(db, id);
  if (!user || user.confirmed_at !== null) return 'confirmed';
  if ((await countThisHour(db, `confirm:u:${user.id}`, now.getTime())) > RESENDS_PER_HOUR) return 'limited';
  await db
    .transaction()
    .execute((trx) =>
      queueConfirmationMail(trx, { id: user.id, username: user.username, email: user.email }, site, now),
    );
  return 'sent';
}
