/*
 * Malformed input, generated deterministically: every importer call must either return a
 * well-formed PortableWork or throw ImportError with a one-line reason — never another exception,
 * never a hang (the tests' timeouts are the hang guard).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { importWork } from './index.js';
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
import {
  TIMEOUT,
  mutations,
  randomBytes,
  runImports,
  type Case,
  bombStream,
} from '../../../test/formats/fuzz-support.js';

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
