/*
 * Malformed input, generated deterministically: every importer call must either return a
 * well-formed PortableWork or throw ImportError with a one-line reason — never another exception,
 * never a hang (the tests' timeouts are the hang guard).
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { deflateSync, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { ImportError, type PortableWork } from '../portable-work.js';
import { MAX_IMPORT_FILE_BYTES, importWork, readZipArchive } from './index.js';
import { crc32 } from './crc32.js';
import {
  CONTAINER_XML,
  calibreEpub,
  downloadHtml,
  plainEpub,
  prng,
  rawZip,
  sampleWork,
  xhtmlDoc,
  zipEpub,
  type EpubFile,
} from '../../../test/formats/import-fixtures.js';

const TIMEOUT = 240_000;

interface Case {
  name: string;
  bytes: Uint8Array;
  why: string;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every(isString);

function assertWellFormed(w: PortableWork, why: string): void {
  const fail = (what: string): never => assert.fail(`${why}: ${what}`);
  if (!isString(w.title) || w.title.trim() === '') fail('title');
  for (const k of ['summary', 'notes', 'endNotes', 'language'] as const) if (!isString(w[k])) fail(k);
  if (w.rating !== null && !isString(w.rating)) fail('rating');
  for (const k of [
    'creators',
    'warnings',
    'categories',
    'fandoms',
    'relationships',
    'characters',
    'freeforms',
  ] as const)
    if (!isStringArray(w[k])) fail(k);
  if (
    !Array.isArray(w.series) ||
    !w.series.every((s) => isString(s.title) && Number.isSafeInteger(s.position) && s.position >= 1)
  )
    fail('series');
  if (w.publishedAt !== null && !isString(w.publishedAt)) fail('publishedAt');
  if (w.updatedAt !== null && !isString(w.updatedAt)) fail('updatedAt');
  if (w.expectedChapters !== null && !(Number.isSafeInteger(w.expectedChapters) && w.expectedChapters >= 1))
    fail('expectedChapters');
  if (w.sourceId !== undefined && !isString(w.sourceId)) fail('sourceId');
  if (!Array.isArray(w.chapters) || w.chapters.length < 1) fail('chapters');
  for (const c of w.chapters) {
    for (const k of ['title', 'summary', 'notes', 'endNotes', 'body'] as const)
      if (!isString(c[k])) fail(`chapter ${k}`);
  }
}

function assertImportError(error: unknown, why: string): void {
  if (!(error instanceof ImportError)) {
    assert.fail(
      `${why}: threw ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`,
    );
  }
  assert.ok(
    error.message.trim() !== '' && !error.message.includes('\n'),
    `${why}: reason must be one line: ${JSON.stringify(error.message)}`,
  );
}

interface Tally {
  read: number;
  refused: number;
  slowest: number;
}

function runImports(t: TestContext, cases: readonly Case[]): Tally {
  const tally: Tally = { read: 0, refused: 0, slowest: 0 };
  for (const c of cases) {
    const started = performance.now();
    try {
      assertWellFormed(importWork(c.name, c.bytes), c.why);
      tally.read++;
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assertImportError(error, c.why);
      tally.refused++;
    }
    tally.slowest = Math.max(tally.slowest, performance.now() - started);
  }
  t.diagnostic(
    `${cases.length} inputs: ${tally.read} read, ${tally.refused} refused with ImportError; slowest ${tally.slowest.toFixed(0)} ms`,
  );
  return tally;
}

// ---- mutations -------------------------------------------------------------------------------

function mutations(
  rand: () => number,
  name: string,
  seed: Uint8Array,
  label: string,
  count: { truncations: number; flips: number; splices: number },
): Case[] {
  const int = (n: number): number => Math.floor(rand() * n);
  const out: Case[] = [];
  for (let i = 0; i < count.truncations; i++) {
    const cut = i === 0 ? 1 : i === 1 ? seed.length - 1 : int(seed.length);
    out.push({ name, bytes: seed.slice(0, cut), why: `${label} truncated to ${cut} bytes` });
  }
  for (let i = 0; i < count.flips; i++) {
    const bytes = seed.slice();
    const n = 1 + int(i % 3 === 0 ? 40 : 4);
    for (let k = 0; k < n; k++) bytes[int(bytes.length)] = int(256);
    out.push({ name, bytes, why: `${label} with ${n} bytes changed (#${i})` });
  }
  for (let i = 0; i < count.splices; i++) {
    // Cut a run out, or repeat one: breaks structure while keeping most bytes plausible.
    const a = int(seed.length);
    const b = Math.min(seed.length, a + 1 + int(200));
    const bytes =
      i % 2 === 0
        ? new Uint8Array([...seed.subarray(0, a), ...seed.subarray(b)])
        : new Uint8Array([...seed.subarray(0, b), ...seed.subarray(a)]);
    out.push({ name, bytes, why: `${label} with bytes ${a}–${b} ${i % 2 === 0 ? 'removed' : 'repeated'}` });
  }
  return out;
}

function randomBytes(rand: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

/** Text assembled from pieces of a format's syntax: exercises readers more than random bytes, which are rarely UTF-8. */
function soup(rand: () => number, pieces: readonly string[], n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)];
  return s;
}

