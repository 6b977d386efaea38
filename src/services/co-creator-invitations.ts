import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canAnswerCoCreatorInvitation, canSeeCoCreatorRequests, type Viewer } from '../policies/index.js';
import {
  addCreatorship,
  countInvitationsOfUser,
  deleteCreatorInvitation,
  findCreatorInvitation,
  listInvitationsOfUser,
  listSharedWorksOfUser,
  type PendingInvitation,
} from '../store/creatorship.store.js';
import { reindexWork } from '../search/work-index.js';
import { fail, ok, type ServiceResult } from './result.js';

export type { PendingInvitation } from '../store/creatorship.store.js';

export interface CoCreatorRequests {
  pending: PendingInvitation[];
  /** Works the member shares with other creators: the ones they may take themselves off. */
  shared: Array<{ id: number; title: string; posted: number }>;
}

const NOT_YOURS = fail(403, { _: 'Only the member who was invited can see or answer co-creator invitations.' });

/** The viewer's own pending co-creator invitations and shared works. */
export async function coCreatorRequests(
  db: Kysely<DB>,
  viewer: Viewer,
  userId: number | undefined,
): Promise<ServiceResult<CoCreatorRequests>> {
  if (!canSeeCoCreatorRequests(viewer, userId) || userId === undefined) return NOT_YOURS;
  const [pending, shared] = await Promise.all([listInvitationsOfUser(db, userId), listSharedWorksOfUser(db, userId)]);
  return ok({ pending, shared });
}

/** How many invitations wait for the viewer (0 for guests). */
export async function pendingInvitationCount(db: Kysely<DB>, viewer: Viewer): Promise<number> {
  const id = viewer.user?.id;
  if (!canSeeCoCreatorRequests(viewer, id) || id === undefined) return 0;
  return countInvitationsOfUser(db, id);
}

/**
 * Accepts (the invited pseud is credited, last on the byline) or declines an invitation; either
 * way it is gone. Only the invited member may answer.
 */
export async function answerCoCreatorInvitation(
  db: Kysely<DB>,
  viewer: Viewer,
  invitationId: number,
  accept: boolean,
): Promise<ServiceResult<{ workId: number }>> {
  return db.transaction().execute(async (trx) => {
    const inv = await findCreatorInvitation(trx, invitationId);
    if (!canAnswerCoCreatorInvitation(viewer, inv) || !inv) {
      return inv ? NOT_YOURS : fail(404, { _: 'There is no such invitation; it may have been answered already.' });
    }
    if (accept) await addCreatorship(trx, inv.workId, inv.pseudId);
    await deleteCreatorInvitation(trx, inv.id);
    // The byline is part of the work's index entry, sort key and every cached page showing it.
    if (accept) await reindexWork(trx, inv.workId);
    return ok({ workId: inv.workId });
  });
}
