/*
 * Builders for the importer tests: download-layout HTML (docs/formats/download-layout.md), EPUBs
 * shaped like calibre's and Quire's, and plain zips. The prose is neutral filler written for the
 * tests. Not a test file itself, so the runner does not pick it up.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { mulberry32 } from '../../bench/corpus-vocab.js';

/** Deterministic (mulberry32), so fuzz cases are the same on every run. */
export const prng = mulberry32;

export interface FixtureChapter {
  /** Undefined: the heading is just "Chapter N". */
  title?: string;
  summary?: string;
  notes?: string;
  endNotes?: string;
  body: string;
}

export interface FixtureWork {
  title: string;
  creators: string[];
  rating: string;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  /** A language name as AO3 shows it ("English", "العربية"). */
  language: string;
  series: { title: string; position: number }[];
  published: string;
  /** "Updated" for a work in progress, "Completed" for a finished one, none for a one-shot. */
  updated?: { label: 'Updated' | 'Completed'; date: string };
  /** "3/?" or "2/2" */
  chapterFraction: string;
  words: string;
  summary?: string;
  notes?: string;
  endNotes?: string;
  workUrl: string;
  chapters: FixtureChapter[];
}

export const SAMPLE_BODIES = [
  '<p>The lighthouse keeper counted the gulls each morning and wrote the number in a small blue book.</p>\n<p>On the fourth day there were none, and she wrote a zero &amp; underlined it twice.</p>',
  '<p>Rain came in sideways.<br/>The kettle sang anyway.</p>\n<p>Somewhere below, a boat knocked against the pier, patient as a clock.</p>',
  '<p>By spring the book was full. She bought another, green this time, and began again.</p>',
];