const TXT_PIECES = [
  'Summary:',
  'Notes:',
  'End Notes:',
  'Work Text:',
  '***',
  '---',
  '* * *',
  '\n',
  '\n\n',
  '\r\n',
  ' ',
  'word',
  'The gull.',
  '"Quoted,"',
  '…',
  'é',
  '中文',
  '<p>',
  '&amp;',
  '\t',
  '\u00a0',
  '\ufeff',
  'x'.repeat(210),
];
const MD_PIECES = [
  '---\n',
  'title: ',
  'fandoms: [a, b]\n',
  '  - item\n',
  'summary: |\n',
  '# ',
  '## ',
  '### ',
  '\n',
  '\n\n',
  '> ',
  '- ',
  '1. ',
  '* ',
  '`',
  '```\n',
  '[',
  '](',
  ')',
  '*',
  '_',
  '<div>',
  '</div>',
  '|',
  '| --- |',
  'text',
  '\\',
  '![',
  '<!--',
  '-->',
  '[x]: http://e\n',
  '    code\n',
];
const HTML_PIECES = [
  '<div id="preface">',
  '<div id="chapters" class="userstuff">',
  '<div id="afterword">',
  '<div class="meta group">',
  '<div class="userstuff">',
  '</div>',
  '<dl class="tags">',
  '<dt>Rating:</dt>',
  '<dt>Fandoms:</dt>',
  '<dt>Series:</dt>',
  '<dt>Stats:</dt>',
  '<dt>Language:</dt>',
  '<dd>',
  '</dd>',
  '</dl>',
  'Part 2 of ',
  'Part 99999999999999999999 of ',
  'Published: 2015-01-01 ',
  'Updated: 2015-13-45 ',
  'Chapters: 3/?',
  'Chapters: 1/0',
  'Chapters: 2/99999999999999999999',
  '<h1>',
  '</h1>',
  '<h2 class="heading">Chapter 1: ',
  '<h2>Chapter 2',
  '</h2>',
  '<p>Summary</p>',
  '<p>Chapter Notes</p>',
  '<p>End Notes</p>',
  '<blockquote class="userstuff">',
  '</blockquote>',
  '<p class="message">Posted originally on <a href="x">',
  '<a rel="author">',
  '</a>',
  '<br/>',
  '<b>',
  '<p>',
  '</p>',
  'text',
  '&amp;',
  '&#xD800;',
  '&#0;',
  '<!--',
  '-->',
  '<script>',
  '</script>',
  '<title>',
  '</title>',
  '<body>',
  '</body>',
  '<![CDATA[',
  '<?xml ?>',
  '<',
  '>',
  '"',
  '=',
];

