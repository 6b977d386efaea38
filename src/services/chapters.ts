import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canEditWork, canSeeWork, canWriteWork, type Viewer } from '../policies/index.js';
import { chapterCountProblem, validateChapter, workTextProblem, type ChapterInput } from '../domain/work-input.js';
import { loadWork, refreshWorkCounts, updateWorkRow } from '../store/work.store.js';
import {
  deleteChapterRow,
  findChapter,
  insertChapter,
  listChapters,
  setChapterPositions,
  updateChapter,
  workTextLength,
} from '../store/chapter.store.js';
import type { Work } from '../domain/work.js';
import { chapterValues } from './work-text.js';
import { reindexWork } from '../search/work-index.js';
import { enqueueFanOut } from './fan-out.js';
import { FORBIDDEN, NOT_FOUND, fail, nowIso, ok, type ServiceResult, SUSPENDED_WRITER } from './result.js';

type Editable = { ok: true; work: Work } | { ok: false; result: ReturnType<typeof fail> };

async function editableWork(db: Kysely<DB>, viewer: Viewer, workId: number): Promise<Editable> {
  const work = await loadWork(db, workId);
  if (!work || !canSeeWork(viewer, work)) return { ok: false, result: NOT_FOUND };
  if (!canEditWork(viewer, work)) return { ok: false, result: FORBIDDEN };
  return { ok: true, work };
}

/** Counts and the "updated" date follow every chapter change; only posted works tell readers. */
async function touch(db: Kysely<DB>, work: Work, now: string): Promise<void> {
  await refreshWorkCounts(db, work.id);
  await updateWorkRow(db, work.id, { updated_at: now });
  await reindexWork(db, work.id);
}

/** Appends a chapter to a work. */
export async function addChapter(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  input: ChapterInput,
): Promise<ServiceResult<{ position: number }>> {
  const e = await editableWork(db, viewer, workId);
  if (!e.ok) return e.result;
  if (!canWriteWork(viewer, e.work)) return SUSPENDED_WRITER;
  const tooMany = chapterCountProblem(e.work.chapters.length + 1);
  if (tooMany) return fail(413, { body: tooMany });
  const v = validateChapter(input);
  if (!v.ok) return fail(v.tooLarge ? 413 : 400, v.errors);
  const values = chapterValues(v.value);
  if ('tooLong' in values) return fail(413, { body: values.tooLong });
  const tooLarge = workTextProblem((await workTextLength(db, workId)) + values.body.length);
  if (tooLarge) return fail(413, { body: tooLarge });
  const position = e.work.chapters.length + 1;
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const chapterId = await insertChapter(trx, workId, position, values, now);
    await touch(trx, e.work, now);
    // Subscribers hear of chapters of posted works only; a draft's are told when it is posted.
    if (e.work.posted) await enqueueFanOut(trx, { kind: 'chapter', workId, chapterId });
  });
  return ok({ position });
}

/** Replaces one chapter's title, notes and text. */
export async function editChapter(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  position: number,
  input: ChapterInput,
): Promise<ServiceResult<{ position: number }>> {
  const e = await editableWork(db, viewer, workId);
  if (!e.ok) return e.result;
  if (!canWriteWork(viewer, e.work)) return SUSPENDED_WRITER;
  const chapter = e.work.chapters.find((c) => c.position === position);
  if (!chapter) return fail(404, { _: `This work has no chapter ${position}.` });
  const v = validateChapter(input);
  if (!v.ok) return fail(v.tooLarge ? 413 : 400, v.errors);
  const values = chapterValues(v.value);
  if ('tooLong' in values) return fail(413, { body: values.tooLong });
  const old = await findChapter(db, workId, position);
  const chars = (await workTextLength(db, workId)) - (old?.body.length ?? 0) + values.body.length;
  const tooLarge = workTextProblem(chars);
  // A work stored over the limit (before it existed) may still be shortened.
  if (tooLarge && values.body.length > (old?.body.length ?? 0)) return fail(413, { body: tooLarge });
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    await updateChapter(trx, chapter.id, values, now);
    await touch(trx, e.work, now);
  });
  return ok({ position });
}

/** Deletes a chapter and closes the gap; the last chapter cannot go (delete the work instead). */
export async function deleteChapter(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  position: number,
): Promise<ServiceResult<{ position: number }>> {
  const e = await editableWork(db, viewer, workId);
  if (!e.ok) return e.result;
  const chapter = e.work.chapters.find((c) => c.position === position);
  if (!chapter) return fail(404, { _: `This work has no chapter ${position}.` });
  if (e.work.chapters.length === 1)
    return fail(409, { _: 'A work needs at least one chapter. Delete the work instead.' });
  await db.transaction().execute(async (trx) => {
    await deleteChapterRow(trx, chapter.id);
    const rest = await listChapters(trx, workId);
    await setChapterPositions(
      trx,
      rest.map((c) => c.id),
    );
    await touch(trx, e.work, nowIso());
  });
  return ok({ position });
}

/** Puts the chapters in a new order, given as their current positions in the wanted order. */
export async function reorderChapters(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  order: number[],
): Promise<ServiceResult<{ count: number }>> {
  const e = await editableWork(db, viewer, workId);
  if (!e.ok) return e.result;
  const current = e.work.chapters;
  const sorted = [...order].sort((a, b) => a - b);
  const isPermutation = sorted.length === current.length && sorted.every((p, i) => p === current[i]!.position);
  if (!isPermutation)
    return fail(400, { order: `Give each chapter position from 1 to ${current.length} exactly once.` });
  const ids = order.map((p) => current.find((c) => c.position === p)!.id);
  await db.transaction().execute(async (trx) => {
    await setChapterPositions(trx, ids);
    await touch(trx, e.work, nowIso());
  });
  return ok({ count: ids.length });
}