export function sampleWork(overrides: Partial<FixtureWork> = {}): FixtureWork {
  return {
    title: 'The Lighthouse Ledger',
    creators: ['quietharbour', 'Second Pen'],
    rating: 'Teen And Up Audiences',
    warnings: ['No Archive Warnings Apply'],
    categories: ['Gen', 'F/M'],
    fandoms: ['Original Work', 'Harbour Tales'],
    relationships: ['Keeper/Ferryman', 'Keeper & Gull'],
    characters: ['The Keeper', 'The Ferryman'],
    freeforms: ['Slice of Life', 'Weather'],
    language: 'English',
    series: [{ title: 'Coastal Records', position: 2 }],
    published: '2015-01-01',
    updated: { label: 'Updated', date: '2015-02-01' },
    chapterFraction: '3/?',
    words: '1,234',
    summary: '<p>A keeper, a ledger, and a season of birds.</p>',
    notes: '<p>Written for a prompt about <em>counting</em>.</p>',
    endNotes: '<p>Thank you for reading.</p>',
    workUrl: 'https://archive.example.org/works/4242',
    chapters: [
      {
        title: 'The Count',
        summary: '<p>Morning numbers.</p>',
        notes: '<p>A short one.</p>',
        endNotes: '<p>More soon.</p>',
        body: SAMPLE_BODIES[0]!,
      },
      { body: SAMPLE_BODIES[1]! },
      { title: 'Green Book', body: SAMPLE_BODIES[2]! },
    ],
    ...overrides,
  };
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const links = (names: string[]): string =>
  names.map((n) => `<a href="https://archive.example.org/tags/${encodeURIComponent(n)}">${esc(n)}</a>`).join(', ');

export interface LayoutOptions {
  /** Plural labels ("Archive Warnings:", "Fandoms:") instead of singular ones. */
  plural?: boolean;
  /** A one-chapter work's body: wrapped in its own userstuff div (AO3) or straight inside #chapters. */
  oneChapterForm?: 'wrapped' | 'direct';
}

function label(one: string, many: string, count: number, opts: LayoutOptions): string {
  return opts.plural === true || (opts.plural === undefined && count > 1) ? many : one;
}

export function prefaceHtml(w: FixtureWork, opts: LayoutOptions = {}): string {
  const rows: string[] = [];
  const row = (dt: string, dd: string): void => {
    rows.push(`      <dt>${dt}</dt>\n      <dd>${dd}</dd>`);
  };
  row('Rating:', links([w.rating]));
  row(`${label('Archive Warning', 'Archive Warnings', w.warnings.length, opts)}:`, links(w.warnings));
  if (w.categories.length) row(`${label('Category', 'Categories', w.categories.length, opts)}:`, links(w.categories));
  row(`${label('Fandom', 'Fandoms', w.fandoms.length, opts)}:`, links(w.fandoms));
  if (w.relationships.length)
    row(`${label('Relationship', 'Relationships', w.relationships.length, opts)}:`, links(w.relationships));
  if (w.characters.length) row(`${label('Character', 'Characters', w.characters.length, opts)}:`, links(w.characters));
  if (w.freeforms.length) row('Additional Tags:', links(w.freeforms));
  row('Language:', esc(w.language));
  if (w.series.length) {
    row(
      'Series:',
      w.series
        .map((s) => `Part ${s.position} of <a href="https://archive.example.org/series/7">${esc(s.title)}</a>`)
        .join('<br/>\n'),
    );
  }
  row('Collections:', '<a href="https://archive.example.org/collections/x">Harbour Fest</a>');
  const updated = w.updated ? ` ${w.updated.label}: ${w.updated.date}` : '';
  row(
    'Stats:',
    `\n        Published: ${w.published}${updated}\n        Words: ${w.words}\n        Chapters: ${w.chapterFraction}\n      `,
  );
  const byline = w.creators
    .map((c) => `<a rel="author" href="https://archive.example.org/users/${encodeURIComponent(c)}">${esc(c)}</a>`)
    .join(', ');
  return `<div id="preface">
  <p class="message">
    <b>${esc(w.title)}</b><br/>
    Posted originally on the <a href="https://archive.example.org/">Example Archive</a> at <a href="${esc(w.workUrl)}">${esc(w.workUrl)}</a>.
  </p>
  <div class="meta">
    <dl class="tags">
${rows.join('\n')}
    </dl>
    <h1>${esc(w.title)}</h1>
    <div class="byline">by ${byline}</div>
${w.summary !== undefined ? `    <p>Summary</p>\n    <blockquote class="userstuff">${w.summary}</blockquote>\n` : ''}${w.notes !== undefined ? `    <p>Notes</p>\n    <blockquote class="userstuff">${w.notes}</blockquote>\n` : ''}  </div>
</div>`;
}

export function chapterBlocks(c: FixtureChapter, n: number): string {
  const heading = c.title !== undefined ? `Chapter ${n}: ${esc(c.title)}` : `Chapter ${n}`;
  const meta = [
    `<h2 class="heading">${heading}</h2>`,
    c.summary !== undefined ? `<p>Chapter Summary</p><blockquote class="userstuff">${c.summary}</blockquote>` : '',
    c.notes !== undefined ? `<p>Chapter Notes</p><blockquote class="userstuff">${c.notes}</blockquote>` : '',
  ].join('\n    ');
  const end =
    c.endNotes !== undefined
      ? `\n  <div class="meta group"><p>Chapter End Notes</p><blockquote class="userstuff">${c.endNotes}</blockquote></div>`
      : '';
  return `  <div class="meta group">\n    ${meta}\n  </div>\n  <div class="userstuff">${c.body}</div>${end}`;
}

export function chaptersHtml(w: FixtureWork, opts: LayoutOptions = {}): string {
  if (w.chapters.length === 1 && w.chapters[0]!.title === undefined && w.chapters[0]!.summary === undefined) {
    const body = w.chapters[0]!.body;
    return opts.oneChapterForm === 'direct'
      ? `<div id="chapters" class="userstuff">${body}</div>`
      : `<div id="chapters" class="userstuff"><div class="userstuff">${body}</div></div>`;
  }
  return `<div id="chapters" class="userstuff">\n${w.chapters.map((c, i) => chapterBlocks(c, i + 1)).join('\n')}\n</div>`;
}

export function afterwordHtml(w: FixtureWork): string {
  const notes =
    w.endNotes !== undefined
      ? `\n    <p>End Notes</p>\n    <blockquote class="userstuff">${w.endNotes}</blockquote>`
      : '';
  return `<div id="afterword">
  <div class="meta">${notes}
  </div>
  <div id="works"><p class="message">Please <a href="${esc(w.workUrl)}">drop by the archive and comment</a> to let the creator know if you enjoyed their work!</p></div>
</div>`;
}

/** An HTML download, as docs/formats/download-layout.md lays it out. */
export function downloadHtml(w: FixtureWork, opts: LayoutOptions = {}): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8"/>
  <title>${esc(w.title)} - ${esc(w.creators.join(', '))} - ${esc(w.fandoms.join(', '))}</title>
  <style>body { margin: 1em; }</style>
</head>
<body>
${prefaceHtml(w, opts)}
${chaptersHtml(w, opts)}
${afterwordHtml(w)}
</body>
</html>
`;
}

export function xhtmlDoc(title: string, body: string): string {
  return `<?xml version='1.0' encoding='utf-8'?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en">
<head><title>${esc(title)}</title><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/></head>
<body class="calibre">
${body}
</body>
</html>
`;
}

export const CONTAINER_XML = (opfPath: string): string => `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="${opfPath}" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

export interface EpubFile {
  path: string;
  text: string;
}

/** A zip with `mimetype` first and stored, as EPUB requires. */
export function zipEpub(files: readonly EpubFile[]): Uint8Array {
  const tree: Zippable = { mimetype: [strToU8('application/epub+zip'), { level: 0 }] };
  for (const f of files) tree[f.path] = strToU8(f.text);
  return zipSync(tree);
}

export interface CalibreOptions {
  /** dc:source in the package (AO3's EPUBs carry the work URL there). */
  withSource?: boolean;
  extraMetadata?: string;
}

/**
 * An EPUB shaped like AO3's (made by calibre): OEBPS/content.opf, the download split into
 * `Title_split_000.xhtml` (preface), one file per chapter and one for the afterword; a title page
 * and an NCX; metadata with dc:subject tags and calibre:series.
 */
export function calibreEpub(w: FixtureWork, opts: CalibreOptions = {}): Uint8Array {
  const stem = w.title.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 24);
  const parts: string[] = [prefaceHtml(w)];
  w.chapters.forEach((c, i) => {
    // calibre keeps the id only on the first copy of the split wrapper.
    const wrapper = i === 0 ? '<div id="chapters" class="userstuff">' : '<div class="userstuff">';
    parts.push(`${wrapper}\n${chapterBlocks(c, i + 1)}\n</div>`);
  });
  parts.push(afterwordHtml(w));
  const files: EpubFile[] = [{ path: 'META-INF/container.xml', text: CONTAINER_XML('OEBPS/content.opf') }];
  const manifest: string[] = [];
  const spine: string[] = [];
  files.push({
    path: 'OEBPS/titlepage.xhtml',
    text: xhtmlDoc('Cover', '<div><img src="cover.jpeg" alt="cover"/></div>'),
  });
  manifest.push('<item id="titlepage" href="titlepage.xhtml" media-type="application/xhtml+xml"/>');
  spine.push('<itemref idref="titlepage"/>');
  parts.forEach((html, i) => {
    const name = `${stem}_split_${String(i).padStart(3, '0')}.xhtml`;
    files.push({ path: `OEBPS/${name}`, text: xhtmlDoc(w.title, html) });
    manifest.push(`<item id="html${i}" href="${name}" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="html${i}"/>`);
  });
  files.push({
    path: 'OEBPS/toc.ncx',
    text: '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap/></ncx>',
  });
  manifest.push('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>');
  const tags = [
    w.rating,
    ...w.warnings,
    ...w.categories,
    ...w.fandoms,
    ...w.relationships,
    ...w.characters,
    ...w.freeforms,
  ];
  const series = w.series[0];
  files.push({
    path: 'OEBPS/content.opf',
    text: `<?xml version='1.0' encoding='utf-8'?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uuid_id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf" xmlns:calibre="http://calibre.kovidgoyal.net/2009/metadata">
    <dc:title>${esc(w.title)}</dc:title>
${w.creators.map((c) => `    <dc:creator opf:role="aut" opf:file-as="${esc(c)}">${esc(c)}</dc:creator>`).join('\n')}
    <dc:publisher>Example Archive</dc:publisher>
    <dc:identifier id="uuid_id" opf:scheme="uuid">9a0f5d0e-0000-4000-8000-000000004242</dc:identifier>
    <dc:identifier opf:scheme="calibre">9a0f5d0e-0000-4000-8000-000000004242</dc:identifier>
${opts.withSource !== false ? `    <dc:source>${esc(w.workUrl)}</dc:source>\n` : ''}    <dc:language>en</dc:language>
    <dc:date>${w.published}T00:00:00+00:00</dc:date>
    <dc:description>${esc(w.summary ?? '')}</dc:description>
${tags.map((t) => `    <dc:subject>${esc(t)}</dc:subject>`).join('\n')}
${series ? `    <meta name="calibre:series" content="${esc(series.title)}"/>\n    <meta name="calibre:series_index" content="${series.position}.0"/>\n` : ''}${opts.extraMetadata ?? ''}  </metadata>
  <manifest>
    ${manifest.join('\n    ')}
  </manifest>
  <spine toc="ncx">
    ${spine.join('\n    ')}
  </spine>
  <guide>
    <reference type="cover" href="titlepage.xhtml" title="Cover"/>
  </guide>
</package>
`,
  });
  return zipEpub(files);
}