const seedTxt =
  'Salt and Rope\n\nSummary: Two keepers.\n\nNotes: For a friend.\n\n***\n\nThe first keeper arrived.\nThe second followed.\n\nEnd Notes: Thanks.\n';
const seedMd =
  '---\ntitle: Fog\nfandoms: [Original Work]\nrating: Mature\n---\n# Fog\n\n## One\n\nIt *rolled* in.\n\n> quoted\n\n## Two\n\n- a\n- b\n\n[link](http://example.org)\n';
const seedPlainHtml =
  '<!doctype html><html><head><title>Plain</title></head><body><h1>Plain</h1><p>Some <em>text</em>.</p><div><p>More.</p></div></body></html>';

test(
  'fuzz: text formats (.txt, .md, .html) — truncations, byte flips, splices, soups, random bytes',
  { timeout: TIMEOUT },
  (t) => {
    const rand = prng(20240601);
    const cases: Case[] = [];
    const seeds: [string, string][] = [
      ['seed.txt', seedTxt],
      ['seed.md', seedMd],
      ['seed.html', downloadHtml(sampleWork())],
      ['one.html', downloadHtml(sampleWork({ chapters: [{ body: '<p>Only chapter.</p>' }] }))],
      ['plain.htm', seedPlainHtml],
    ];
    for (const [name, text] of seeds) {
      cases.push(...mutations(rand, name, strToU8(text), name, { truncations: 20, flips: 25, splices: 10 }));
    }
    for (let i = 0; i < 30; i++) {
      cases.push({
        name: 'soup.txt',
        bytes: strToU8(soup(rand, TXT_PIECES, 1 + Math.floor(rand() * 80))),
        why: `txt soup #${i}`,
      });
      cases.push({
        name: 'soup.md',
        bytes: strToU8(soup(rand, MD_PIECES, 1 + Math.floor(rand() * 120))),
        why: `md soup #${i}`,
      });
      cases.push({
        name: 'soup.html',
        bytes: strToU8(soup(rand, HTML_PIECES, 1 + Math.floor(rand() * 200))),
        why: `html soup #${i}`,
      });
    }
    for (const ext of ['txt', 'md', 'markdown', 'html', 'htm', 'xhtml']) {
      for (let i = 0; i < 6; i++)
        cases.push({ name: `random.${ext}`, bytes: randomBytes(rand, i * 300), why: `random bytes .${ext} #${i}` });
      // Printable ASCII only: valid UTF-8, so the readers proper see it.
      for (let i = 0; i < 4; i++) {
        const b = randomBytes(rand, 50 + i * 500).map((x) => 32 + (x % 95));
        cases.push({ name: `ascii.${ext}`, bytes: b, why: `random printable .${ext} #${i}` });
      }
    }
    assert.ok(cases.length >= 300, `${cases.length} cases`);
    runImports(t, cases);
  },
);

