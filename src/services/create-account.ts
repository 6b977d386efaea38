import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { EmailSchema, PasswordSchema, UsernameSchema, zodProblem, type FieldErrors } from '../domain/work-input.js';
import { findUserByUsername, insertUser } from '../store/user.store.js';
import { insertPseud } from '../store/pseud.store.js';
import { hashPassword } from './password.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';
import { TERMS_VERSION } from '../domain/terms.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';
import { queueConfirmationMail } from './email-confirmation.js';
import type { MailSite } from './account-mail.js';

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
}

/** Creates a user with their default pseud (named as the username). */
export async function createAccount(
  db: Kysely<DB>,
  input: AccountInput,
): Promise<ServiceResult<{ userId: number; username: string }>> {
  const errors: FieldErrors = {};
  const put = (f: string, p: string | undefined) => p && (errors[f] = p);
  put('username', zodProblem(UsernameSchema, input.username));
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
  if (!errors.username && username.toLowerCase() === ORPHAN_ACCOUNT) errors.username = 'That username is reserved.';
  if (!errors.username && (await findUserByUsername(db, username))) errors.username = 'That username is taken.';
  if (Object.keys(errors).length > 0) return fail(400, errors);

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
        ...(input.requireConsent ? { termsVersion: TERMS_VERSION } : {}),
      });
      await insertPseud(trx, { userId: id, name: username, isDefault: true, now });
      if (input.confirmByMail)
        await queueConfirmationMail(trx, { id, username, email: input.email.trim() }, input.confirmByMail);
      return id;
    });
    return ok({ userId, username });
  } catch (e) {
    // Two sign-ups racing for one name: the unique index decides.
    if (await findUserByUsername(db, username)) return fail(409, { username: 'That username is taken.' });
    throw e;
  }
}