/** A small EPUB 3 that is not a download: nav, cover, chapters with their own headings. */
export function plainEpub(opts: {
  chapters: { heading?: string; title?: string; body: string }[];
  metadata?: string;
  bookTitle?: string;
}): Uint8Array {
  const bookTitle = opts.bookTitle ?? 'Harbour Sketches';
  const files: EpubFile[] = [{ path: 'META-INF/container.xml', text: CONTAINER_XML('EPUB/package.opf') }];
  const manifest = [
    '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
    '<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>',
  ];
  const spine = ['<itemref idref="cover"/>', '<itemref idref="nav"/>'];
  files.push({
    path: 'EPUB/nav.xhtml',
    text: xhtmlDoc(
      'Contents',
      '<nav epub:type="toc"><h1>Contents</h1><ol><li><a href="c1.xhtml">One</a></li></ol></nav>',
    ),
  });
  files.push({ path: 'EPUB/cover.xhtml', text: xhtmlDoc(bookTitle, '<p>Harbour Sketches — a cover page</p>') });
  opts.chapters.forEach((c, i) => {
    const name = `text/c${i + 1}.xhtml`;
    const heading = c.heading !== undefined ? `<h2>${esc(c.heading)}</h2>\n` : '';
    files.push({ path: `EPUB/${name}`, text: xhtmlDoc(c.title ?? bookTitle, `${heading}${c.body}`) });
    manifest.push(`<item id="c${i + 1}" href="${name}" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="c${i + 1}"/>`);
  });
  files.push({
    path: 'EPUB/package.opf',
    text: `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">urn:uuid:12345678-1234-4234-8234-123456789abc</dc:identifier>
    <dc:title>${esc(bookTitle)}</dc:title>
    <meta property="dcterms:modified">2020-01-01T00:00:00Z</meta>
${opts.metadata ?? ''}
  </metadata>
  <manifest>
    ${manifest.join('\n    ')}
  </manifest>
  <spine>
    ${spine.join('\n    ')}
  </spine>
</package>
`,
  });
  return zipEpub(files);
}

export const utf8 = (s: string): Uint8Array => strToU8(s);

export interface RawZipEntry {
  name: string;
  /** The bytes as stored in the archive (already deflated when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** The uncompressed size the headers claim; a zip bomb lies here. */
  declaredSize: number;
}

/** A zip written byte by byte, so tests can make headers say what they like. */
export function rawZip(entries: readonly RawZipEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x800, true);
    local.setUint16(8, e.method, true);
    local.setUint32(14, e.crc, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.declaredSize, true);
    local.setUint16(26, name.length, true);
    chunks.push(new Uint8Array(local.buffer), name, e.data);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(8, 0x800, true);
    cd.setUint16(10, e.method, true);
    cd.setUint32(16, e.crc, true);
    cd.setUint32(20, e.data.length, true);
    cd.setUint32(24, e.declaredSize, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
