import { LIMITS } from './limits.js';
import { depthPastLimit, tooDeepMessage } from './html-depth.js';
import { commentToHtml } from './safe-html.js';
import { TAG_NAME_MAX, splitTagList, tagNameProblem } from './tags.js';
import type { FieldErrors } from './work-input.js';

/** The most tags a bookmarker gives one bookmark, as AO3 allows on a work. */
export const BOOKMARK_TAGS_MAX = 75;
// The tag field is refused past what 75 of the longest names and their commas take, before it is split.
const TAGS_FIELD_MAX = BOOKMARK_TAGS_MAX * (TAG_NAME_MAX + 2);

export interface BookmarkInput {
  notes?: string;
  /** The bookmarker's own tags, comma-separated. */
  tags?: string;
  rec?: boolean;
  private?: boolean;
}

/** What the bookmark form holds, as typed. */
export type BookmarkFormValues = Required<BookmarkInput>;

export interface ValidBookmark {
  /** Sanitized HTML; '' when there are none. */
  notes: string;
  tags: string[];
  rec: boolean;
  private: boolean;
}

/** Checks a bookmark's fields, sizes first, and makes its notes' HTML. */
export function validateBookmark(
  input: BookmarkInput,
): { ok: true; value: ValidBookmark } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const notes = (input.notes ?? '').trim();
  if (notes.length > LIMITS.notesMax)
    errors.notes = `Notes can be at most ${LIMITS.notesMax.toLocaleString('en')} characters (these have ${notes.length.toLocaleString('en')}).`;
  else if (depthPastLimit(notes) !== undefined) errors.notes = tooDeepMessage('The notes');
  const rawTags = input.tags ?? '';
  let tags: string[] = [];
  if (rawTags.length > TAGS_FIELD_MAX) errors.tags = `A bookmark can have at most ${BOOKMARK_TAGS_MAX} tags.`;
  else {
    tags = splitTagList(rawTags);
    const problem = tags.map(tagNameProblem).find((p) => p !== undefined);
    if (problem) errors.tags = problem;
    else if (tags.length > BOOKMARK_TAGS_MAX)
      errors.tags = `A bookmark can have at most ${BOOKMARK_TAGS_MAX} tags (this one has ${tags.length}).`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      notes: notes === '' ? '' : commentToHtml(notes),
      tags,
      rec: input.rec === true,
      private: input.private === true,
    },
  };
}
