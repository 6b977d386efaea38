import { htmlToPlainText } from '../domain/safe-html.js';
import { indexableDoc } from './indexable-doc.js';

// Pure, so that bulkPostWorks' worker thread can make a work's entry while the work is written.

/** What a work's search text is made of (sanitized HTML where the work has HTML). */
export interface SearchSource {
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  tagNames: string[];
  creators: Array<{ pseud: string; username: string }>;
  chapters: Array<{ title: string; summary: string; notes: string; body: string; endNotes: string }>;
}

/** The plain text a work is searched by: title, summary, notes, tags, creators, every chapter, end notes. */
export function workSearchText(s: SearchSource): string {
  const parts = [
    s.title,
    htmlToPlainText(s.summary),
    htmlToPlainText(s.notes),
    s.tagNames.join('\n'),
    s.creators.map((c) => `${c.pseud} ${c.username}`).join('\n'),
    ...s.chapters.flatMap((c) => [c.title, htmlToPlainText(c.summary), htmlToPlainText(c.notes), htmlToPlainText(c.body), htmlToPlainText(c.endNotes)]),
    htmlToPlainText(s.endNotes),
  ];
  return parts.filter((p) => p.length > 0).join('\n\n');
}

/** A work's full-text entry: its search text (kept for snippets) and the document indexed. */
export interface SearchEntry {
  text: string;
  doc: string;
}

export function searchEntry(source: SearchSource): SearchEntry {
  const text = workSearchText(source);
  return { text, doc: indexableDoc(text) };
}
