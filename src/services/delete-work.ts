import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canEditWork, canSeeWork, type Viewer } from '../policies/index.js';
import { deleteWorkRow, loadWork } from '../store/work.store.js';
import { unindexWork } from '../search/work-index.js';
import { FORBIDDEN, NOT_FOUND, ok, type ServiceResult } from './result.js';

/** Deletes a work and its chapters for good (the page asks for confirmation first). */
export async function deleteWork(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
): Promise<ServiceResult<{ title: string }>> {
  const work = await loadWork(db, workId);
  if (!work || !canSeeWork(viewer, work)) return NOT_FOUND;
  if (!canEditWork(viewer, work)) return FORBIDDEN;
  await db.transaction().execute(async (trx) => {
    await unindexWork(trx, workId);
    await deleteWorkRow(trx, workId);
  });
  return ok({ title: work.title });
}
