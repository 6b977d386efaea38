import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import { canDeleteAccount, canOrphanWork, type Viewer } from '../policies/index.js';
import { findUserById } from '../store/user.store.js';
import { deleteSessionsOfUser } from '../store/session.store.js';
import { deleteAccessTokensOfUser } from '../store/access-token.store.js';
import { markDeleting, worksOfAccount, type AccountWork } from '../store/account-deletion.store.js';
import { moveCreditsToOrphan, orphanPseudId } from '../store/orphan.store.js';
import { loadWork } from '../store/work.store.js';
import { enqueueJob } from '../store/job.store.js';
import { reindexWork } from '../search/work-index.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';
import { escapeHtml } from '../domain/escape-html.js';
import { verifyPassword } from './password.js';
import { ORPHAN_MAX_WORKS } from './orphan-works.js';
import { enqueueMail } from './mail.js';
import type { MailSite } from './account-mail.js';
import { FORBIDDEN, fail, ok, type ServiceResult } from './result.js';

/** The job that removes a deleted account's works, bookmarks, kudos and the rest (delete-account-job.ts). */
export const DELETE_ACCOUNT_JOB = 'delete-account';

/** What happens to a posted work when its creator deletes their account. */
export type WorkChoice = 'orphan' | 'delete';

export interface DeleteAccountInput {
  password: string;
  /** For every posted work without a choice of its own. */
  defaultChoice: WorkChoice;
  /** Per posted work, by id; drafts are always deleted. */
  choices: ReadonlyMap<number, WorkChoice>;
  /** Orphaned works keep the member's pseud's name (on the orphan account), as orphaning does. */
  keepPseudName: boolean;
}

/** The works the deletion page offers a choice for, and the drafts it will delete. */
export async function worksToLeave(
  db: Kysely<DB>,
  viewer: Viewer,
): Promise<ServiceResult<{ posted: AccountWork[]; drafts: AccountWork[] }>> {
  const userId = viewer.user?.id;
  if (!canDeleteAccount(viewer, userId) || userId === undefined) return FORBIDDEN;
  const works = await worksOfAccount(db, userId);
  return ok({ posted: works.filter((w) => w.posted), drafts: works.filter((w) => !w.posted) });
}

/**
 * Deletes the viewer's account, once they give their password. In one transaction: the account is
 * marked as being deleted (it no longer logs in, and its username stays taken until it is gone),
 * every session and access token ends, the works chosen for orphaning go to the orphan account,
 * and a background job is queued that removes the rest in bounded steps: the other works (a work
 * shared with co-creators loses only this member's credit), bookmarks, kudos, subscriptions,
 * history, and at last the account itself. Comments stay, signed by "A former member".
 */
export async function deleteAccount(
  db: Kysely<DB>,
  viewer: Viewer,
  input: DeleteAccountInput,
  site: MailSite | undefined,
  now = new Date(),
): Promise<ServiceResult<{ orphaned: number; deleted: number }>> {
  const userId = viewer.user?.id;
  if (!canDeleteAccount(viewer, userId) || userId === undefined) return FORBIDDEN;
  const user = await findUserById(db, userId);
  if (!user || user.deleting_at !== null) return FORBIDDEN;
  if (!(await verifyPassword(user.password_hash, input.password)))
    return fail(400, { password: 'Your password is incorrect.' });
  const works = await worksOfAccount(db, userId);
  const byId = new Map(works.map((w) => [w.id, w]));
  const unknown = [...input.choices.keys()].filter((id) => !byId.get(id)?.posted);
  if (unknown.length > 0)
    return fail(400, {
      _: `Works ${unknown.join(', ')} are not posted works of yours: choose only for the works listed.`,
    });
  const orphaned = works.filter((w) => w.posted && (input.choices.get(w.id) ?? input.defaultChoice) === 'orphan');
  if (orphaned.length > ORPHAN_MAX_WORKS)
    return fail(413, {
      _: `At most ${ORPHAN_MAX_WORKS} works can be orphaned with the account. Orphan the others first from your account page.`,
    });
  const at = now.toISOString();
  const done = await db.transaction().execute(async (trx) => {
    if (!(await markDeleting(trx, userId, at))) return false;
    await deleteSessionsOfUser(trx, userId);
    await deleteAccessTokensOfUser(trx, userId);
    for (const w of orphaned) await orphanOne(trx, viewer, w.id, input.keepPseudName, at);
    // Keyed by the moment asked: a retried request adds no second job.
    await enqueueJob(
      trx,
      { kind: DELETE_ACCOUNT_JOB, key: `delete-account:${userId}:${at}`, payload: { userId } },
      now,
    );
    if (site) {
      const text = `Your account “${user.username}” on ${site.siteName} is being deleted, as you asked. ${orphaned.length} of your works stay on the archive, credited to ${ORPHAN_ACCOUNT}; the rest of what the archive held for you is being removed. This cannot be undone.`;
      await enqueueMail(trx, {
        to: user.email,
        subject: `Your account on ${site.siteName} is being deleted`,
        text: `${text}\n`,
        html: `<p>${escapeHtml(text)}</p>`,
      });
    }
    return true;
  });
  if (!done) return FORBIDDEN;
  return ok({ orphaned: orphaned.length, deleted: works.length - orphaned.length });
}

/** One work's credit to the orphan account, as orphan-works.ts does it, inside the deletion's transaction. */
async function orphanOne(trx: Executor, viewer: Viewer, workId: number, keepPseudName: boolean, at: string) {
  const work = await loadWork(trx, workId);
  // Listed a moment ago as the member's posted work; one that changed since is left to the job.
  if (!work || !canOrphanWork(viewer, work)) return;
  const userId = viewer.user!.id;
  const pseud = keepPseudName
    ? (work.creators.find((c) => c.userId === userId)?.pseud ?? ORPHAN_ACCOUNT)
    : ORPHAN_ACCOUNT;
  await moveCreditsToOrphan(trx, workId, userId, await orphanPseudId(trx, pseud, at));
  await reindexWork(trx, workId);
}
