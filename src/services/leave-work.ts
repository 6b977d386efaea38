import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canRemoveCreator, canSeeWork, type Viewer } from '../policies/index.js';
import { loadWork } from '../store/work.store.js';
import { deleteCreatorshipsOfUser } from '../store/creatorship.store.js';
import { reindexWork } from '../search/work-index.js';
import { NOT_FOUND, fail, ok, type ServiceResult } from './result.js';

/** Takes the viewer (all their pseuds) off a work they share with other creators. */
export async function leaveWork(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
): Promise<ServiceResult<{ workId: number }>> {
  const userId = viewer.user?.id;
  return db.transaction().execute(async (trx) => {
    const work = await loadWork(trx, workId);
    if (!work || !canSeeWork(viewer, work)) return NOT_FOUND;
    if (userId === undefined || !canRemoveCreator(viewer, work, userId)) {
      const creator = work.creators.some((c) => c.userId === userId);
      return fail(
        403,
        creator
          ? { _: 'You are this work’s only creator, so you cannot remove yourself; delete the work instead.' }
          : { _: 'Only a work’s creators can remove themselves from it, and only themselves.' },
      );
    }
    await deleteCreatorshipsOfUser(trx, workId, userId);
    await reindexWork(trx, workId);
    return ok({ workId });
  });
}