test('fuzz: pathological nesting and sizes in text formats', { timeout: TIMEOUT }, (t) => {
  const deep = 100_000;
  const cases: Case[] = [
    {
      name: 'deep.html',
      bytes: strToU8('<div>'.repeat(deep) + 'text' + '</div>'.repeat(deep)),
      why: 'deeply nested divs',
    },
    { name: 'deep.html', bytes: strToU8('<div>'.repeat(deep) + 'unclosed'), why: 'deeply nested, never closed' },
    {
      name: 'deep.html',
      bytes: strToU8('<div id="chapters" class="userstuff">'.repeat(20_000) + '<p>x</p>'),
      why: 'nested #chapters wrappers',
    },
    {
      name: 'deep.html',
      bytes: strToU8(
        `<div id="preface"><dl class="tags">${'<dd><a>'.repeat(30_000)}</dl></div><div id="chapters"><p>x</p></div>`,
      ),
      why: 'deep dd',
    },
    { name: 'deep.xhtml', bytes: strToU8('<div class="userstuff">'.repeat(30_000) + 'x'), why: 'nested userstuff' },
    { name: 'deep.md', bytes: strToU8('>'.repeat(deep) + ' quote'), why: 'deeply nested quotes' },
    {
      name: 'deep.md',
      bytes: strToU8(
        '  '
          .repeat(20_000)
          .split('')
          .map((_, i) => (i % 2 ? '' : `${' '.repeat(i % 40)}- item\n`))
          .join(''),
      ),
      why: 'nested list items',
    },
    { name: 'deep.md', bytes: strToU8('*'.repeat(200_000)), why: 'emphasis run' },
    { name: 'deep.md', bytes: strToU8('['.repeat(100_000) + ']('.repeat(100_000)), why: 'link brackets' },
    { name: 'deep.md', bytes: strToU8(`---\na${' '.repeat(200_000)}\n---\nx`), why: 'long front matter line' },
    { name: 'long.txt', bytes: strToU8('word '.repeat(2_000_000)), why: 'one 10 MB paragraph' },
    { name: 'long.txt', bytes: strToU8('\n'.repeat(1_000_000) + 'x'), why: 'a million blank lines' },
    { name: 'many.txt', bytes: strToU8('Notes:\n\n'.repeat(100_000)), why: 'label after label' },
    { name: 'big.txt', bytes: new Uint8Array(MAX_IMPORT_FILE_BYTES + 1), why: 'one byte over the limit' },
  ];
  for (const ext of ['txt', 'md', 'html', 'epub'])
    cases.push({ name: `empty.${ext}`, bytes: new Uint8Array(), why: `empty .${ext}` });
  runImports(t, cases);
});

// ---- EPUB ------------------------------------------------------------------------------------

const opf = (manifest: string, spine: string, metadata = '<dc:title>T</dc:title>'): string =>
  `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">${metadata}</metadata><manifest>${manifest}</manifest><spine>${spine}</spine></package>`;
const item = (id: string, href: string, type = 'application/xhtml+xml'): string =>
  `<item id="${id}" href="${href}" media-type="${type}"/>`;
const container = { path: 'META-INF/container.xml', text: CONTAINER_XML('OPS/p.opf') };
const chapterFile = (path: string, body = '<p>Text.</p>'): EpubFile => ({ path, text: xhtmlDoc('c', body) });

