import { z } from 'zod';
import { LIMITS } from './limits.js';
import { isKnownLanguage } from './languages.js';
import { depthPastLimit, tooDeepMessage } from './html-depth.js';
import {
  CATEGORIES,
  MAX_FREE_TAGS_PER_WORK,
  RATINGS,
  WARNINGS,
  findFixedTag,
  splitTagList,
  tagNameProblem,
  type FixedTag,
} from './tags.js';

/** Field name → message, for forms that show a message next to each field. */
export type FieldErrors = Record<string, string>;
/** `tooLarge`: refused for its size (HTTP 413), not its content. */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; tooLarge?: boolean };

/** Raw work metadata as typed by a writer (a form, the CLI or the API). */
export interface WorkMetaInput {
  title?: string;
  summary?: string;
  notes?: string;
  endNotes?: string;
  language?: string;
  rating?: string;
  warnings?: string[];
  categories?: string[];
  fandoms?: string | string[];
  relationships?: string | string[];
  characters?: string | string[];
  freeforms?: string | string[];
  coCreators?: string | string[];
  restricted?: boolean;
  expectedChapters?: string | number | null;
  /** Series titles (the form) or parts with positions (imports: "Part 2 of …"). */
  series?: Array<string | { title: string; position?: number | null }>;
}

export interface WorkMeta {
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  language: string;
  rating: string;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  /** Usernames or pseud names of co-creators, resolved by the service. */
  coCreators: string[];
  restricted: boolean;
  expectedChapters: number | null;
  /** The writer's series this work is part of; null position = after the last part. */
  series: Array<{ title: string; position: number | null }>;
}

export interface ChapterInput {
  title?: string;
  summary?: string;
  notes?: string;
  endNotes?: string;
  body?: string;
}

export interface ChapterContent {
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  body: string;
}

const names = (set: readonly FixedTag[]) => set.map((t) => t.name).join(', ');

function lengthProblem(label: string, value: string, max: number, min = 0): string | undefined {
  if (value.length < min) return min === 1 ? `${label} is required.` : `${label} must be at least ${min} characters.`;
  if (value.length > max)
    return `${label} must be at most ${max.toLocaleString('en')} characters (it has ${value.length.toLocaleString('en')}).`;
  return undefined;
}

/** A length problem, else a nesting one: HTML fields are checked for depth only once their length is within bounds. */
function htmlFieldProblem(label: string, value: string, max: number, min = 0): string | undefined {
  return (
    lengthProblem(label, value, max, min) ?? (depthPastLimit(value) === undefined ? undefined : tooDeepMessage(label))
  );
}

/** Validates work metadata; never throws, returns a message per invalid field. */
export function validateWorkMeta(input: WorkMetaInput): Validated<WorkMeta> {
  const errors: FieldErrors = {};
  const title = (input.title ?? '').trim();
  const summary = (input.summary ?? '').trim();
  const notes = (input.notes ?? '').trim();
  const endNotes = (input.endNotes ?? '').trim();
  const check = (field: string, p: string | undefined) => {
    if (p) errors[field] = p;
  };
  check('title', lengthProblem('Title', title, LIMITS.titleMax, 1));
  check('summary', htmlFieldProblem('Summary', summary, LIMITS.summaryMax));
  check('notes', htmlFieldProblem('Notes', notes, LIMITS.notesMax));
  check('endNotes', htmlFieldProblem('End notes', endNotes, LIMITS.notesMax));

  const language = (input.language ?? 'en').trim() || 'en';
  if (!isKnownLanguage(language)) errors.language = `Unknown language “${language}”.`;

  const rating = input.rating ? findFixedTag(RATINGS, input.rating) : undefined;
  if (!input.rating) errors.rating = 'Choose a rating.';
  else if (!rating) errors.rating = `Unknown rating “${input.rating}”. Allowed: ${names(RATINGS)}.`;

  const warnings: string[] = [];
  for (const w of input.warnings ?? []) {
    const t = findFixedTag(WARNINGS, w);
    if (!t) errors.warnings = `Unknown archive warning “${w}”. Allowed: ${names(WARNINGS)}.`;
    else if (!warnings.includes(t.name)) warnings.push(t.name);
  }
  if (!errors.warnings && warnings.length === 0)
    errors.warnings = 'Choose at least one archive warning (or “Choose Not To Use Archive Warnings”).';

  const categories: string[] = [];
  for (const c of input.categories ?? []) {
    const t = findFixedTag(CATEGORIES, c);
    if (!t) errors.categories = `Unknown category “${c}”. Allowed: ${names(CATEGORIES)}.`;
    else if (!categories.includes(t.name)) categories.push(t.name);
  }

  const free = {
    fandoms: splitTagList(input.fandoms ?? []),
    relationships: splitTagList(input.relationships ?? []),
    characters: splitTagList(input.characters ?? []),
    freeforms: splitTagList(input.freeforms ?? []),
  };
  if (free.fandoms.length === 0) errors.fandoms = 'Add at least one fandom.';
  for (const [field, list] of Object.entries(free)) {
    for (const n of list) {
      const p = tagNameProblem(n);
      if (p) {
        errors[field] = p;
        break;
      }
    }
  }
  const freeCount = Object.values(free).reduce((n, l) => n + l.length, 0);
  if (freeCount > MAX_FREE_TAGS_PER_WORK) {
    errors.freeforms = `A work can have at most ${MAX_FREE_TAGS_PER_WORK} fandom, relationship, character and additional tags together (this one has ${freeCount}).`;
  }

  let expectedChapters: number | null = null;
  const ec = input.expectedChapters;
  if (ec !== undefined && ec !== null && String(ec).trim() !== '' && String(ec).trim() !== '?') {
    const n = Number(String(ec).trim());
    if (!Number.isInteger(n) || n < 1 || n > LIMITS.expectedChaptersMax) {
      errors.expectedChapters = `Expected chapters must be a whole number from 1 to ${LIMITS.expectedChaptersMax}, or “?” when unknown.`;
    } else expectedChapters = n;
  }

  const series = validateSeries(input.series ?? [], errors);

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      series,
      title,
      summary,
      notes,
      endNotes,
      language,
      rating: rating!.name,
      warnings,
      categories,
      ...free,
      coCreators: splitTagList(input.coCreators ?? []),
      restricted: input.restricted === true,
      expectedChapters,
    },
  };
}

