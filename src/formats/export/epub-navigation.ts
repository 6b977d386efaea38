import { escapeAttr, escapeText } from './escape.js';

/* The EPUB's two tables of contents: the EPUB 3 nav document and, for older readers, the NCX. */

/** A table-of-contents entry: a content file and its label. */
export interface TocEntry {
  href: string;
  label: string;
}

/** The opening of every XHTML file of the book. */
export function xhtmlPage(options: { title: string; language: string; rtl: boolean; body: string }): string {
  const dir = options.rtl ? ' dir="rtl"' : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE html>\n' +
    `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${options.language}" xml:lang="${options.language}"${dir}>\n` +
    '<head>\n' +
    '<meta charset="UTF-8"/>\n' +
    `<title>${escapeText(options.title)}</title>\n` +
    '<link rel="stylesheet" type="text/css" href="style.css"/>\n' +
    '</head>\n' +
    `<body>\n${options.body}</body>\n` +
    '</html>\n'
  );
}

/** The body of nav.xhtml: the table of contents and landmarks. */
export function navBody(entries: readonly TocEntry[], start: string | undefined): string {
  const items = entries.map((e) => `<li><a href="${escapeAttr(e.href)}">${escapeText(e.label)}</a></li>\n`).join('');
  // Landmarks point at the start of the text; a work without chapters has none.
  const landmarks =
    start === undefined
      ? ''
      : '<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>Landmarks</h2>\n<ol>\n' +
        `<li><a epub:type="bodymatter" href="${escapeAttr(start)}">Start of the work</a></li>\n</ol>\n</nav>\n`;
  return `<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n<ol>\n${items}</ol>\n</nav>\n${landmarks}`;
}

/** toc.ncx; its dtb:uid must equal the package's identifier. */
export function ncxDocument(options: {
  identifier: string;
  title: string;
  language: string;
  entries: readonly TocEntry[];
}): string {
  const points = options.entries
    .map(
      (e, k) =>
        `    <navPoint id="navpoint-${k + 1}" playOrder="${k + 1}"><navLabel><text>${escapeText(e.label)}</text></navLabel>` +
        `<content src="${escapeAttr(e.href)}"/></navPoint>\n`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${options.language}">\n` +
    '  <head>\n' +
    `    <meta name="dtb:uid" content="${escapeAttr(options.identifier)}"/>\n` +
    '    <meta name="dtb:depth" content="1"/>\n' +
    '    <meta name="dtb:totalPageCount" content="0"/>\n' +
    '    <meta name="dtb:maxPageNumber" content="0"/>\n' +
    '  </head>\n' +
    `  <docTitle><text>${escapeText(options.title)}</text></docTitle>\n` +
    `  <navMap>\n${points}  </navMap>\n` +
    '</ncx>\n'
  );
}