function structuralEpubs(): Case[] {
  const cases: [string, EpubFile[]][] = [
    ['no container', [chapterFile('OPS/c.xhtml')]],
    ['container without rootfile', [{ path: 'META-INF/container.xml', text: '<container/>' }]],
    [
      'container rootfile without path',
      [{ path: 'META-INF/container.xml', text: '<container><rootfiles><rootfile/></rootfiles></container>' }],
    ],
    ['container is not XML', [{ path: 'META-INF/container.xml', text: 'PK garbage <<<' }]],
    [
      'container with an entity bomb',
      [
        {
          path: 'META-INF/container.xml',
          text: `<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i === 0 ? 'a' : 'b'.repeat(i)};`.repeat(10)}">`).join('')}]><container><rootfiles><rootfile full-path="&bbbbbbbbb;"/></rootfiles></container>`,
        },
      ],
    ],
    ['package missing', [container]],
    ['package not XML', [container, { path: 'OPS/p.opf', text: '<package><metadata>' }]],
    ['package without <package>', [container, { path: 'OPS/p.opf', text: '<?xml version="1.0"?><other/>' }]],
    ['package without spine', [container, { path: 'OPS/p.opf', text: '<package><manifest/></package>' }]],
    ['spine item not in manifest', [container, { path: 'OPS/p.opf', text: opf('', '<itemref idref="nope"/>') }]],
    ['spine file missing', [container, { path: 'OPS/p.opf', text: opf(item('c', 'c.xhtml'), '<itemref idref="c"/>') }]],
    [
      'spine of images only',
      [
        container,
        { path: 'OPS/p.opf', text: opf(item('i', 'i.png', 'image/png'), '<itemref idref="i"/>') },
        { path: 'OPS/i.png', text: 'png' },
      ],
    ],
    [
      'spine file is binary',
      [
        container,
        { path: 'OPS/p.opf', text: opf(item('c', 'c.xhtml'), '<itemref idref="c"/>') },
        { path: 'OPS/c.xhtml', text: '\u0000\u0001\u0002' },
      ],
    ],
    [
      'spine file empty',
      [
        container,
        { path: 'OPS/p.opf', text: opf(item('c', 'c.xhtml'), '<itemref idref="c"/>') },
        { path: 'OPS/c.xhtml', text: '' },
      ],
    ],
    [
      'href climbing out',
      [
        container,
        { path: 'OPS/p.opf', text: opf(item('c', '../../../../c.xhtml'), '<itemref idref="c"/>') },
        chapterFile('c.xhtml'),
      ],
    ],
    [
      'href percent-encoded and broken',
      [
        container,
        { path: 'OPS/p.opf', text: opf(item('c', 'a%20b%zz.xhtml#frag'), '<itemref idref="c"/>') },
        chapterFile('OPS/a b%zz.xhtml'),
      ],
    ],
    [
      'deeply nested package XML',
      [
        container,
        { path: 'OPS/p.opf', text: `<package>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}<spine/></package>` },
      ],
    ],
    [
      'reserved element names',
      [
        container,
        {
          path: 'OPS/p.opf',
          text: opf(
            item('c', 'c.xhtml'),
            '<itemref idref="c"/>',
            '<__proto__>x</__proto__><constructor/><dc:title>T</dc:title>',
          ),
        },
        chapterFile('OPS/c.xhtml'),
      ],
    ],
    [
      'metadata oddities',
      [
        container,
        {
          path: 'OPS/p.opf',
          text: opf(
            item('c', 'c.xhtml'),
            '<itemref idref="c"/><itemref/>'.replace('<itemref/>', ''),
            '<dc:title><b>x</b></dc:title><dc:creator/><dc:language>zz-ZZ</dc:language><meta property="belongs-to-collection">S</meta><meta name="calibre:series_index" content="NaN"/><meta name="calibre:series" content=""/><dc:date>not a date</dc:date>',
          ),
        },
        chapterFile('OPS/c.xhtml'),
      ],
    ],
    [
      'deeply nested chapter',
      [
        container,
        { path: 'OPS/p.opf', text: opf(item('c', 'c.xhtml'), '<itemref idref="c"/>') },
        chapterFile('OPS/c.xhtml', '<div>'.repeat(50_000) + 'deep' + '</div>'.repeat(50_000)),
      ],
    ],
    [
      'chapter without body element',
      [
        container,
        { path: 'OPS/p.opf', text: opf(item('c', 'c.xhtml'), '<itemref idref="c"/>') },
        { path: 'OPS/c.xhtml', text: '<p>No html or body.</p>' },
      ],
    ],
    [
      'layout spread oddly',
      [
        container,
        {
          path: 'OPS/p.opf',
          text: opf(item('a', 'a.xhtml') + item('b', 'b.xhtml'), '<itemref idref="a"/><itemref idref="b"/>'),
        },
        chapterFile('OPS/a.xhtml', '<div id="chapters" class="userstuff"><div class="meta group"><h2>Chapter 1'),
        chapterFile('OPS/b.xhtml', '</h2></div><div class="userstuff"><p>x'),
      ],
    ],
  ];
  return cases.map(([why, files]) => ({ name: 'structure.epub', bytes: zipEpub(files), why: `EPUB: ${why}` }));
}

/**
 * Damage one file inside a well-formed zip: flips in the zip itself mostly stop at the checksum,
 * these reach the XML and XHTML readers.
 */
