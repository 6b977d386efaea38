import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Viewer } from '../policies/index.js';
import { canInviteCoCreators, canPostWork } from '../policies/index.js';
import {
  chapterCountProblem,
  validateChapter,
  validateWorkMeta,
  workTextProblem,
  type ChapterInput,
  type WorkMeta,
  type WorkMetaInput,
} from '../domain/work-input.js';
import { findWorkIdByImportKey, insertWork, refreshWorkCounts, replaceCreators } from '../store/work.store.js';
import { insertChapter } from '../store/chapter.store.js';
import { insertCreatorInvitations } from '../store/creatorship.store.js';
import { TagTypeConflict } from '../store/tag.store.js';
import { chapterValues, workTextFields } from './work-text.js';
import type { ChapterValues } from '../store/chapter.store.js';
import { saveWorkTags } from './work-tags.js';
import { saveWorkSeries } from './work-series.js';
import { resolveCreators } from './resolve-creators.js';
import { reindexWork } from '../search/work-index.js';
import { enqueueFanOut } from './fan-out.js';
import { fail, nowIso, ok, type ServiceResult } from './result.js';

export interface PostWorkInput {
  meta: WorkMetaInput;
  chapter: ChapterInput;
  /** The writer's own pseuds to post under; the default pseud when empty. */
  pseudIds?: number[];
  /** Save as a draft (only the creators see it) instead of posting. */
  draft: boolean;
  /** For imports: keep an original publication date. */
  publishedAt?: string;
  /** For imports: keep the date the source was last updated (after publishedAt). */
  updatedAt?: string;
  /** Further chapters, posted in the same transaction (imports of several files). */
  moreChapters?: ChapterInput[];
  /** For imports: a fingerprint of the source; a second import of it returns the first work. */
  importKey?: string;
}

/** A post that passed validation: the writer, the normalised metadata and the sanitized chapters. */
export interface PreparedPost {
  userId: number;
  meta: WorkMeta;
  chapters: ChapterValues[];
}

/**
 * Everything postWork checks before it touches the database: may the viewer post, are the metadata
 * and chapters valid, and the sanitized chapter values with their word counts. Shared with
 * bulkPostWorks, so a bulk-posted work is stored exactly as a posted one.
 */
export function preparePost(
  viewer: Viewer,
  input: PostWorkInput,
): { ok: true; value: PreparedPost } | ReturnType<typeof fail> {
  if (!canPostWork(viewer) || !viewer.user) return fail(403, { _: 'Log in to post a work.' });
  const meta = validateWorkMeta(input.meta);
  const count = 1 + (input.moreChapters?.length ?? 0);
  // Counted before any chapter is looked at: validating and sanitizing them is the expensive part.
  const tooMany = chapterCountProblem(count);
  if (tooMany) return fail(413, { ...(meta.ok ? {} : meta.errors), body: tooMany });
  const chapters = [input.chapter, ...(input.moreChapters ?? [])].map(validateChapter);
  const errors = { ...(meta.ok ? {} : meta.errors) };
  const allValues: ChapterValues[] = [];
  let chars = 0;
  let tooBig = false;
  for (const [i, ch] of chapters.entries()) {
    if (!ch.ok) {
      tooBig ||= ch.tooLarge === true;
      for (const [k, msg] of Object.entries(ch.errors))
        errors[k] ??= chapters.length > 1 ? `Chapter ${i + 1}: ${msg}` : msg;
      continue;
    }
    const v = chapterValues(ch.value);
    if ('tooLong' in v) {
      errors.body ??= v.tooLong;
      tooBig = true;
    } else allValues.push(v);
    chars += 'tooLong' in v ? 0 : v.body.length;
    // Past the limit the rest of the chapters are not sanitized: the work is refused whatever they hold.
    const tooLarge = workTextProblem(chars, i < chapters.length - 1);
    if (tooLarge) {
      errors.body ??= tooLarge;
      tooBig = true;
      break;
    }
  }
  if (!meta.ok || Object.keys(errors).length > 0) return fail(tooBig ? 413 : 400, errors);
  return ok({ userId: viewer.user.id, meta: meta.value, chapters: allValues });
}

/** Creates a work with its first chapter, as a draft or posted. Writes nothing when invalid. */
export async function postWork(
  db: Kysely<DB>,
  viewer: Viewer,
  input: PostWorkInput,
): Promise<ServiceResult<{ workId: number; existing: boolean }>> {
  const prepared = preparePost(viewer, input);
  if (!prepared.ok) return prepared;
  const { userId, meta: m, chapters: allValues } = prepared.value;

  try {
    return await db.transaction().execute(async (trx) => {
      if (input.importKey) {
        const existing = await findWorkIdByImportKey(trx, input.importKey);
        if (existing !== undefined) return ok({ workId: existing, existing: true });
      }
      const creators = await resolveCreators(trx, userId, input.pseudIds ?? [], m.coCreators);
      if (!creators.ok) return fail(400, creators.errors);
      if (creators.invitePseudIds.length > 0 && !canInviteCoCreators(viewer, undefined))
        return fail(403, { coCreators: 'You cannot invite co-creators.' });
      const now = nowIso();
      const published = input.draft ? null : (input.publishedAt ?? now);
      const workId = await insertWork(trx, {
        title: m.title,
        ...workTextFields(m),
        language: m.language,
        restricted: m.restricted ? 1 : 0,
        expected_chapters: m.expectedChapters,
        posted: input.draft ? 0 : 1,
        published_at: published,
        updated_at: published ? (input.updatedAt ?? published) : now,
        created_at: now,
        word_count: 0,
        chapter_count: 0,
        import_key: input.importKey ?? null,
      });
      await saveWorkTags(trx, workId, m, now);
      await replaceCreators(trx, workId, creators.pseudIds);
      // Co-creators named on the form are asked, not credited: they show once they accept.
      await insertCreatorInvitations(trx, workId, creators.invitePseudIds, userId, now);
      await saveWorkSeries(trx, userId, workId, m.series, now);
      const chapterIds: number[] = [];
      for (const [i, values] of allValues.entries())
        chapterIds.push(await insertChapter(trx, workId, i + 1, values, now));
      await refreshWorkCounts(trx, workId);
      await reindexWork(trx, workId);
      if (!input.draft && chapterIds[0] !== undefined)
        await enqueueFanOut(trx, { kind: 'work', workId, chapterId: chapterIds[0] });
      return ok({ workId, existing: false });
    });
  } catch (e) {
    if (e instanceof TagTypeConflict) return fail(400, { [fieldOfType(e.wantedType)]: e.message });
    throw e;
  }
}

export function fieldOfType(type: string): string {
  return (
    { fandom: 'fandoms', relationship: 'relationships', character: 'characters', freeform: 'freeforms' }[type] ??
    'freeforms'
  );
}
