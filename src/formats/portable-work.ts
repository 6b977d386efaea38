/*
 * A work as a file carries it: what exporters write and importers read.
 * No database ids and no I/O — src/formats turns bytes into these and back.
 */

export interface PortableChapter {
  title: string;
  /** HTML fragments (exporters get sanitized HTML; importers return HTML still to be sanitized). */
  summary: string;
  notes: string;
  endNotes: string;
  body: string;
}

/** "Part `position` of `title`". */
export interface PortableSeries {
  title: string;
  position: number;
}

export interface PortableWork {
  title: string;
  /** Bylines as shown (pseud names). */
  creators: string[];
  summary: string;
  notes: string;
  endNotes: string;
  /** BCP 47 code ("en", "zh", "ar"); importers map language names ("English") to codes. */
  language: string;
  /** Display names of the fixed tags (docs/glossary.md), e.g. "Teen And Up Audiences". */
  rating: string | null;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  series: PortableSeries[];
  /** ISO 8601 dates or date-times. */
  publishedAt: string | null;
  updatedAt: string | null;
  /** null = unknown ("3/?"). */
  expectedChapters: number | null;
  chapters: PortableChapter[];
  /** How the source names itself (an AO3 work URL, an EPUB dc:identifier): the key for idempotent imports. */
  sourceId?: string;
}

/** What an exporter needs beyond the work itself. */
export interface ExportContext {
  /** The archive's name (publisher, "Posted originally on …"). */
  archiveName: string;
  /** Absolute URL of the archive's home page, ending in "/". */
  siteUrl: string;
  /** Absolute URL of the work's page (EPUB dc:source, links back). */
  workUrl: string;
  /** Stable per work, e.g. "urn:uuid:…" — the EPUB dc:identifier. */
  identifier: string;
  /** Last change of the work, ISO 8601 (EPUB dcterms:modified, truncated to seconds, Z). */
  modifiedAt: string;
  wordCount: number;
  /** Posted chapters / expected ("3/?"), as AO3's Stats line shows. */
  chapterFraction: string;
  completed: boolean;
}

/** One-line reason an importer gives for a file it cannot read. */
export class ImportError extends Error {
  override name = 'ImportError';
}
