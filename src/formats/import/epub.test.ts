import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importWork } from './index.js';
import {
  CONTAINER_XML,
  SAMPLE_BODIES,
  afterwordHtml,
  calibreEpub,
  chapterBlocks,
  plainEpub,
  sampleWork,
  xhtmlDoc,
  zipEpub,
  type EpubFile,
} from '../../../test/formats/import-fixtures.js';

test('an AO3-style EPUB (calibre): every field', () => {
  const w = importWork('The_Lighthouse_Ledger.epub', calibreEpub(sampleWork()));
  assert.deepEqual(w, {
    title: 'The Lighthouse Ledger',
    creators: ['quietharbour', 'Second Pen'],
    summary: '<p>A keeper, a ledger, and a season of birds.</p>',
    notes: '<p>Written for a prompt about <em>counting</em>.</p>',
    endNotes: '<p>Thank you for reading.</p>',
    language: 'en',
    rating: 'Teen And Up Audiences',
    warnings: ['No Archive Warnings Apply'],
    categories: ['Gen', 'F/M'],
    fandoms: ['Original Work', 'Harbour Tales'],
    relationships: ['Keeper/Ferryman', 'Keeper & Gull'],
    characters: ['The Keeper', 'The Ferryman'],
    // The preface has a tag list, so dc:subject (every tag, types lost) is not used.
    freeforms: ['Slice of Life', 'Weather'],
    series: [{ title: 'Coastal Records', position: 2 }],
    publishedAt: '2015-01-01',
    updatedAt: '2015-02-01',
    expectedChapters: null,
    chapters: [
      {
        title: 'The Count',
        summary: '<p>Morning numbers.</p>',
        notes: '<p>A short one.</p>',
        endNotes: '<p>More soon.</p>',
        body: SAMPLE_BODIES[0],
      },
      { title: '', summary: '', notes: '', endNotes: '', body: SAMPLE_BODIES[1] },
      { title: 'Green Book', summary: '', notes: '', endNotes: '', body: SAMPLE_BODIES[2] },
    ],
    sourceId: 'https://archive.example.org/works/4242',
  });
});

test('AO3-style EPUB variants: Completed, a known chapter count, CJK and Arabic, no dc:source', () => {
  const zh = importWork(
    'x.epub',
    calibreEpub(
      sampleWork({
        title: '灯塔的账本',
        language: '中文-普通话 國語',
        updated: { label: 'Completed', date: '2015-03-01' },
        chapterFraction: '3/3',
      }),
      { withSource: false },
    ),
  );
  assert.equal(zh.title, '灯塔的账本');
  assert.equal(zh.language, 'zh');
  assert.equal(zh.updatedAt, '2015-03-01');
  assert.equal(zh.expectedChapters, 3);
  assert.equal(zh.sourceId, 'https://archive.example.org/works/4242');
  const ar = importWork(
    'x.epub',
    calibreEpub(
      sampleWork({
        title: 'دفتر المنارة',
        language: 'العربية',
        chapters: [{ title: 'الفصل', body: '<p>نص قصير.</p>' }],
      }),
    ),
  );
  assert.equal(ar.title, 'دفتر المنارة');
  assert.equal(ar.language, 'ar');
  assert.deepEqual(
    ar.chapters.map((c) => [c.title, c.body]),
    [['الفصل', '<p>نص قصير.</p>']],
  );
});

/** Quire's own layout: EPUB/package.opf, one file per part, blocks without their wrapper divs, nav in the spine. */
function quireEpub(opts: { preface: string; metadata: string; chapters: string[]; afterword: string }): Uint8Array {
  const files: EpubFile[] = [{ path: 'META-INF/container.xml', text: CONTAINER_XML('EPUB/package.opf') }];
  const manifest = [
    '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
    '<item id="css" href="style.css" media-type="text/css"/>',
  ];
  const spine = ['<itemref idref="nav"/>'];
  const add = (id: string, name: string, body: string): void => {
    files.push({ path: `EPUB/${name}`, text: xhtmlDoc(id, body) });
    manifest.push(`<item id="${id}" href="${name}" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="${id}"/>`);
  };
  files.push({
    path: 'EPUB/nav.xhtml',
    text: xhtmlDoc(
      'Contents',
      '<nav epub:type="toc" id="toc"><h1>Contents</h1><ol><li><a href="chapter-001.xhtml">Chapter 1</a></li></ol></nav>',
    ),
  });
  files.push({ path: 'EPUB/style.css', text: 'body { margin: 0 }' });
  add('preface', 'preface.xhtml', opts.preface);
  opts.chapters.forEach((c, i) => add(`chapter-${i + 1}`, `chapter-${String(i + 1).padStart(3, '0')}.xhtml`, c));
  add('afterword', 'afterword.xhtml', opts.afterword);
  files.push({
    path: 'EPUB/package.opf',
    text: `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" prefix="calibre: https://calibre-ebook.com">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">urn:uuid:0000aaaa-0000-4000-8000-00000000beef</dc:identifier>
    <meta property="dcterms:modified">2021-06-01T12:00:00Z</meta>
${opts.metadata}
  </metadata>
  <manifest>${manifest.join('\n')}</manifest>
  <spine>${spine.join('\n')}</spine>
</package>`,
  });
  return zipEpub(files);
}

