import type { PortableWork } from '../../formats/portable-work.js';
import { LIMITS } from '../../domain/limits.js';
import { MAX_FREE_TAGS_PER_WORK, TAG_NAME_MAX } from '../../domain/tags.js';
import { chapterCountProblem, workTextProblem } from '../../domain/work-input.js';
import { depthPastLimit } from '../../domain/html-depth.js';
import { emptyWorkForm, type WorkFormValues } from './work-form.js';

/** The posting form filled from a file's first chapter and metadata. */
export function workFormFromFile(f: PortableWork): WorkFormValues {
  const first = f.chapters[0];
  return {
    ...emptyWorkForm(),
    title: f.title,
    summary: f.summary,
    notes: f.notes,
    endNotes: f.endNotes,
    language: f.language,
    rating: f.rating ?? '',
    warnings: f.warnings,
    categories: f.categories,
    fandoms: f.fandoms.join(', '),
    relationships: f.relationships.join(', '),
    characters: f.characters.join(', '),
    freeforms: f.freeforms.join(', '),
    expectedChapters: f.expectedChapters === null ? '?' : String(f.expectedChapters),
    series: f.series.map((s) => s.title),
    chapterTitle: first?.title ?? '',
    chapterSummary: first?.summary ?? '',
    chapterNotes: first?.notes ?? '',
    chapterEndNotes: first?.endNotes ?? '',
    body: first?.body ?? '',
  };
}

const n = (x: number) => x.toLocaleString('en');

/** What the form takes in each field it would show a file's text in. */
const FORM_FIELDS: Array<[label: string, max: number, value: (v: WorkFormValues) => number]> = [
  ['title', LIMITS.titleMax, (v) => v.title.length],
  ['summary', LIMITS.summaryMax, (v) => v.summary.length],
  ['notes', LIMITS.notesMax, (v) => v.notes.length],
  ['end notes', LIMITS.notesMax, (v) => v.endNotes.length],
  [
    'tags',
    MAX_FREE_TAGS_PER_WORK * (TAG_NAME_MAX + 2),
    (v) => v.fandoms.length + v.relationships.length + v.characters.length + v.freeforms.length,
  ],
  ['series', 10 * (LIMITS.titleMax + 2), (v) => v.series.reduce((k, s) => k + s.length + 2, 0)],
  ['first chapter’s title', LIMITS.chapterTitleMax, (v) => v.chapterTitle.length],
  ['first chapter’s summary', LIMITS.summaryMax, (v) => v.chapterSummary.length],
  ['first chapter’s notes', LIMITS.notesMax, (v) => v.chapterNotes.length],
  ['first chapter’s end notes', LIMITS.notesMax, (v) => v.chapterEndNotes.length],
];

/**
 * Why a file read for the posting form is refused before anything is shown or saved: a field
 * longer than the form takes (the form never shows more than it accepts), a chapter longer than
 * a chapter may be, or a work past the archive's size limits.
 */
export function uploadProblem(f: PortableWork): string | undefined {
  const v = workFormFromFile(f);
  for (const [label, max, length] of FORM_FIELDS) {
    const k = length(v);
    if (k > max) return `Its ${label} runs to ${n(k)} characters; the form takes at most ${n(max)}.`;
  }
  const long = f.chapters.findIndex((c) => c.body.length > LIMITS.bodyMax);
  if (long >= 0) {
    const which = f.chapters.length > 1 ? `Chapter ${long + 1}` : 'Its text';
    return `${which} runs to ${n(f.chapters[long]!.body.length)} characters; a chapter can have at most ${n(LIMITS.bodyShownMax)}. Split it into chapters.`;
  }
  return chapterCountProblem(f.chapters.length) ?? workTextProblem(f.chapters.reduce((k, c) => k + c.body.length, 0));
}

/** Which of a file's HTML fields nests deeper than posting allows, if any: refused before the form shows it. */
export function uploadDepthProblem(f: PortableWork): string | undefined {
  const fields: Array<[string, string]> = [
    ['Its summary', f.summary],
    ['Its notes', f.notes],
    ['Its end notes', f.endNotes],
    ...f.chapters.flatMap((c, i): Array<[string, string]> => {
      const which = f.chapters.length > 1 ? `Chapter ${i + 1}` : 'Its text';
      return [
        [which, c.body],
        [`${which}’s summary`, c.summary],
        [`${which}’s notes`, c.notes],
        [`${which}’s end notes`, c.endNotes],
      ];
    }),
  ];
  const deep = fields.find(([, html]) => depthPastLimit(html) !== undefined);
  return deep
    ? `${deep[0]} nests HTML elements more than ${LIMITS.htmlDepthMax} deep; flatten the nesting and send it again.`
    : undefined;
}
