import { ImportError, type PortableChapter, type PortableWork } from '../portable-work.js';
import { MAX_IMPORT_CHAPTERS } from './import-limits.js';

/**
 * What a reader found: a field is undefined when the file does not say (so an EPUB's package
 * metadata can fill it), and `finishWork` supplies the defaults.
 */
export type WorkDraft = { -readonly [K in keyof Omit<PortableWork, 'chapters'>]?: PortableWork[K] } & {
  chapters: PortableChapter[];
};

export function emptyChapter(title = ''): PortableChapter {
  return { title, summary: '', notes: '', endNotes: '', body: '' };
}

/** `primary` wins wherever it says something (an empty string says nothing). */
export function mergeDraft(primary: WorkDraft, fallback: Omit<WorkDraft, 'chapters'>): WorkDraft {
  const out: Record<string, unknown> = { ...primary };
  for (const [key, value] of Object.entries(fallback)) {
    const mine = out[key];
    if (value !== undefined && (mine === undefined || mine === '')) out[key] = value;
  }
  return out as WorkDraft;
}

/** "My_Story.final.txt" → "My Story.final": AO3 file names use underscores for spaces. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return stem.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
}

export function finishWork(draft: WorkDraft, fileName: string): PortableWork {
  if (draft.chapters.length === 0) throw new ImportError('no story text found');
  if (draft.chapters.length > MAX_IMPORT_CHAPTERS) {
    throw new ImportError(
      `the file has ${draft.chapters.length} chapters; a work can have at most ${MAX_IMPORT_CHAPTERS}`,
    );
  }
  const title = oneLine(draft.title ?? '') || titleFromFileName(fileName) || 'Untitled';
  const work: PortableWork = {
    title,
    creators: (draft.creators ?? []).map(oneLine).filter((c) => c !== ''),
    summary: draft.summary ?? '',
    notes: draft.notes ?? '',
    endNotes: draft.endNotes ?? '',
    language: draft.language ?? 'en',
    rating: draft.rating ?? null,
    warnings: tags(draft.warnings),
    categories: tags(draft.categories),
    fandoms: tags(draft.fandoms),
    relationships: tags(draft.relationships),
    characters: tags(draft.characters),
    freeforms: tags(draft.freeforms),
    series: draft.series ?? [],
    publishedAt: draft.publishedAt ?? null,
    updatedAt: draft.updatedAt ?? null,
    // A file that does not say how many chapters to expect (anything but a download's "Chapters: 2/?") is complete as it is.
    expectedChapters: draft.expectedChapters === undefined ? draft.chapters.length : draft.expectedChapters,
    chapters: draft.chapters,
  };
  if (draft.sourceId) work.sourceId = draft.sourceId;
  return work;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Trimmed, non-empty, first spelling kept when a file repeats a tag. */
function tags(list: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list ?? []) {
    const name = oneLine(raw);
    const key = name.toLowerCase();
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** "2015-01-31" or a full ISO date-time, else undefined. */
export function isoDate(s: string): string | undefined {
  const m = /^\s*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)\s*$/.exec(s);
  if (!m) return undefined;
  const value = m[1]!.replace(' ', 'T');
  return Number.isNaN(Date.parse(value)) ? undefined : value;
}
