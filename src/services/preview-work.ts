import {
  validateChapter,
  validateWorkMeta,
  type ChapterInput,
  type FieldErrors,
  type WorkMetaInput,
} from '../domain/work-input.js';
import { emptyTags, type Chapter, type Work } from '../domain/work.js';
import type { Viewer } from '../policies/index.js';
import { textToHtml } from '../domain/safe-html.js';
import { chapterValues } from './work-text.js';

/** Builds the work a writer is about to post, exactly as it would be shown, without saving anything. */
export function previewWork(
  viewer: Viewer,
  input: { meta: WorkMetaInput; chapter: ChapterInput },
): { ok: true; work: Work; chapter: Chapter } | { ok: false; errors: FieldErrors; tooLarge: boolean } {
  const meta = validateWorkMeta(input.meta);
  const ch = validateChapter(input.chapter);
  if (!meta.ok || !ch.ok)
    return {
      ok: false,
      errors: { ...(meta.ok ? {} : meta.errors), ...(ch.ok ? {} : ch.errors) },
      tooLarge: !ch.ok && ch.tooLarge === true,
    };
  const values = chapterValues(ch.value);
  if ('tooLong' in values) return { ok: false, errors: { body: values.tooLong }, tooLarge: true };
  const m = meta.value;
  const now = new Date().toISOString();
  const tags = emptyTags();
  tags.rating = [m.rating];
  tags.warning = m.warnings;
  tags.category = m.categories;
  tags.fandom = m.fandoms;
  tags.relationship = m.relationships;
  tags.character = m.characters;
  tags.freeform = m.freeforms;
  const user = viewer.user;
  const work: Work = {
    id: 0,
    title: m.title,
    summary: textToHtml(m.summary),
    notes: textToHtml(m.notes),
    endNotes: textToHtml(m.endNotes),
    language: m.language,
    restricted: m.restricted,
    expectedChapters: m.expectedChapters,
    posted: false,
    hiddenReason: null,
    publishedAt: null,
    updatedAt: now,
    createdAt: now,
    wordCount: values.wordCount,
    chapterCount: 1,
    tags,
    creators: user ? [{ pseudId: 0, pseud: user.username, userId: user.id, username: user.username }] : [],
    chapters: [{ id: 0, position: 1, title: values.title, wordCount: values.wordCount }],
    series: [],
  };
  const chapter: Chapter = {
    ...work.chapters[0]!,
    workId: 0,
    summary: values.summary,
    notes: values.notes,
    endNotes: values.endNotes,
    body: values.body,
    createdAt: now,
    updatedAt: now,
  };
  return { ok: true, work, chapter };
}