test("Quire's EPUB: blocks without wrapper divs; package metadata fills what the preface lacks", () => {
  const preface = `<p class="message"><b>Tide Tables</b><br/>Posted originally on the <a href="https://quire.example/">Quire</a> at <a href="https://quire.example/works/9">https://quire.example/works/9</a>.</p>
<div class="meta"><h1>Tide Tables</h1><p>Summary</p><blockquote class="userstuff"><p>High water, low water.</p></blockquote></div>`;
  const epub = quireEpub({
    preface,
    metadata: `<dc:title>Tide Tables (package title)</dc:title>
    <dc:creator>saltwriter</dc:creator>
    <dc:language>ja</dc:language>
    <dc:description>Package summary, not used.</dc:description>
    <dc:subject>Tides</dc:subject>
    <dc:subject>Moon</dc:subject>
    <dc:source>https://quire.example/works/9-package</dc:source>
    <meta property="belongs-to-collection" id="c1">Sea Almanac</meta>
    <meta refines="#c1" property="collection-type">series</meta>
    <meta refines="#c1" property="group-position">3</meta>
    <meta name="calibre:series" content="Sea Almanac"/>
    <meta name="calibre:series_index" content="3"/>`,
    chapters: [
      chapterBlocks({ title: 'Spring', body: '<p>The spring tide.</p>' }, 1),
      chapterBlocks({ body: '<p>The neap tide.</p>', endNotes: '<p>Moon phases next.</p>' }, 2),
    ],
    afterword: afterwordHtml(sampleWork({ endNotes: '<p>Fin.</p>' })),
  });
  const w = importWork('tide.epub', epub);
  assert.deepEqual(w, {
    title: 'Tide Tables',
    creators: ['saltwriter'],
    summary: '<p>High water, low water.</p>',
    notes: '',
    endNotes: '<p>Fin.</p>',
    language: 'ja',
    rating: null,
    warnings: [],
    categories: [],
    fandoms: [],
    relationships: [],
    characters: [],
    // No tag list in the preface: dc:subject stands in as additional tags.
    freeforms: ['Tides', 'Moon'],
    series: [{ title: 'Sea Almanac', position: 3 }],
    publishedAt: null,
    updatedAt: null,
    expectedChapters: 2, // not stated: complete as it is
    chapters: [
      { title: 'Spring', summary: '', notes: '', endNotes: '', body: '<p>The spring tide.</p>' },
      { title: '', summary: '', notes: '', endNotes: '<p>Moon phases next.</p>', body: '<p>The neap tide.</p>' },
    ],
    sourceId: 'https://quire.example/works/9',
  });
});

test('a plain EPUB: one chapter per spine document with text, nav and cover skipped, titles from headings or <title>', () => {
  const epub = plainEpub({
    chapters: [
      { heading: 'Low Water', body: '<p>Mud, and birds on it.</p>' },
      { title: 'High Water', body: '<p>No mud at all.</p>' },
      { body: '<p>Book title in &lt;title&gt;: no chapter title.</p>' },
      { body: '<div><img src="a.png" alt=""/></div>', title: 'Image only' },
      { body: '   ' },
    ],
    metadata: `<dc:creator>tidewriter</dc:creator>
    <dc:creator>second hand</dc:creator>
    <dc:language>fr-FR</dc:language>
    <dc:description>Mud &amp; birds.

A second paragraph.</dc:description>
    <dc:subject>Tides</dc:subject>
    <dc:source>isbn:0000</dc:source>
    <dc:date>2020-02-03</dc:date>
    <meta name="calibre:series" content="Estuary"/>
    <meta name="calibre:series_index" content="4"/>`,
  });
  const w = importWork('sketches.epub', epub);
  assert.deepEqual(w, {
    title: 'Harbour Sketches',
    creators: ['tidewriter', 'second hand'],
    summary: '<p>Mud &amp; birds.</p>\n<p>A second paragraph.</p>',
    notes: '',
    endNotes: '',
    language: 'fr',
    rating: null,
    warnings: [],
    categories: [],
    fandoms: [],
    relationships: [],
    characters: [],
    freeforms: ['Tides'],
    series: [{ title: 'Estuary', position: 4 }],
    publishedAt: '2020-02-03',
    updatedAt: null,
    expectedChapters: 4, // not stated: complete as it is
    chapters: [
      { title: 'Low Water', summary: '', notes: '', endNotes: '', body: '<p>Mud, and birds on it.</p>' },
      { title: 'High Water', summary: '', notes: '', endNotes: '', body: '<p>No mud at all.</p>' },
      {
        title: '',
        summary: '',
        notes: '',
        endNotes: '',
        body: '<p>Book title in &lt;title&gt;: no chapter title.</p>',
      },
      { title: 'Image only', summary: '', notes: '', endNotes: '', body: '<div><img src="a.png" alt=""/></div>' },
    ],
    // dc:source is not a web address: the package's unique identifier stands in.
    sourceId: 'urn:uuid:12345678-1234-4234-8234-123456789abc',
  });
});

