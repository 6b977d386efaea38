import { zipSync, type Zippable } from 'fflate';
import type { ExportContext, PortableChapter, PortableWork } from '../portable-work.js';
import { validLanguageTag } from './xhtml-attributes.js';
import { navBody, ncxDocument, xhtmlPage, type TocEntry } from './epub-navigation.js';
import { modifiedStamp, packageDocument, type SpineItem } from './epub-package.js';
import { chapterHeading, displayTitle, isRightToLeft } from './layout.js';
import { afterwordMarkup, chapterMarkup, LAYOUT_IDS, prefaceMarkup } from './layout-markup.js';
import { STYLESHEET } from './stylesheet.js';
import { xhtmlFragments, type XhtmlOptions } from './xhtml.js';

/*
 * EPUB 3 download, built in-process. The spine carries the HTML download's
 * markup (preface, one file per chapter, afterword) so that the importer reads
 * it back like an HTML download; file names as in docs/formats/download-layout.md.
 */

const utf8 = new TextEncoder();
const strToU8 = (s: string): Uint8Array => utf8.encode(s);

const CONTAINER_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n' +
  '  <rootfiles>\n' +
  '    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>\n' +
  '  </rootfiles>\n' +
  '</container>\n';

/** `chapter-001.xhtml`, …; wider numbers past 999 chapters. */
export function chapterFileName(index: number): string {
  return `chapter-${String(index + 1).padStart(3, '0')}.xhtml`;
}

/**
 * Zip entry times are DOS local times, which fflate fills from a Date's local
 * fields: a Date whose local fields hold the UTC time of modifiedAt gives the
 * same bytes in every time zone. DOS dates start in 1980.
 */
function zipTime(modifiedAt: string): Date {
  const t = new Date(modifiedStamp(modifiedAt));
  const year = Math.min(2099, Math.max(1980, t.getUTCFullYear()));
  return new Date(year, t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
}

/** The work with every HTML field converted to XHTML, one id space per file. */
function toXhtmlWork(work: PortableWork, ctx: ExportContext): PortableWork {
  const base: XhtmlOptions = { siteUrl: ctx.siteUrl, workUrl: ctx.workUrl };
  const [summary = '', notes = ''] = xhtmlFragments([work.summary, work.notes], {
    ...base,
    usedIds: new Set(LAYOUT_IDS.preface),
  });
  const [endNotes = ''] = xhtmlFragments([work.endNotes], { ...base, usedIds: new Set(LAYOUT_IDS.afterword) });
  const chapters = work.chapters.map((c): PortableChapter => {
    const [cs = '', cn = '', body = '', ce = ''] = xhtmlFragments([c.summary, c.notes, c.body, c.endNotes], base);
    return { title: c.title, summary: cs, notes: cn, body, endNotes: ce };
  });
  return { ...work, summary, notes, endNotes, chapters };
}

/** Builds the EPUB file. The same work and context always give the same bytes. */
export function exportEpub(work: PortableWork, ctx: ExportContext): Uint8Array {
  const language = validLanguageTag(work.language) ?? 'und';
  const rtl = isRightToLeft(language);
  const identifier = ctx.identifier.trim() === '' ? ctx.workUrl : ctx.identifier;
  const title = displayTitle(work);
  const xw = toXhtmlWork(work, ctx);
  const page = (pageTitle: string, body: string): Uint8Array =>
    strToU8(xhtmlPage({ title: pageTitle, language, rtl, body }));

  const content: Record<string, Uint8Array> = {};
  const spine: SpineItem[] = [];
  const toc: TocEntry[] = [];
  const add = (id: string, href: string, label: string, body: string): void => {
    content[href] = page(label, body);
    spine.push({ id, href });
    toc.push({ href, label });
  };
  add('preface', 'preface.xhtml', 'Preface', prefaceMarkup(xw, ctx));
  xw.chapters.forEach((_, k) => {
    const href = chapterFileName(k);
    add(href.replace('.xhtml', ''), href, chapterHeading(work, k) ?? title, chapterMarkup(xw, k));
  });
  add('afterword', 'afterword.xhtml', 'Afterword', afterwordMarkup(xw, ctx));

  const files: Zippable = {
    // First and stored: readers identify the format from these bytes.
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(CONTAINER_XML),
    'EPUB/package.opf': strToU8(packageDocument(work, ctx, { identifier, language, spine })),
    'EPUB/nav.xhtml': strToU8(
      xhtmlPage({
        title: 'Contents',
        language,
        rtl,
        body: navBody(toc, xw.chapters.length > 0 ? chapterFileName(0) : undefined),
      }),
    ),
    'EPUB/toc.ncx': strToU8(ncxDocument({ identifier, title, language, entries: toc })),
    'EPUB/style.css': strToU8(STYLESHEET),
  };
  for (const [href, bytes] of Object.entries(content)) files[`EPUB/${href}`] = bytes;
  return zipSync(files, { level: 6, mtime: zipTime(ctx.modifiedAt) });
}
