import type { Work } from '../../domain/work.js';
import type { WorkDisclosure } from '../../policies/index.js';
import { chapterFraction, isComplete } from '../../domain/work.js';
import { TAG_TYPES, TAG_TYPE_LABELS, type TagType } from '../../domain/tags.js';
import { languageName } from '../../domain/languages.js';
import { htmlToPlainText } from '../../domain/safe-html.js';
import { pseudHref, tagHref } from '../pages/components.js';
import { rfc3339, xmlEscape, type AtomCategory, type AtomEntry, type AtomLink, type AtomPerson } from './atom.js';

/** A work's permanent IRI: the same in every feed and catalog, so readers recognise an updated entry. */
export const workIri = (origin: string, id: number) => `${origin}/works/${id}`;

const label = (t: TagType, n: number) => (n > 1 ? TAG_TYPE_LABELS[t].many : TAG_TYPE_LABELS[t].one);
const OTHER_TAGS: TagType[] = ['category', 'fandom', 'relationship', 'character', 'freeform'];

function authors(origin: string, w: Work): AtomPerson[] {
  return w.creators.map((c) => ({
    name: c.pseud === c.username ? c.pseud : `${c.pseud} (${c.username})`,
    uri: `${origin}${pseudHref(c.username, c.pseud)}`,
  }));
}

function categories(w: Work): AtomCategory[] {
  return TAG_TYPES.flatMap((t) => w.tags[t].map((name) => ({ scheme: t, term: name, label: name })));
}

function stats(w: Work): string {
  return `Words: ${w.wordCount.toLocaleString('en')} · Chapters: ${chapterFraction(w)}${isComplete(w) ? ' (complete)' : ''} · Language: ${languageName(w.language)}`;
}

/**
 * The entry's text as HTML: rating and warnings first (they stand in for the adult interstitial,
 * which a feed reader cannot show), then the other tags, the stats and the summary.
 */
function contentHtml(origin: string, w: Work): string {
  const e = xmlEscape;
  const tagLine = (t: TagType) => {
    const names = w.tags[t];
    if (!names.length) return '';
    return `<strong>${e(label(t, names.length))}:</strong> ${names.map((n) => `<a href="${e(origin + tagHref(n))}">${e(n)}</a>`).join(', ')}`;
  };
  const byline = w.creators
    .map((c) => `<a href="${e(origin + pseudHref(c.username, c.pseud))}">${e(c.pseud)}</a>`)
    .join(', ');
  const others = OTHER_TAGS.map(tagLine).filter(Boolean).join('<br/>');
  return [
    `<p>${tagLine('rating')}<br/>${tagLine('warning')}</p>`,
    `<p>by ${byline}${w.restricted ? ' (members only)' : ''}</p>`,
    others ? `<p>${others}</p>` : '',
    `<p>${e(stats(w))}</p>`,
    // The summary is sanitized HTML already (domain/safe-html.ts).
    w.summary ? `<blockquote>${w.summary}</blockquote>` : '',
  ].join('');
}

/** The same, as plain text for OPDS readers, which show a summary before the download button. */
function summaryText(w: Work): string {
  const line = (t: TagType) => (w.tags[t].length ? `${label(t, w.tags[t].length)}: ${w.tags[t].join(', ')}` : '');
  const summary = w.summary ? htmlToPlainText(w.summary).trim() : '';
  return [line('rating'), line('warning'), stats(w), line('fandom'), line('relationship'), summary]
    .filter(Boolean)
    .join('\n');
}

/** An Atom feed entry for a work: one per work, `updated` moving when a chapter is posted. */
export function workFeedEntry(origin: string, w: Work): AtomEntry {
  return {
    id: workIri(origin, w.id),
    title: w.title,
    updated: rfc3339(w.updatedAt),
    published: w.publishedAt ? rfc3339(w.publishedAt) : undefined,
    authors: authors(origin, w),
    categories: categories(w),
    links: [{ rel: 'alternate', type: 'text/html', href: workIri(origin, w.id) }],
    content: { type: 'html', value: contentHtml(origin, w) },
  };
}

/**
 * An OPDS acquisition entry. An e-reader cannot click through the interstitial, so an adult work's
 * download is offered only to a catalog client whose reader could open it without one (the
 * disclosure is `full`: an access token of a member who turned on adult works, or the work's
 * creator); otherwise the entry says how to get it and links to the page, where the gate stands.
 */
export function workCatalogEntry(origin: string, w: Work, disclosure: WorkDisclosure): AtomEntry {
  const links: AtomLink[] = [];
  if (disclosure === 'full')
    links.push({
      rel: 'http://opds-spec.org/acquisition/open-access',
      type: 'application/epub+zip',
      href: `${origin}/works/${w.id}/download.epub`,
      title: 'EPUB',
    });
  links.push({ rel: 'alternate', type: 'text/html', href: workIri(origin, w.id), title: 'Read on the archive' });
  const summary = summaryText(w) + (disclosure === 'full' ? '' : `\n${GATED_DOWNLOAD_NOTE}`);
  return {
    id: workIri(origin, w.id),
    title: w.title,
    updated: rfc3339(w.updatedAt),
    published: w.publishedAt ? rfc3339(w.publishedAt) : undefined,
    authors: authors(origin, w),
    categories: categories(w),
    links,
    extras: [{ name: 'dc:language', value: w.language }],
    summary: { type: 'text', value: summary },
  };
}

export const GATED_DOWNLOAD_NOTE =
  'Adult content: to download it here, sign this app in with a personal access token (your account page) and turn on “Show adult works” in your preferences.';
