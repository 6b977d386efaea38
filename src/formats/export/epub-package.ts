import { htmlToPlainText } from '../../domain/safe-html.js';
import type { ExportContext, PortableWork } from '../portable-work.js';
import { escapeAttr, escapeText } from './escape.js';
import { dateOnly, displayTitle, isRightToLeft } from './layout.js';

/* The EPUB package document (EPUB/package.opf): metadata, manifest and spine. */

/** A content file of the book, in reading order. */
export interface SpineItem {
  id: string;
  href: string;
}

const ACCESSIBILITY_SUMMARY =
  'Text only, in reading order, with a table of contents and headings for every chapter. ' +
  'Images the writer linked to are not included; their descriptions appear in the text in brackets.';

/** `YYYY-MM-DDThh:mm:ssZ`, as dcterms:modified requires. */
export function modifiedStamp(modifiedAt: string): string {
  const d = new Date(modifiedAt);
  if (Number.isNaN(d.getTime())) throw new Error(`Cannot build the EPUB: modifiedAt "${modifiedAt}" is not a date.`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function dc(name: string, value: string, id?: string): string {
  const idAttr = id === undefined ? '' : ` id="${id}"`;
  return `    <dc:${name}${idAttr}>${escapeText(value)}</dc:${name}>\n`;
}

function meta(property: string, value: string, refines?: string): string {
  const refinesAttr = refines === undefined ? '' : ` refines="#${refines}"`;
  return `    <meta${refinesAttr} property="${property}">${escapeText(value)}</meta>\n`;
}

function tagsOf(work: PortableWork): string[] {
  const all = [
    ...(work.rating === null ? [] : [work.rating]),
    ...work.warnings,
    ...work.categories,
    ...work.fandoms,
    ...work.relationships,
    ...work.characters,
    ...work.freeforms,
  ];
  return all.filter((t) => t.trim() !== '');
}

function metadata(work: PortableWork, ctx: ExportContext, book: BookInfo): string {
  const language = book.language;
  let out = dc('identifier', book.identifier, 'pub-id');
  out += dc('title', displayTitle(work), 'title');
  work.creators
    .filter((name) => name.trim() !== '')
    .forEach((name, k) => {
      out += dc('creator', name, `creator-${k + 1}`);
      out += `    <meta refines="#creator-${k + 1}" property="role" scheme="marc:relators">aut</meta>\n`;
    });
  out += dc('language', language);
  const published = dateOnly(work.publishedAt);
  if (published !== undefined) out += dc('date', published);
  out += dc('publisher', ctx.archiveName);
  out += dc('source', ctx.workUrl);
  const summary = htmlToPlainText(work.summary);
  if (summary !== '') out += dc('description', summary);
  for (const tag of tagsOf(work)) out += dc('subject', tag);
  out += meta('dcterms:modified', modifiedStamp(ctx.modifiedAt));
  work.series.forEach((s, k) => {
    const id = `series-${k + 1}`;
    out += `    <meta property="belongs-to-collection" id="${id}">${escapeText(s.title)}</meta>\n`;
    out += meta('collection-type', 'series', id);
    out += meta('group-position', String(s.position), id);
  });
  const first = work.series[0];
  if (first !== undefined) {
    // calibre reads only its own (EPUB 2 style) series metadata.
    out += `    <meta name="calibre:series" content="${escapeAttr(first.title)}"/>\n`;
    out += `    <meta name="calibre:series_index" content="${first.position}"/>\n`;
  }
  out += meta('schema:accessMode', 'textual');
  out += meta('schema:accessModeSufficient', 'textual');
  for (const feature of ['tableOfContents', 'readingOrder', 'structuralNavigation'])
    out += meta('schema:accessibilityFeature', feature);
  out += meta('schema:accessibilityHazard', 'none');
  out += meta('schema:accessibilitySummary', ACCESSIBILITY_SUMMARY);
  return out;
}

/** What the package says beyond the work: its identifier, language and content files (in EPUB/, reading order). */
export interface BookInfo {
  identifier: string;
  language: string;
  spine: readonly SpineItem[];
}

/** The package document. */
export function packageDocument(work: PortableWork, ctx: ExportContext, book: BookInfo): string {
  const { language, spine } = book;
  const rtl = isRightToLeft(language);
  const items = spine
    .map((s) => `    <item id="${s.id}" href="${s.href}" media-type="application/xhtml+xml"/>\n`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${language}"${rtl ? ' dir="rtl"' : ''}>\n` +
    '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' +
    metadata(work, ctx, book) +
    '  </metadata>\n' +
    '  <manifest>\n' +
    '    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n' +
    '    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>\n' +
    '    <item id="css" href="style.css" media-type="text/css"/>\n' +
    items +
    '  </manifest>\n' +
    `  <spine toc="ncx"${rtl ? ' page-progression-direction="rtl"' : ''}>\n` +
    spine.map((s) => `    <itemref idref="${s.id}"/>\n`).join('') +
    '  </spine>\n' +
    '</package>\n'
  );
}
