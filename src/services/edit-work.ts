import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canEditWork, canSeeWork, type Viewer } from '../policies/index.js';
import { validateWorkMeta, type WorkMetaInput } from '../domain/work-input.js';
import { loadWork, replaceCreators, updateWorkRow } from '../store/work.store.js';
import { TagTypeConflict } from '../store/tag.store.js';
import { workTextFields } from './work-text.js';
import { saveWorkTags } from './work-tags.js';
import { saveWorkSeries } from './work-series.js';
import { resolveCreators } from './resolve-creators.js';
import { reindexWork } from '../search/work-index.js';
import { fieldOfType } from './post-work.js';
import { FORBIDDEN, NOT_FOUND, fail, nowIso, ok, type ServiceResult } from './result.js';

/** Changes a work's metadata (not its chapters). Writes nothing when invalid. */
export async function editWork(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  input: { meta: WorkMetaInput; pseudIds?: number[] },
): Promise<ServiceResult<{ workId: number }>> {
  const work = await loadWork(db, workId);
  if (!work || !canSeeWork(viewer, work)) return NOT_FOUND;
  if (!canEditWork(viewer, work) || !viewer.user) return FORBIDDEN;
  const meta = validateWorkMeta(input.meta);
  if (!meta.ok) return fail(400, meta.errors);
  const m = meta.value;
  const userId = viewer.user.id;
  try {
    return await db.transaction().execute(async (trx) => {
      const creators = await resolveCreators(trx, userId, input.pseudIds ?? [], m.coCreators);
      if (!creators.ok) return fail(400, creators.errors);
      const now = nowIso();
      await updateWorkRow(trx, workId, {
        title: m.title,
        ...workTextFields(m),
        language: m.language,
        restricted: m.restricted ? 1 : 0,
        expected_chapters: m.expectedChapters,
        // A metadata edit is not an update readers are told about (AO3 likewise).
        ...(work.posted ? {} : { updated_at: now }),
      });
      await saveWorkTags(trx, workId, m, now);
      await replaceCreators(trx, workId, creators.pseudIds);
      await saveWorkSeries(trx, userId, workId, m.series, now);
      await reindexWork(trx, workId);
      return ok({ workId });
    });
  } catch (e) {
    if (e instanceof TagTypeConflict) return fail(400, { [fieldOfType(e.wantedType)]: e.message });
    throw e;
  }
}
