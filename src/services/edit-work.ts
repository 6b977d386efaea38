import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canEditWork, canInviteCoCreators, canSeeWork, canWriteWork, type Viewer } from '../policies/index.js';
import { validateWorkMeta, type WorkMetaInput } from '../domain/work-input.js';
import { loadWork, replaceCreators, updateWorkRow } from '../store/work.store.js';
import { TagTypeConflict } from '../store/tag.store.js';
import { insertCreatorInvitations, listCreatorshipsOfWork } from '../store/creatorship.store.js';
import { workTextFields } from './work-text.js';
import { saveWorkTags } from './work-tags.js';
import { saveWorkSeries } from './work-series.js';
import { resolveCreators } from './resolve-creators.js';
import { reindexWork } from '../search/work-index.js';
import { fieldOfType } from './post-work.js';
import { FORBIDDEN, NOT_FOUND, fail, nowIso, ok, type ServiceResult, SUSPENDED_WRITER } from './result.js';

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
  if (!canWriteWork(viewer, work)) return SUSPENDED_WRITER;
  const meta = validateWorkMeta(input.meta);
  if (!meta.ok) return fail(400, meta.errors);
  const m = meta.value;
  const userId = viewer.user.id;
  try {
    return await db.transaction().execute(async (trx) => {
      const creators = await resolveCreators(trx, userId, input.pseudIds ?? [], m.coCreators);
      if (!creators.ok) return fail(400, creators.errors);
      if (creators.invitePseudIds.length > 0 && !canInviteCoCreators(viewer, work))
        return fail(403, { coCreators: 'Only the work’s creators can invite co-creators.' });
      // The editor changes only their own pseuds on the byline; the other creators stay where they are.
      const byline = withOwnPseuds(await listCreatorshipsOfWork(trx, workId), userId, creators.pseudIds);
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
      await replaceCreators(trx, workId, byline);
      // Newly named co-creators are invited; those already credited need no invitation.
      await insertCreatorInvitations(
        trx,
        workId,
        creators.invitePseudIds.filter((id) => !byline.includes(id)),
        userId,
        now,
      );
      await saveWorkSeries(trx, userId, workId, m.series, now);
      await reindexWork(trx, workId);
      return ok({ workId });
    });
  } catch (e) {
    if (e instanceof TagTypeConflict) return fail(400, { [fieldOfType(e.wantedType)]: e.message });
    throw e;
  }
}

/**
 * The byline after `userId` picks `ownPseudIds`: their pseuds replaced in place (at their first
 * position, or last when they had none), every other member's kept in order. Naming or leaving out
 * a co-creator on the form never takes them off: only they can remove themselves.
 */
export function withOwnPseuds(
  current: Array<{ pseudId: number; userId: number }>,
  userId: number,
  ownPseudIds: number[],
): number[] {
  const out: number[] = [];
  let placed = false;
  for (const c of current) {
    if (c.userId !== userId) out.push(c.pseudId);
    else if (!placed) {
      out.push(...ownPseudIds);
      placed = true;
    }
  }
  if (!placed) out.push(...ownPseudIds);
  return [...new Set(out)];
}
