import type { PortableWork } from '../../formats/portable-work.js';
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
