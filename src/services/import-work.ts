import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Viewer } from '../policies/index.js';
import type { WorkMetaInput } from '../domain/work-input.js';
import type { PortableWork } from '../formats/portable-work.js';
import { isKnownLanguage } from '../domain/languages.js';
import { findPseud } from '../store/pseud.store.js';
import { postWork, type PostWorkInput } from './post-work.js';
import { bulkPostWorks } from './bulk-post-works.js';
import type { ServiceResult } from './result.js';

/** What the importing member says about the work; each given field wins over the file's. */
export interface ImportOverrides {
  title?: string;
  summary?: string;
  notes?: string;
  endNotes?: string;
  rating?: string;
  warnings?: string[];
  categories?: string[];
  fandoms?: string[];
  relationships?: string[];
  characters?: string[];
  freeforms?: string[];
  language?: string;
  series?: string;
  restricted?: boolean;
  draft?: boolean;
}

const listOr = (flag: string[] | undefined, file: string[]) => (flag && flag.length > 0 ? flag : file);

/** A date from a file ("2015-01-01" or a full timestamp) as stored ISO text; undefined when unreadable or in the future. */
export function importedDate(s: string | null): string | undefined {
  if (!s) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s.trim());
  if (!m) return undefined;
  const d = new Date(
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)),
  );
  if (Number.isNaN(d.getTime()) || d.getTime() > Date.now() || d.getUTCFullYear() < 1970) return undefined;
  return d.toISOString();
}

/** The form of the work's metadata a file and the member's overrides give together. */
export function importedMeta(file: PortableWork, o: ImportOverrides): WorkMetaInput {
  const language = o.language ?? (isKnownLanguage(file.language) ? file.language : 'en');
  return {
    title: o.title ?? (file.title.trim() || undefined),
    summary: o.summary ?? file.summary,
    notes: o.notes ?? file.notes,
    endNotes: o.endNotes ?? file.endNotes,
    language,
    rating: o.rating ?? file.rating ?? 'Not Rated',
    // docs/glossary.md: a file that says nothing about warnings is "Choose Not To Use Archive Warnings".
    warnings: listOr(o.warnings, file.warnings.length ? file.warnings : ['Choose Not To Use Archive Warnings']),
    categories: listOr(o.categories, file.categories),
    fandoms: listOr(o.fandoms, file.fandoms),
    relationships: listOr(o.relationships, file.relationships),
    characters: listOr(o.characters, file.characters),
    freeforms: listOr(o.freeforms, file.freeforms),
    restricted: o.restricted === true,
    // null when the source says "3/?"; the importers give the chapter count for formats without one.
    expectedChapters: file.expectedChapters,
    series: o.series !== undefined ? [o.series] : file.series.map((s) => ({ title: s.title, position: s.position })),
  };
}

/** What postWork is given for a work read from a file (the importing member's pseud named like the file's first creator, if any). */
async function importInput(
  db: Kysely<DB>,
  viewer: Viewer,
  file: PortableWork,
  o: ImportOverrides,
  importKey: string,
): Promise<PostWorkInput> {
  const pseud = viewer.user && file.creators[0] ? await findPseud(db, viewer.user.id, file.creators[0]) : undefined;
  const [first, ...rest] = file.chapters;
  const published = importedDate(file.publishedAt);
  const updated = importedDate(file.updatedAt);
  return {
    meta: importedMeta(file, o),
    chapter: first ?? { body: '' },
    moreChapters: rest,
    pseudIds: pseud ? [pseud.id] : [],
    draft: o.draft === true,
    ...(published ? { publishedAt: published } : {}),
    ...(updated && published && updated > published ? { updatedAt: updated } : {}),
    importKey,
  };
}

/**
 * Posts (or saves as a draft) a work read from a file, under the importing member's pseud named
 * like the file's first creator when they have one. `importKey` makes a second import of the same
 * source return the first work. One transaction: nothing is half-written.
 */
export async function importWork(
  db: Kysely<DB>,
  viewer: Viewer,
  file: PortableWork,
  o: ImportOverrides,
  importKey: string,
): Promise<ServiceResult<{ workId: number; existing: boolean }>> {
  return postWork(db, viewer, await importInput(db, viewer, file, o, importKey));
}

/**
 * importWork for many files at once, through bulkPostWorks: each file's answer is what importWork
 * would give for it, in order (a key seen earlier in the list is that work, already imported).
 */
export async function importWorks(
  db: Kysely<DB>,
  viewer: Viewer,
  files: Array<{ file: PortableWork; importKey: string }>,
  o: ImportOverrides,
): Promise<Array<ServiceResult<{ workId: number; existing: boolean }>>> {
  const items = [];
  for (const f of files) items.push({ viewer, input: await importInput(db, viewer, f.file, o, f.importKey) });
  return bulkPostWorks(db, items, { batchSize: Math.max(1, items.length) });
}
