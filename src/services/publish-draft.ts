import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canEditWork, canSeeWork, canWriteWork, type Viewer } from '../policies/index.js';
import { loadWork, updateWorkRow } from '../store/work.store.js';
import { logWorkChange } from '../store/work-changes.store.js';
import { enqueueFanOut } from './fan-out.js';
import { FORBIDDEN, NOT_FOUND, fail, nowIso, ok, type ServiceResult, SUSPENDED_WRITER } from './result.js';

/** Posts a draft: from now on it is visible per its restricted flag. */
export async function publishDraft(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
): Promise<ServiceResult<{ workId: number }>> {
  const work = await loadWork(db, workId);
  if (!work || !canSeeWork(viewer, work)) return NOT_FOUND;
  if (!canEditWork(viewer, work)) return FORBIDDEN;
  if (!canWriteWork(viewer, work)) return SUSPENDED_WRITER;
  if (work.posted) return fail(409, { _: 'This work is already posted.' });
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await updateWorkRow(trx, workId, { posted: 1, published_at: now, updated_at: now });
    // Listings, caches and the filter index learn of the newly visible work from the log.
    await logWorkChange(trx, workId);
    const first = work.chapters[0];
    if (first) await enqueueFanOut(trx, { kind: 'work', workId, chapterId: first.id });
  });
  return ok({ workId });
}
