import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { FieldErrors } from '../domain/work-input.js';
import { canManageAccount, type Viewer } from '../policies/index.js';
import { findUserById } from '../store/user.store.js';
import { findRenamed, lastRenamedAt, renamePseudNamed, renameUser, workIdsOfUser } from '../store/rename.store.js';
import { reindexWork } from '../search/work-index.js';
import { usernameProblem } from './username-rules.js';
import { verifyPassword } from './password.js';
import { recordAudit } from './audit-log.js';
import { fail, ok, type ServiceResult } from './result.js';

/** A member changes their name at most once in this long (AO3: once a week). */
export const RENAME_EVERY_MS = 7 * 86_400_000;

/**
 * Changes the viewer's username, with their password. The old name stays theirs: every page under
 * `/users/OLD` redirects to the new one, and no one else may take it. Their default pseud, when it
 * still carries the old name, takes the new one (other pseuds are the member's own choice and stay);
 * each of their works is indexed again, so listings, filters and full-text search find the new name.
 * One transaction, with an audit entry.
 */
export async function changeUsername(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { username: string; password: string },
  now = new Date(),
): Promise<ServiceResult<{ oldName: string; username: string }>> {
  const userId = viewer.user?.id;
  if (!canManageAccount(viewer, userId) || userId === undefined)
    return fail(403, { _: 'Log in to change your username.' });
  const user = await findUserById(db, userId);
  if (!user) return fail(403, { _: 'Log in to change your username.' });
  const errors: FieldErrors = {};
  const username = input.username.trim();
  const problem = await usernameProblem(db, username, userId);
  if (problem) errors.username = problem;
  if (!(await verifyPassword(user.password_hash, input.password))) errors.password = 'Your password is incorrect.';
  if (Object.keys(errors).length > 0) return fail(400, errors);
  const last = await lastRenamedAt(db, userId);
  if (last && now.getTime() - Date.parse(last) < RENAME_EVERY_MS) {
    const next = new Date(Date.parse(last) + RENAME_EVERY_MS).toISOString().slice(0, 16).replace('T', ' ');
    return fail(429, { _: `You can change your username once a week: next after ${next} UTC.` });
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const at = now.toISOString();
      await renameUser(trx, { userId, oldName: user.username, newName: username, now: at });
      await renamePseudNamed(trx, { userId, oldName: user.username, newName: username });
      for (const workId of await workIdsOfUser(trx, userId)) await reindexWork(trx, workId);
      await recordAudit(
        trx,
        { id: userId, username },
        'username.changed',
        { kind: 'user', id: userId },
        { from: user.username, to: username },
      );
      return ok({ oldName: user.username, username });
    });
  } catch (e) {
    // Another member took the name meanwhile: the unique index decides.
    if (await usernameProblem(db, username, userId)) return fail(409, { username: 'That username is taken.' });
    throw e;
  }
}

/** The member a former username belongs to now, with their current name. */
export function currentNameOf(
  db: Kysely<DB>,
  oldName: string,
): Promise<{ userId: number; username: string } | undefined> {
  return findRenamed(db, oldName);
}
