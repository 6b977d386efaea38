import { LIMITS } from './limits.js';
import { depthPastLimit, tooDeepMessage } from './html-depth.js';
import { commentToHtml } from './safe-html.js';
import { RATINGS, TAG_NAME_MAX, findFixedTag, splitTagList, tagNameProblem, type RatingName } from './tags.js';
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

/** The longest address an external work may have, as typed. */
export const EXTERNAL_URL_MAX = 2000;
/** The most fandoms an external work names. */
export const EXTERNAL_FANDOMS_MAX = 20;
const NAME_MAX = 255;

/**
 * An address as every bookmark of it is stored: http or https only, scheme and host in lower case,
 * no default port, no fragment (it names a place in the page, not another work), no credentials.
 */
export function normaliseExternalUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const typed = raw.trim();
  if (typed === '') return { ok: false, message: 'Enter the address of the work, starting with https://.' };
  if (typed.length > EXTERNAL_URL_MAX)
    return {
      ok: false,
      message: `An address can be at most ${EXTERNAL_URL_MAX.toLocaleString('en')} characters (this one has ${typed.length.toLocaleString('en')}).`,
    };
  let u: URL;
  try {
    u = new URL(typed);
  } catch {
    return {
      ok: false,
      message: `“${typed.slice(0, 80)}” is not a web address; it should look like https://example.com/story.`,
    };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { ok: false, message: 'Only http:// and https:// addresses can be bookmarked.' };
  if (u.hostname === '' || u.username !== '' || u.password !== '')
    return { ok: false, message: 'The address needs a host name and no user name or password in it.' };
  u.hash = '';
  return { ok: true, url: u.href };
}

export interface ExternalWorkInput {
  url?: string;
  title?: string;
  creator?: string;
  /** Comma-separated fandom names. */
  fandoms?: string;
  rating?: string;
  summary?: string;
}

/** What the external work form holds, as typed. */
export type ExternalWorkFormValues = Required<ExternalWorkInput>;

export interface ValidExternalWork {
  url: string;
  title: string;
  creator: string;
  fandoms: string[];
  rating: RatingName;
  /** Sanitized HTML; '' when there is none. */
  summary: string;
}

/** Checks the description of a work hosted elsewhere, sizes first. */
export function validateExternalWork(
  input: ExternalWorkInput,
): { ok: true; value: ValidExternalWork } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const url = normaliseExternalUrl(input.url ?? '');
  if (!url.ok) errors.url = url.message;
  const title = (input.title ?? '').trim();
  if (title === '') errors.title = 'Enter the title of the work.';
  else if (title.length > LIMITS.titleMax) errors.title = `A title can be at most ${LIMITS.titleMax} characters.`;
  const creator = (input.creator ?? '').trim();
  if (creator === '') errors.creator = 'Enter who made the work.';
  else if (creator.length > NAME_MAX) errors.creator = `A creator's name can be at most ${NAME_MAX} characters.`;
  const rawFandoms = input.fandoms ?? '';
  let fandoms: string[] = [];
  if (rawFandoms.length > EXTERNAL_FANDOMS_MAX * (TAG_NAME_MAX + 2))
    errors.fandoms = `An external work can name at most ${EXTERNAL_FANDOMS_MAX} fandoms.`;
  else {
    fandoms = splitTagList(rawFandoms);
    const problem = fandoms.map(tagNameProblem).find((p) => p !== undefined);
    if (fandoms.length === 0) errors.fandoms = 'Name at least one fandom.';
    else if (problem) errors.fandoms = problem;
    else if (fandoms.length > EXTERNAL_FANDOMS_MAX)
      errors.fandoms = `An external work can name at most ${EXTERNAL_FANDOMS_MAX} fandoms (this one names ${fandoms.length}).`;
  }
  const rating = findFixedTag(RATINGS, (input.rating ?? '').trim() || 'Not Rated');
  if (!rating) errors.rating = `Choose a rating: ${RATINGS.map((r) => r.name).join(', ')}.`;
  const summary = (input.summary ?? '').trim();
  if (summary.length > LIMITS.summaryMax)
    errors.summary = `A summary can be at most ${LIMITS.summaryMax.toLocaleString('en')} characters (this one has ${summary.length.toLocaleString('en')}).`;
  else if (depthPastLimit(summary) !== undefined) errors.summary = tooDeepMessage('The summary');
  if (Object.keys(errors).length || !url.ok || !rating) return { ok: false, errors };
  return {
    ok: true,
    value: {
      url: url.url,
      title,
      creator,
      fandoms,
      rating: rating.name as RatingName,
      summary: summary === '' ? '' : commentToHtml(summary),
    },
  };
}
