import crypto from 'node:crypto';
import { chapterFraction, isComplete, type Chapter, type Work } from '../domain/work.js';
import type { ExportContext, PortableWork } from './portable-work.js';

/** A stored work and its chapters as an exporter takes them. */
export function portableFromWork(work: Work, chapters: Chapter[]): PortableWork {
  return {
    title: work.title,
    creators: work.creators.map((c) => c.pseud),
    summary: work.summary,
    notes: work.notes,
    endNotes: work.endNotes,
    language: work.language,
    rating: work.tags.rating[0] ?? null,
    warnings: work.tags.warning,
    categories: work.tags.category,
    fandoms: work.tags.fandom,
    relationships: work.tags.relationship,
    characters: work.tags.character,
    freeforms: work.tags.freeform,
    series: work.series.map((s) => ({ title: s.title, position: s.position })),
    publishedAt: work.publishedAt,
    updatedAt: work.updatedAt,
    expectedChapters: work.expectedChapters,
    chapters: chapters.map((c) => ({
      title: c.title,
      summary: c.summary,
      notes: c.notes,
      endNotes: c.endNotes,
      body: c.body,
    })),
  };
}

/**
 * A UUID that stays the same for a work on one archive, so e-readers see a re-download as the same
 * book (name-based, RFC 4122 version 5 layout over SHA-1).
 */
export function workIdentifier(siteUrl: string, workId: number): string {
  const h = crypto.createHash('sha1').update(`${siteUrl}works/${workId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The last time anything a download shows changed: the work's dates and each chapter's. */
export function lastChange(work: Work, chapters: Chapter[]): string {
  return [work.updatedAt, work.publishedAt ?? '', ...chapters.map((c) => c.updatedAt)].reduce(
    (a, b) => (b > a ? b : a),
    work.createdAt,
  );
}

export function exportContext(
  work: Work,
  chapters: Chapter[],
  site: { archiveName: string; siteUrl: string },
): ExportContext {
  return {
    archiveName: site.archiveName,
    siteUrl: site.siteUrl,
    workUrl: `${site.siteUrl}works/${work.id}`,
    identifier: workIdentifier(site.siteUrl, work.id),
    modifiedAt: lastChange(work, chapters),
    wordCount: work.wordCount,
    chapterFraction: chapterFraction(work),
    completed: isComplete(work),
  };
}
