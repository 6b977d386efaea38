import type { Executor } from './executor.js';
import type { ChapterRow } from './schema.js';
import type { Chapter } from '../domain/work.js';
import { insertRows } from './bulk-insert.js';

export interface ChapterValues {
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  body: string;
  wordCount: number;
}

export function toChapter(r: ChapterRow): Chapter {
  return {
    id: r.id,
    workId: r.work_id,
    position: r.position,
    title: r.title,
    summary: r.summary,
    notes: r.notes,
    endNotes: r.end_notes,
    body: r.body,
    wordCount: r.word_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function chapterRow(workId: number, position: number, v: ChapterValues, now: string) {
  return {
    work_id: workId,
    position,
    title: v.title,
    summary: v.summary,
    notes: v.notes,
    end_notes: v.endNotes,
    body: v.body,
    word_count: v.wordCount,
    created_at: now,
    updated_at: now,
  };
}

export async function insertChapter(
  db: Executor,
  workId: number,
  position: number,
  v: ChapterValues,
  now: string,
): Promise<number> {
  const row = await db
    .insertInto('chapters')
    .values(chapterRow(workId, position, v, now))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts the chapters of new works with multi-row statements. */
export async function insertChapters(
  db: Executor,
  chapters: Array<{ workId: number; position: number; values: ChapterValues }>,
  now: string,
): Promise<void> {
  await insertRows(
    db,
    'chapters',
    chapters.map(({ workId, position, values }) => chapterRow(workId, position, values, now)),
  );
}

export async function updateChapter(db: Executor, chapterId: number, v: ChapterValues, now: string): Promise<void> {
  await db
    .updateTable('chapters')
    .set({
      title: v.title,
      summary: v.summary,
      notes: v.notes,
      end_notes: v.endNotes,
      body: v.body,
      word_count: v.wordCount,
      updated_at: now,
    })
    .where('id', '=', chapterId)
    .execute();
}

export async function deleteChapterRow(db: Executor, chapterId: number): Promise<void> {
  await db.deleteFrom('chapters').where('id', '=', chapterId).execute();
}

export async function findChapter(db: Executor, workId: number, position: number): Promise<Chapter | undefined> {
  const r = await db
    .selectFrom('chapters')
    .selectAll()
    .where('work_id', '=', workId)
    .where('position', '=', position)
    .executeTakeFirst();
  return r && toChapter(r);
}

export async function listChapters(db: Executor, workId: number): Promise<Chapter[]> {
  const rows = await db.selectFrom('chapters').selectAll().where('work_id', '=', workId).orderBy('position').execute();
  return rows.map(toChapter);
}

/** How many characters of text the work's chapters hold together (drafts included). */
export async function workTextLength(db: Executor, workId: number): Promise<number> {
  const row = await db
    .selectFrom('chapters')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb.fn('length', ['body'])), eb.val(0)).as('n'))
    .where('work_id', '=', workId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Gives the chapters the positions 1..n in the order of `orderedIds`. */
export async function setChapterPositions(db: Executor, orderedIds: number[]): Promise<void> {
  for (const [i, id] of orderedIds.entries()) {
    await db
      .updateTable('chapters')
      .set({ position: i + 1 })
      .where('id', '=', id)
      .execute();
  }
}

/** A chapter by its own id: its work and place, for a report of it. */
export async function findChapterById(
  db: Executor,
  id: number,
): Promise<{ id: number; workId: number; position: number; title: string } | undefined> {
  return db
    .selectFrom('chapters')
    .select(['id', 'work_id as workId', 'position', 'title'])
    .where('id', '=', id)
    .executeTakeFirst();
}
