import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import { EmailSchema, zodProblem } from '../domain/work-input.js';
import { canAdminister, type Viewer } from '../policies/index.js';
import {
  insertInviteCode,
  insertInviteRequest,
  inviteCodeUnused,
  markInvited,
  nextInviteRequests,
  queueLength,
  spendInviteCode,
  unusedCodeCount,
} from '../store/invitation.store.js';
import { hashOf } from './account-tokens.js';
import { linkMail, type MailSite } from './account-mail.js';
import { enqueueMail } from './mail.js';
import { recordAudit } from './audit-log.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';
import { countThisHour, type RateLimits } from './rate-limits.js';

/** Invitations one batch sends, and codes one request makes, at most. */
export const MAX_BATCH = 200;
export const MAX_CODES = 50;

export const QUEUE_JOINED =
  'Thank you. If this address was not in the queue already, it is now: invitations go out in batches, and one will come to it by mail.';

/** Where a code is used: the sign-up form, filled in. */
export const signupLink = (publicUrl: string, code: string) =>
  `${publicUrl.replace(/\/$/, '')}/signup?invite=${encodeURIComponent(code)}`;

const newCode = () => crypto.randomBytes(12).toString('base64url');
const ADMINS_ONLY = fail(403, { _: 'Only admins can do that.' });

export const QUEUE_TOO_MANY = 'Too many addresses were put in the queue from here in the last hour. Try again later.';

/**
 * Puts an address in the invitation queue; says the same whether or not it was there already.
 * Bounded per client address by the sign-up limit, counted like sign-ups are (per hour).
 */
export async function joinInviteQueue(
  db: Kysely<DB>,
  input: { email: string; address: string },
  limits: RateLimits,
): Promise<ServiceResult<null>> {
  const email = input.email.trim();
  const problem = zodProblem(EmailSchema, email);
  if (problem) return fail(400, { email: problem });
  if (
    limits.signupsPerAddress !== Infinity &&
    (await countThisHour(db, `invite:ip:${input.address}`)) > limits.signupsPerAddress
  )
    return fail(429, { _: QUEUE_TOO_MANY });
  await insertInviteRequest(db, { email, ip: input.address, now: nowIso() });
  return ok(null);
}

export async function invitationSummary(db: Kysely<DB>): Promise<{ waiting: number; unusedCodes: number }> {
  return { waiting: await queueLength(db), unusedCodes: await unusedCodeCount(db) };
}

const countOf = (n: number, max: number) =>
  Number.isInteger(n) && n >= 1 && n <= max ? undefined : `Give a whole number from 1 to ${max}.`;

/**
 * Sends invitations to the next `count` addresses of the queue: each a new code in a mail with the
 * sign-up link, queued in the same transaction as the code and the audit entry.
 */
export async function sendInvitations(
  db: Kysely<DB>,
  viewer: Viewer,
  count: number,
  site: MailSite,
): Promise<ServiceResult<{ sent: number }>> {
  if (!canAdminister(viewer)) return ADMINS_ONLY;
  const problem = countOf(count, MAX_BATCH);
  if (problem) return fail(400, { count: problem });
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    let sent = 0;
    for (const r of await nextInviteRequests(trx, count)) {
      // Another admin's batch may have taken it meanwhile (PostgreSQL); send each address one code.
      if (!(await markInvited(trx, r.id, now))) continue;
      const code = newCode();
      await insertInviteCode(trx, { codeHash: hashOf(code), createdBy: viewer.user?.id ?? null, requestId: r.id, now });
      await enqueueMail(
        trx,
        linkMail({
          to: r.email,
          subject: `Your invitation to ${site.siteName}`,
          intro: `You asked for an invitation to ${site.siteName}, and here it is.`,
          how: 'Open this link to create your account (the code in it works once):',
          link: signupLink(site.publicUrl, code),
          after: 'If you did not ask for it, ignore this mail: nothing happens without you.',
        }),
      );
      sent++;
    }
    await recordAudit(trx, viewer.user, 'invitations.sent', { kind: 'invite_requests', id: null }, { count: sent });
    return ok({ sent });
  });
}

/** Makes `count` codes for an admin to hand out; they are shown once, only their hashes are kept. */
export async function makeInviteCodes(
  db: Kysely<DB>,
  viewer: Viewer,
  count: number,
): Promise<ServiceResult<{ codes: string[] }>> {
  if (!canAdminister(viewer)) return ADMINS_ONLY;
  const problem = countOf(count, MAX_CODES);
  if (problem) return fail(400, { codes: problem });
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const codes = Array.from({ length: count }, newCode);
    for (const code of codes)
      await insertInviteCode(trx, { codeHash: hashOf(code), createdBy: viewer.user?.id ?? null, requestId: null, now });
    await recordAudit(trx, viewer.user, 'invite-codes.made', { kind: 'invite_codes', id: null }, { count });
    return ok({ codes });
  });
}

/** Whether a code may still be used to sign up. */
export function inviteCodeUsable(db: Executor, code: string): Promise<boolean> {
  return code ? inviteCodeUnused(db, hashOf(code.trim())) : Promise.resolve(false);
}

/** Spends a code on the account made in this transaction; false when it was spent meanwhile. */
export function spendInvite(db: Executor, code: string, userId: number, now: string): Promise<boolean> {
  return spendInviteCode(db, hashOf(code.trim()), userId, now);
}
