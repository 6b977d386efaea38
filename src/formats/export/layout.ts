import { languageName } from '../../domain/languages.js';
import { TAG_TYPE_LABELS, tagToUrlSegment } from '../../domain/tags.js';
import type { ExportContext, PortableWork } from '../portable-work.js';

/*
 * What the download layout (docs/formats/download-layout.md) says, as data:
 * the preface's tag list and stats, chapter headings, the fixed wording. The
 * HTML/EPUB markup (layout-markup.ts) and the plain text (txt.ts) both render it.
 */

/** A piece of a line: text, optionally a link. */
export interface Segment {
  text: string;
  href?: string;
}
/** One entry of the preface's definition list; each line is a list of segments. */
export interface MetaRow {
  label: string;
  lines: Segment[][];
}

export const LABELS = {
  summary: 'Summary',
  notes: 'Notes',
  chapterSummary: 'Chapter Summary',
  chapterNotes: 'Chapter Notes',
  chapterEndNotes: 'Chapter End Notes',
  endNotes: 'End Notes',
  untitled: 'Untitled',
} as const;

/** The afterword's closing line: `before`, a link to the work with `link`, then `after`. */
export const COMMENT_INVITATION = {
  before: 'Please ',
  link: 'drop by the archive and comment',
  after: ' to let the creator know if you enjoyed their work!',
} as const;

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb']);

export function isRightToLeft(language: string): boolean {
  return RTL_LANGUAGES.has(language.toLowerCase().split(/[-_]/)[0] ?? '');
}

/** The title as shown; a work always has one, but an import might not. */
export function displayTitle(work: PortableWork): string {
  return work.title.trim() === '' ? LABELS.untitled : work.title;
}

/** Whether a user HTML fragment (summary, notes …) has anything to show; empty ones are left out. */
export function hasContent(html: string): boolean {
  return html.trim() !== '';
}

function siteLink(ctx: ExportContext, path: string): string {
  return new URL(path, ctx.siteUrl).href;
}

/** Creators link to a search for their name: a portable work does not carry their page. */
export function creatorSegments(work: PortableWork, ctx: ExportContext): Segment[] {
  return work.creators
    .filter((name) => name.trim() !== '')
    .map((name) => ({ text: name, href: siteLink(ctx, `search?q=${encodeURIComponent(name)}`) }));
}

function tagLine(names: readonly string[], ctx: ExportContext): Segment[] {
  const out: Segment[] = [];
  names.forEach((name, k) => {
    if (k > 0) out.push({ text: ', ' });
    out.push({ text: name, href: siteLink(ctx, `tags/${tagToUrlSegment(name)}/works`) });
  });
  return out;
}

/** `2015-01-01` from an ISO date or date-time, or undefined when there is none. */
export function dateOnly(value: string | null): string | undefined {
  if (value === null || value.trim() === '') return undefined;
  const m = /^\d{4}-\d{2}-\d{2}/.exec(value.trim());
  if (m) return m[0];
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

function thousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `Published: 2015-01-01 Updated: 2015-02-01 Words: 12,345 Chapters: 3/?` */
function statsLine(work: PortableWork, ctx: ExportContext): string {
  const parts: string[] = [];
  const published = dateOnly(work.publishedAt);
  const updated = dateOnly(work.updatedAt);
  if (published !== undefined) parts.push(`Published: ${published}`);
  if (updated !== undefined && updated !== published)
    parts.push(`${ctx.completed ? 'Completed' : 'Updated'}: ${updated}`);
  parts.push(`Words: ${thousands(ctx.wordCount)}`, `Chapters: ${ctx.chapterFraction}`);
  return parts.join(' ');
}

/** The preface's definition list, in the layout's order; empty entries are left out. */
export function prefaceRows(work: PortableWork, ctx: ExportContext): MetaRow[] {
  const rows: MetaRow[] = [];
  const tags = (label: string, names: readonly string[]): void => {
    if (names.length > 0) rows.push({ label, lines: [tagLine(names, ctx)] });
  };
  const counted = (type: keyof typeof TAG_TYPE_LABELS, names: readonly string[]): void =>
    tags(names.length === 1 ? TAG_TYPE_LABELS[type].one : TAG_TYPE_LABELS[type].many, names);

  // Rating and warnings come first: readers see them before anything else.
  tags('Rating', work.rating === null ? [] : [work.rating]);
  counted('warning', work.warnings);
  counted('category', work.categories);
  counted('fandom', work.fandoms);
  counted('relationship', work.relationships);
  counted('character', work.characters);
  tags('Additional Tags', work.freeforms);
  rows.push({ label: 'Language', lines: [[{ text: languageName(work.language) }]] });
  if (work.series.length > 0) {
    rows.push({
      label: 'Series',
      lines: work.series.map((s) => [
        { text: `Part ${s.position} of ` },
        { text: s.title, href: siteLink(ctx, `search?q=${encodeURIComponent(s.title)}`) },
      ]),
    });
  }
  rows.push({ label: 'Stats', lines: [[{ text: statsLine(work, ctx) }]] });
  return rows;
}

/**
 * "Chapter N: Title" ("Chapter N" when untitled), or undefined for a one-chapter
 * work, which has no heading block — unless its chapter has a title, summary or
 * notes of its own, which would otherwise be lost.
 */
export function chapterHeading(work: PortableWork, index: number): string | undefined {
  const chapter = work.chapters[index];
  if (chapter === undefined) return undefined;
  const title = chapter.title.trim();
  if (work.chapters.length === 1 && title === '' && !hasContent(chapter.summary) && !hasContent(chapter.notes))
    return undefined;
  return title === '' ? `Chapter ${index + 1}` : `Chapter ${index + 1}: ${title}`;
}