function contentMutations(rand: () => number, epub: Uint8Array, label: string, count: number): Case[] {
  const files = unzipSync(epub);
  const names = Object.keys(files).filter((n) => n !== 'mimetype');
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const name = names[Math.floor(rand() * names.length)]!;
    const [damaged] = mutations(
      rand,
      name,
      files[name]!,
      name,
      i % 3 === 0
        ? { truncations: 1, flips: 0, splices: 0 }
        : i % 3 === 1
          ? { truncations: 0, flips: 1, splices: 0 }
          : { truncations: 0, flips: 0, splices: 1 },
    );
    const tree: Zippable = { mimetype: [files['mimetype']!, { level: 0 }] };
    for (const n of names) tree[n] = n === name ? damaged!.bytes : files[n]!;
    out.push({ name: 'content.epub', bytes: zipSync(tree), why: `${label}: ${damaged!.why}` });
  }
  return out;
}

let bombBytes: Uint8Array | undefined;
/** A stream of zeros just over 64 MiB, deflated to about 65 KB. */
function bombStream(): Uint8Array {
  bombBytes ??= deflateSync(new Uint8Array(MAX_IMPORT_FILE_BYTES + 1), { level: 1 });
  return bombBytes;
}

function bombEpub(): Uint8Array {
  const small = (name: string, text: string) => {
    const data = strToU8(text);
    return { name, data, method: 0 as const, crc: crc32(data), declaredSize: data.length };
  };
  return rawZip([
    small('mimetype', 'application/epub+zip'),
    small('META-INF/container.xml', CONTAINER_XML('OPS/p.opf')),
    small('OPS/p.opf', opf(item('c', 'c.xhtml'), '<itemref idref="c"/>')),
    // Declares 1 KB; inflates past 64 MiB.
    { name: 'OPS/c.xhtml', data: bombStream(), method: 8, crc: 0, declaredSize: 1024 },
  ]);
}

test(
  'fuzz: EPUBs — truncations, byte flips, broken structure, huge declared sizes, a zip bomb',
  { timeout: TIMEOUT },
  (t) => {
    const rand = prng(777);
    const cases: Case[] = [];
    const calibre = calibreEpub(sampleWork());
    const plain = plainEpub({ chapters: [{ heading: 'One', body: '<p>First.</p>' }, { body: '<p>Second.</p>' }] });
    // Stored (uncompressed) entries let flips land in readable XML rather than only in deflate data.
    const stored = zipSync(
      Object.fromEntries([
        ['mimetype', [strToU8('application/epub+zip'), { level: 0 }]],
        ['META-INF/container.xml', [strToU8(CONTAINER_XML('OPS/p.opf')), { level: 0 }]],
        [
          'OPS/p.opf',
          [
            strToU8(
              opf(
                item('c', 'c.xhtml'),
                '<itemref idref="c"/>',
                '<dc:title>Stored</dc:title><dc:creator>me</dc:creator><dc:source>https://e.org/works/1</dc:source>',
              ),
            ),
            { level: 0 },
          ],
        ],
        [
          'OPS/c.xhtml',
          [
            strToU8(xhtmlDoc('c', downloadHtml(sampleWork()).replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, ''))),
            { level: 0 },
          ],
        ],
      ]),
    );
    cases.push(
      ...mutations(rand, 'calibre.epub', calibre, 'calibre EPUB', { truncations: 30, flips: 60, splices: 10 }),
    );
    cases.push(...mutations(rand, 'plain.epub', plain, 'plain EPUB', { truncations: 20, flips: 40, splices: 6 }));
    cases.push(...mutations(rand, 'stored.epub', stored, 'stored EPUB', { truncations: 20, flips: 80, splices: 10 }));
    cases.push(...contentMutations(rand, calibre, 'calibre EPUB', 90));
    cases.push(...contentMutations(rand, plain, 'plain EPUB', 40));
    cases.push(...structuralEpubs());
    for (let i = 0; i < 20; i++)
      cases.push({ name: 'random.epub', bytes: randomBytes(rand, i * 200), why: `random bytes .epub #${i}` });
    for (let i = 0; i < 10; i++) {
      // A zip signature then noise: gets past the sniff, fails in the directory.
      cases.push({
        name: 'noise.epub',
        bytes: new Uint8Array([0x50, 0x4b, 3, 4, ...randomBytes(rand, 100 + i * 100)]),
        why: `zip magic + noise #${i}`,
      });
    }

    // Headers that declare absurd sizes, counts and offsets.
    const ok = strToU8(CONTAINER_XML('OPS/p.opf'));
    const entry = {
      name: 'META-INF/container.xml',
      data: ok,
      method: 0 as const,
      crc: crc32(ok),
      declaredSize: ok.length,
    };
    cases.push({
      name: 'huge.epub',
      bytes: rawZip([{ ...entry, declaredSize: 0xffffffff }]),
      why: 'declared size 4 GiB',
    });
    const manyEntries = rawZip([entry]);
    manyEntries.set([0xff, 0xff], manyEntries.length - 12); // total entries 65535
    cases.push({ name: 'huge.epub', bytes: manyEntries, why: '65535 entries declared' });
    const farDirectory = rawZip([entry]);
    new DataView(farDirectory.buffer).setUint32(farDirectory.length - 6, 0xfffffff0, true);
    cases.push({ name: 'huge.epub', bytes: farDirectory, why: 'directory offset past the end' });
    const zip64 = rawZip([entry]);
    new DataView(zip64.buffer).setUint32(zip64.length - 6, 0xffffffff, true);
    cases.push({ name: 'huge.epub', bytes: zip64, why: 'ZIP64 marker without ZIP64 records' });
    const bigCompressed = rawZip([entry]);
    new DataView(bigCompressed.buffer).setUint32(
      bigCompressed.length - 22 - (46 + entry.name.length) + 20,
      0x7fffffff,
      true,
    );
    cases.push({ name: 'huge.epub', bytes: bigCompressed, why: 'compressed size past the end' });
    cases.push({ name: 'bomb.epub', bytes: bombEpub(), why: 'zip bomb: a chapter that inflates past 64 MiB' });

    assert.ok(cases.length >= 300, `${cases.length} cases`);
    const tally = runImports(t, cases);
    assert.ok(tally.read > 0 && tally.refused > 0);
  },
);

