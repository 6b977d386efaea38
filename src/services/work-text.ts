import { textToHtml } from '../domain/safe-html.js';
import { countWords } from '../domain/word-count.js';
import type { ChapterContent, WorkMeta } from '../domain/work-input.js';
import type { ChapterValues } from '../store/chapter.store.js';
import { LIMITS } from '../domain/limits.js';
import { bodyTooLongMessage } from '../domain/work-input.js';

/** Sanitized chapter values with their word count, or the reason the body is too long. */
export function chapterValues(c: ChapterContent): ChapterValues | { tooLong: string } {
  const body = textToHtml(c.body);
  // Sanitizing may add markup (paragraphs); the limit applies to what is stored.
  if (body.length > LIMITS.bodyMax) return { tooLong: bodyTooLongMessage(body.length) };
  return {
    title: c.title,
    summary: textToHtml(c.summary),
    notes: textToHtml(c.notes),
    endNotes: textToHtml(c.endNotes),
    body,
    wordCount: countWords(body),
  };
}

/** The sanitized free-text fields of a work. */
export function workTextFields(m: WorkMeta): { summary: string; notes: string; end_notes: string } {
  return { summary: textToHtml(m.summary), notes: textToHtml(m.notes), end_notes: textToHtml(m.endNotes) };
}
