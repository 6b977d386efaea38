import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { EmailSchema, PasswordSchema, zodProblem, type FieldErrors } from '../domain/work-input.js';
import { findUserByUsername, insertUser } from '../store/user.store.js';
import { insertPseud } from '../store/pseud.store.js';
import { hashPassword } from './password.js';
import { TERMS_VERSION } from '../domain/terms.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';
import { queueConfirmationMail } from './email-confirmation.js';
import type { MailSite } from './account-mail.js';
import { inviteCodeUsable, spendInvite } from './invitations.js';
import { usernameProblem } from './username-rules.js';

export interface AccountInput {
  username: string;
  email: string;
  password: string;
  passwordConfirmation?: string;
  /** Sign-up requires both; the CLI (an admin acting) does not ask. */
  acceptTerms?: boolean;
  confirmAge?: boolean;
  isAdmin?: boolean;
  /** Whether the terms and age boxes must be ticked (web sign-up). */
  requireConsent: boolean;
  /**
   * Web sign-up: the account starts unconfirmed, and a link to confirm the address is mailed in the
   * same transaction. Absent (the CLI, an admin acting), the address counts as confirmed.
   */
  confirmByMail?: MailSite;
  /** The Terms' version the reader was shown (the site's, see domain/site-settings.ts); TERMS_VERSION when absent. */
  termsVersion?: string;
  /** Sign-up by invitation: the code, spent in the account's transaction. */
  inviteCode?: string;
}

/** What a code that is unknown or used already gets (the spent code of a race included). */
export const INVITE_UNUSABLE = 'This invitation code is not valid or has been used already.';

/** Thrown inside the transaction when another sign-up spent the code first: nothing is kept. */
class InviteSpent extends Error {}

/** Creates a user with their default pseud (named as the username). */
export async function createAccount(
  db: Kysely<DB>,
  input: AccountInput,
): Promise<ServiceResult<{ userId: number; username: string }>> {
  const errors: FieldErrors = {};
  const put = (f: string, p: string | undefined) => p && (errors[f] = p);
  put('username', await usernameProblem(db, input.username));
  put('email', zodProblem(EmailSchema, input.email));
  put('password', zodProblem(PasswordSchema, input.password));
  if (input.passwordConfirmation !== undefined && input.passwordConfirmation !== input.password) {
    errors.passwordConfirmation = 'The passwords do not match.';
  }
  if (input.requireConsent) {
    if (!input.acceptTerms) errors.acceptTerms = 'You must accept the Terms of Service to sign up.';
    if (!input.confirmAge) errors.confirmAge = 'You must be 13 or older to sign up.';
  }
  const username = input.username.trim();
  if (Object.keys(errors).length > 0) return fail(400, errors);
  if (input.inviteCode !== undefined && !(await inviteCodeUsable(db, input.inviteCode)))
    return fail(403, { invite: INVITE_UNUSABLE });

  const passwordHash = await hashPassword(input.password);
  try {
    const userId = await db.transaction().execute(async (trx) => {
      const now = nowIso();
      const id = await insertUser(trx, {
        username,
        email: input.email.trim(),
        passwordHash,
        isAdmin: input.isAdmin === true,
        now,
        confirmed: input.confirmByMail === undefined,
        ...(input.requireConsent ? { termsVersion: input.termsVersion ?? TERMS_VERSION } : {}),
      });
      await insertPseud(trx, { userId: id, name: username, isDefault: true, now });
      if (input.inviteCode !== undefined && !(await spendInvite(trx, input.inviteCode, id, now)))
        throw new InviteSpent();
      if (input.confirmByMail)
        await queueConfirmationMail(trx, { id, username, email: input.email.trim() }, input.confirmByMail);
      return id;
    });
    return ok({ userId, username });
  } catch (e) {
    if (e instanceof InviteSpent) return fail(403, { invite: INVITE_UNUSABLE });
    // Two sign-ups racing for one name: the unique index decides.
    if (await findUserByUsername(db, username)) return fail(409, { username: 'That username is taken.' });
    throw e;
  }
}