test('the EPUB zip bomb is refused by size, not by running out of memory', () => {
  assert.throws(() => importWork('bomb.epub', bombEpub()), {
    name: 'ImportError',
    message: 'EPUB file OPS/c.xhtml is larger than 64 MiB',
  });
});

// ---- bulk zips ---------------------------------------------------------------------------------

test('fuzz: readZipArchive — truncations, byte flips, a zip bomb', { timeout: TIMEOUT }, (t) => {
  const rand = prng(4242);
  const bulk = zipSync({
    'a.txt': strToU8(seedTxt),
    'dir/': {},
    'dir/b.md': strToU8(seedMd),
    'dir/c.html': [strToU8(downloadHtml(sampleWork())), { level: 0 }],
    'd.epub': [calibreEpub(sampleWork()), { level: 0 }],
  });
  const inputs: Case[] = [
    ...mutations(rand, 'bulk.zip', bulk, 'bulk zip', { truncations: 40, flips: 60, splices: 20 }),
    { name: 'bulk.zip', bytes: new Uint8Array(), why: 'empty bulk zip' },
    {
      name: 'bulk.zip',
      bytes: rawZip([{ name: 'bomb.txt', data: bombStream(), method: 8, crc: 0, declaredSize: 10 }]),
      why: 'bulk zip bomb',
    },
  ];
  let read = 0;
  let refused = 0;
  for (const c of inputs) {
    try {
      const entries = readZipArchive(c.bytes);
      assert.ok(
        Array.isArray(entries) && entries.every((e) => typeof e.name === 'string' && e.bytes instanceof Uint8Array),
        c.why,
      );
      read++;
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assertImportError(error, c.why);
      refused++;
    }
  }
  t.diagnostic(`${inputs.length} archives: ${read} read, ${refused} refused with ImportError`);
  assert.ok(refused > 0);
});