const MAX_SERIES_PER_WORK = 10;

function validateSeries(input: NonNullable<WorkMetaInput['series']>, errors: FieldErrors): WorkMeta['series'] {
  const out: WorkMeta['series'] = [];
  for (const entry of input) {
    const title = (typeof entry === 'string' ? entry : entry.title).trim();
    const position = typeof entry === 'string' ? null : (entry.position ?? null);
    if (title === '') continue;
    const p = lengthProblem('A series title', title, LIMITS.titleMax);
    if (p) errors.series = p;
    else if (position !== null && (!Number.isInteger(position) || position < 1 || position > 100_000))
      errors.series = `“Part ${position}” of a series must be a whole number from 1.`;
    else if (!out.some((s) => s.title.toLowerCase() === title.toLowerCase())) out.push({ title, position });
  }
  if (out.length > MAX_SERIES_PER_WORK) errors.series = `A work can be part of at most ${MAX_SERIES_PER_WORK} series.`;
  return out;
}

/** Validates one chapter's text; `bodyRequired` is false for metadata-only edits. */
export function validateChapter(input: ChapterInput): Validated<ChapterContent> {
  const errors: FieldErrors = {};
  const value: ChapterContent = {
    title: (input.title ?? '').trim(),
    summary: (input.summary ?? '').trim(),
    notes: (input.notes ?? '').trim(),
    endNotes: (input.endNotes ?? '').trim(),
    body: (input.body ?? '').trim(),
  };
  const put = (f: string, p: string | undefined) => p && (errors[f] = p);
  put('chapterTitle', lengthProblem('Chapter title', value.title, LIMITS.chapterTitleMax));
  put('chapterSummary', htmlFieldProblem('Chapter summary', value.summary, LIMITS.summaryMax));
  put('chapterNotes', htmlFieldProblem('Chapter notes', value.notes, LIMITS.notesMax));
  put('chapterEndNotes', htmlFieldProblem('Chapter end notes', value.endNotes, LIMITS.notesMax));
  if (value.body.length < LIMITS.bodyMin)
    errors.body = `The chapter text must be at least ${LIMITS.bodyMin} characters.`;
  else if (value.body.length > LIMITS.bodyMax) errors.body = bodyTooLongMessage(value.body.length);
  else if (depthPastLimit(value.body) !== undefined) errors.body = tooDeepMessage('The chapter text');
  if (Object.keys(errors).length > 0) return { ok: false, errors, tooLarge: value.body.length > LIMITS.bodyMax };
  return { ok: true, value };
}

const thousands = (x: number) => x.toLocaleString('en');

/** Why a work cannot have `chapters` chapters, if it cannot (shown under `body`). */
export function chapterCountProblem(chapters: number): string | undefined {
  if (chapters <= LIMITS.chaptersMax) return undefined;
  return `A work can have at most ${thousands(LIMITS.chaptersMax)} chapters (this one would have ${thousands(chapters)}). Continue it as a new work in a series.`;
}

/** Why a work cannot hold `chars` characters of chapter text (`atLeast`: or more), if it cannot (shown under `body`). */
export function workTextProblem(chars: number, atLeast = false): string | undefined {
  if (chars <= LIMITS.workCharsMax) return undefined;
  const would = `${atLeast ? 'at least ' : ''}${thousands(chars)}`;
  return `A work can hold at most ${thousands(LIMITS.workCharsMax)} characters of chapter text (this one would hold ${would}). Continue it as a new work in a series.`;
}

export function bodyTooLongMessage(length: number): string {
  return `The chapter text must be at most ${LIMITS.bodyShownMax.toLocaleString('en')} characters (it has ${length.toLocaleString('en')}). Split it into chapters.`;
}

export const UsernameSchema = z
  .string()
  .trim()
  .min(LIMITS.usernameMin, `Username must be ${LIMITS.usernameMin}–${LIMITS.usernameMax} characters.`)
  .max(LIMITS.usernameMax, `Username must be ${LIMITS.usernameMin}–${LIMITS.usernameMax} characters.`)
  .regex(/^[A-Za-z0-9_]+$/, 'Username may contain only letters, digits and underscores.')
  .regex(/[A-Za-z]/, 'Username must contain at least one letter.');

export const PseudNameSchema = z
  .string()
  .trim()
  .min(1, 'Pseud name is required.')
  .max(LIMITS.pseudMax, `Pseud name must be at most ${LIMITS.pseudMax} characters.`)
  .regex(/^[\p{L}\p{N}_ .-]+$/u, 'Pseud name may contain letters, digits, spaces, “_”, “.” and “-”.');

export const PasswordSchema = z
  .string()
  .min(LIMITS.passwordMin, `Password must be ${LIMITS.passwordMin}–${LIMITS.passwordMax} characters.`)
  .max(LIMITS.passwordMax, `Password must be ${LIMITS.passwordMin}–${LIMITS.passwordMax} characters.`);

export const EmailSchema = z.string().trim().max(LIMITS.emailMax).email('Enter a valid email address.');

/** Returns the first message of a failed zod parse, or undefined. */
export function zodProblem(schema: z.ZodType, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
}