test('sourceId prefers an http(s) dc:source, then an identifier that is a web address', () => {
  const body = [{ body: '<p>Some text.</p>' }];
  assert.equal(
    importWork('a.epub', plainEpub({ chapters: body, metadata: '<dc:source>https://example.org/works/1</dc:source>' }))
      .sourceId,
    'https://example.org/works/1',
  );
  assert.equal(
    importWork(
      'a.epub',
      plainEpub({ chapters: body, metadata: '<dc:identifier>http://example.org/works/2</dc:identifier>' }),
    ).sourceId,
    'http://example.org/works/2',
  );
});

const minimalOpf = (
  spine: string,
  manifest = '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>',
): string =>
  `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata><manifest>${manifest}</manifest><spine>${spine}</spine></package>`;

test('broken EPUBs are refused with one-line reasons', () => {
  const chapter = { path: 'OEBPS/c1.xhtml', text: xhtmlDoc('c', '<p>Text.</p>') };
  const cases: [EpubFile[] | Uint8Array, RegExp][] = [
    [[chapter], /^EPUB has no META-INF\/container\.xml$/],
    [
      [{ path: 'META-INF/container.xml', text: '<container><rootfiles></rootfiles></container>' }],
      /^EPUB has no package document \(META-INF\/container\.xml names none\)$/,
    ],
    [
      [{ path: 'META-INF/container.xml', text: CONTAINER_XML('OEBPS/content.opf') }],
      /^EPUB package document OEBPS\/content\.opf is missing$/,
    ],
    [
      [{ path: 'META-INF/container.xml', text: '<container><rootfiles>' }],
      /^EPUB META-INF\/container\.xml is not well-formed XML \(line 1: .*\)$/,
    ],
    [
      [
        { path: 'META-INF/container.xml', text: CONTAINER_XML('OEBPS/content.opf') },
        { path: 'OEBPS/content.opf', text: '<package><metadata></package>' },
        chapter,
      ],
      /^EPUB package document OEBPS\/content\.opf is not well-formed XML/,
    ],
    [
      [
        { path: 'META-INF/container.xml', text: CONTAINER_XML('OEBPS/content.opf') },
        { path: 'OEBPS/content.opf', text: minimalOpf('<itemref idref="c9"/>') },
        chapter,
      ],
      /^EPUB spine names "c9", which its manifest lacks$/,
    ],
    [
      [
        { path: 'META-INF/container.xml', text: CONTAINER_XML('OEBPS/content.opf') },
        { path: 'OEBPS/content.opf', text: minimalOpf('<itemref idref="c1"/>') },
      ],
      /^EPUB is missing OEBPS\/c1\.xhtml, which its spine names$/,
    ],
    [
      [
        { path: 'META-INF/container.xml', text: CONTAINER_XML('OEBPS/content.opf') },
        { path: 'OEBPS/content.opf', text: minimalOpf('') },
        chapter,
      ],
      /^EPUB spine lists no documents$/,
    ],
    [
      [
        { path: 'META-INF/container.xml', text: CONTAINER_XML('OEBPS/content.opf') },
        { path: 'OEBPS/content.opf', text: '<?xml version="1.0"?><package><manifest/></package>' },
      ],
      /^EPUB package document OEBPS\/content\.opf has no spine$/,
    ],
    [new TextEncoder().encode('<html>not a zip</html>'), /^not an EPUB \(not a zip archive\)$/],
  ];
  for (const [input, reason] of cases) {
    const bytes = input instanceof Uint8Array ? input : zipEpub(input);
    assert.throws(
      () => importWork('broken.epub', bytes),
      (error: Error) => {
        assert.equal(error.name, 'ImportError');
        assert.match(error.message, reason);
        assert.ok(!error.message.includes('\n'));
        return true;
      },
    );
  }
});

test('a readable EPUB whose spine has only a cover page is refused', () => {
  assert.throws(() => importWork('a.epub', plainEpub({ chapters: [] })), {
    name: 'ImportError',
    message: 'EPUB has no text documents in its spine',
  });
});
