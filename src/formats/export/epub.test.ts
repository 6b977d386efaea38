import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { chapterFileName, exportEpub } from './epub.js';
import { exportHtml } from './html.js';
import { chapter, largeWork, sampleContext, sampleWork, sampleWorks } from '../../../test/formats/sample-works.js';
import { countWords } from '../../domain/word-count.js';
import { meaningfulTextNodes as meaningful } from './text-nodes.js';
import type { ExportContext, PortableWork } from '../portable-work.js';

type Xml = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  isArray: (name) => ['meta', 'item', 'itemref', 'dc:creator', 'dc:subject', 'navPoint', 'li', 'nav'].includes(name),
});

function unpack(work: PortableWork, ctx: ExportContext = sampleContext(work)): Record<string, string> {
  const files = unzipSync(exportEpub(work, ctx));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}
const xml = (source: string): Xml => parser.parse(source) as Xml;
const at = (node: unknown, ...path: Array<string | number>): unknown =>
  path.reduce<unknown>((n, key) => (n as Record<string | number, unknown> | undefined)?.[key], node);
const list = (node: unknown): Xml[] => (Array.isArray(node) ? (node as Xml[]) : []);
const textOf = (node: unknown): string => {
  const text = typeof node === 'string' ? node : at(node, '#text');
  return typeof text === 'string' ? text : '';
};

function opf(files: Record<string, string>): { metadata: Xml; metas: Xml[]; manifest: Xml[]; spine: Xml } {
  const pkg = at(xml(files['EPUB/package.opf']!), 'package') as Xml;
  const metadata = at(pkg, 'metadata') as Xml;
  return {
    metadata,
    metas: list(at(metadata, 'meta')),
    manifest: list(at(pkg, 'manifest', 'item')),
    spine: at(pkg, 'spine') as Xml,
  };
}
const metaValues = (metas: Xml[], property: string): string[] =>
  metas.filter((m) => m['@_property'] === property).map(textOf);

describe('the zip container', () => {
  const work = sampleWork();
  const bytes = exportEpub(work, sampleContext(work));

  test('opens with the mimetype entry, stored, without extra field, exactly "application/epub+zip"', () => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(view.getUint32(0, true), 0x04034b50, 'local file header signature');
    assert.equal(view.getUint16(6, true) & 0x08, 0, 'no data descriptor');
    assert.equal(view.getUint16(8, true), 0, 'compression method: stored');
    assert.equal(view.getUint16(26, true), 8, 'name length');
    assert.equal(view.getUint16(28, true), 0, 'extra field length');
    assert.equal(Buffer.from(bytes.subarray(30, 38)).toString('latin1'), 'mimetype');
    assert.equal(view.getUint32(18, true), 20, 'compressed size');
    assert.equal(Buffer.from(bytes.subarray(38, 58)).toString('latin1'), 'application/epub+zip');
  });

  test('holds the files the download layout names', () => {
    const names = Object.keys(unzipSync(bytes));
    assert.deepEqual(names, [
      'mimetype',
      'META-INF/container.xml',
      'EPUB/package.opf',
      'EPUB/nav.xhtml',
      'EPUB/toc.ncx',
      'EPUB/style.css',
      'EPUB/preface.xhtml',
      'EPUB/chapter-001.xhtml',
      'EPUB/afterword.xhtml',
    ]);
    const rootfile = at(
      xml(strFromU8(unzipSync(bytes)['META-INF/container.xml']!)),
      'container',
      'rootfiles',
      'rootfile',
    ) as Xml;
    assert.equal(rootfile['@_full-path'], 'EPUB/package.opf');
    assert.equal(rootfile['@_media-type'], 'application/oebps-package+xml');
  });

  test('the same input gives the same bytes, in any time zone', () => {
    assert.deepEqual(exportEpub(work, sampleContext(work)), bytes);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const script = fileURLToPath(new URL('../../../test/formats/epub-hash.fixture.ts', import.meta.url));
    for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      assert.equal(out.trim(), hash, `bytes differ in ${tz}`);
    }
  });

  test('entry times are the UTC time of modifiedAt (2015-02-01 12:34:56)', () => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const time = view.getUint16(10, true);
    const date = view.getUint16(12, true);
    assert.deepEqual([time >> 11, (time >> 5) & 63, (time & 31) * 2], [12, 34, 56]);
    assert.deepEqual([(date >> 9) + 1980, (date >> 5) & 15, date & 31], [2015, 2, 1]);
  });

  test('a modifiedAt that is not a date is an error, not a silent default', () => {
    assert.throws(() => exportEpub(work, sampleContext(work, 1, { modifiedAt: 'yesterday' })), /modifiedAt/);
  });
});

describe('the package document', () => {
  const series = sampleWorks().find((s) => s.name === 'series')!;
  const files = unpack(series.work, series.ctx);
  const { metadata, metas, manifest, spine } = opf(files);

  test('a stable identifier that is the unique-identifier', () => {
    assert.match(files['EPUB/package.opf']!, /<package [^>]*unique-identifier="pub-id"/);
    assert.equal(at(metadata, 'dc:identifier', '@_id'), 'pub-id');
    assert.equal(textOf(at(metadata, 'dc:identifier')), series.ctx.identifier);
  });

  test('exactly one dcterms:modified, YYYY-MM-DDThh:mm:ssZ', () => {
    assert.deepEqual(metaValues(metas, 'dcterms:modified'), ['2015-02-01T12:34:56Z']);
  });

  test('title, creators, language, date, publisher, source and a plain-text description', () => {
    assert.equal(textOf(at(metadata, 'dc:title')), 'Second Tide');
    assert.deepEqual(list(at(metadata, 'dc:creator')).map(textOf), ['wren_writes']);
    assert.equal(textOf(at(metadata, 'dc:language')), 'en');
    assert.equal(textOf(at(metadata, 'dc:date')), '2015-01-01');
    assert.equal(textOf(at(metadata, 'dc:publisher')), 'Quire Test Archive');
    assert.equal(textOf(at(metadata, 'dc:source')), series.ctx.workUrl);
    assert.equal(textOf(at(metadata, 'dc:description')), 'Gulls, a lamp, a long afternoon.');
  });

  test('series as belongs-to-collection, and calibre’s series for the first', () => {
    const collections = metas.filter((m) => m['@_property'] === 'belongs-to-collection');
    assert.deepEqual(collections.map(textOf), ['Harbour Days', 'Stories & "Sketches"']);
    const refining = (id: unknown, property: string): string[] =>
      metas.filter((m) => m['@_refines'] === `#${String(id)}` && m['@_property'] === property).map(textOf);
    assert.deepEqual(refining(collections[0]!['@_id'], 'collection-type'), ['series']);
    assert.deepEqual(refining(collections[0]!['@_id'], 'group-position'), ['2']);
    assert.deepEqual(refining(collections[1]!['@_id'], 'group-position'), ['11']);
    assert.deepEqual(
      metas.filter((m) => m['@_name'] === 'calibre:series').map((m) => m['@_content']),
      ['Harbour Days'],
    );
    assert.deepEqual(
      metas.filter((m) => m['@_name'] === 'calibre:series_index').map((m) => m['@_content']),
      ['2'],
    );
  });

  test('accessibility metadata', () => {
    assert.deepEqual(metaValues(metas, 'schema:accessMode'), ['textual']);
    assert.deepEqual(metaValues(metas, 'schema:accessModeSufficient'), ['textual']);
    assert.deepEqual(metaValues(metas, 'schema:accessibilityFeature'), [
      'tableOfContents',
      'readingOrder',
      'structuralNavigation',
    ]);
    assert.deepEqual(metaValues(metas, 'schema:accessibilityHazard'), ['none']);
    assert.equal(metaValues(metas, 'schema:accessibilitySummary').length, 1);
  });

  test('every file is in the manifest with its media type; the spine reads preface, chapters, afterword', () => {
    const byHref = new Map(manifest.map((i) => [String(i['@_href']), i]));
    for (const name of Object.keys(files).filter((n) => n.startsWith('EPUB/') && n !== 'EPUB/package.opf')) {
      const href = name.slice('EPUB/'.length);
      const item = byHref.get(href);
      assert.ok(item, `${href} is not in the manifest`);
      const type = href.endsWith('.xhtml')
        ? 'application/xhtml+xml'
        : href.endsWith('.ncx')
          ? 'application/x-dtbncx+xml'
          : 'text/css';
      assert.equal(item['@_media-type'], type);
    }
    assert.equal(byHref.get('nav.xhtml')?.['@_properties'], 'nav');
    assert.equal(spine['@_toc'], 'ncx');
    assert.deepEqual(
      list(spine.itemref).map((i) => i['@_idref']),
      ['preface', 'chapter-001', 'afterword'],
    );
  });
});

test('a subject per tag: rating, warnings, categories, fandoms, relationships, characters, additional tags', () => {
  const many = sampleWorks().find((s) => s.name === 'many tags')!;
  const subjects = list(at(opf(unpack(many.work, many.ctx)).metadata, 'dc:subject')).map(textOf);
  const w = many.work;
  assert.deepEqual(subjects, [
    w.rating!,
    ...w.warnings,
    ...w.categories,
    ...w.fandoms,
    ...w.relationships,
    ...w.characters,
    ...w.freeforms,
  ]);
});

test('nav document and NCX list the same files; the NCX uid is the identifier', () => {
  const work = sampleWork({ chapters: [chapter({ title: 'Fog' }), chapter()], expectedChapters: 2 });
  const ctx = sampleContext(work);
  const files = unpack(work, ctx);
  const navs = list(at(xml(files['EPUB/nav.xhtml']!), 'html', 'body', 'nav'));
  const toc = navs.find((n) => n['@_epub:type'] === 'toc')!;
  const navEntries = list(at(toc, 'ol', 'li')).map((li) => [at(li, 'a', '@_href'), textOf(at(li, 'a'))]);
  assert.deepEqual(navEntries, [
    ['preface.xhtml', 'Preface'],
    ['chapter-001.xhtml', 'Chapter 1: Fog'],
    ['chapter-002.xhtml', 'Chapter 2'],
    ['afterword.xhtml', 'Afterword'],
  ]);
  const ncx = at(xml(files['EPUB/toc.ncx']!), 'ncx') as Xml;
  const uid = list(at(ncx, 'head', 'meta')).find((m) => m['@_name'] === 'dtb:uid');
  assert.equal(uid?.['@_content'], ctx.identifier);
  const points = list(at(ncx, 'navMap', 'navPoint')).map((p) => [
    at(p, 'content', '@_src'),
    textOf(at(p, 'navLabel', 'text')),
  ]);
  assert.deepEqual(points, navEntries);
});

test('chapter files carry the HTML download’s chapter markup', () => {
  const work = sampleWork({
    chapters: [chapter({ title: 'Fog', notes: 'N', endNotes: 'E', body: 'Body.' }), chapter()],
    expectedChapters: 2,
  });
  const c1 = unpack(work)['EPUB/chapter-001.xhtml']!;
  const body = c1.slice(c1.indexOf('<body>') + '<body>'.length, c1.indexOf('</body>')).trim();
  assert.equal(
    body,
    '<div class="meta group">\n<h2 class="heading">Chapter 1: Fog</h2>\n<p>Chapter Notes</p>\n<blockquote class="userstuff"><p>N</p></blockquote>\n</div>\n' +
      '<div class="userstuff"><p>Body.</p></div>\n' +
      '<div class="meta group">\n<p>Chapter End Notes</p>\n<blockquote class="userstuff"><p>E</p></blockquote>\n</div>',
  );
});

test('right-to-left languages: spine page-progression-direction and dir on every page', () => {
  for (const name of ['arabic', 'hebrew']) {
    const s = sampleWorks().find((x) => x.name === name)!;
    const files = unpack(s.work, s.ctx);
    assert.equal(opf(files).spine['@_page-progression-direction'], 'rtl');
    for (const [file, source] of Object.entries(files).filter(([f]) => f.endsWith('.xhtml'))) {
      assert.match(
        source,
        new RegExp(`<html [^>]*lang="${s.work.language}" xml:lang="${s.work.language}" dir="rtl">`),
        file,
      );
    }
  }
  const en = unpack(sampleWork());
  assert.equal(opf(en).spine['@_page-progression-direction'], undefined);
  assert.doesNotMatch(en['EPUB/preface.xhtml']!, /dir="rtl"/);
});

test('every sample: XML files well-formed, no entities beyond XML’s five, the same text as the HTML download', () => {
  const bodyOf = (source: string): string => source.slice(source.indexOf('<body>') + 6, source.lastIndexOf('</body>'));
  for (const { name, work, ctx } of sampleWorks()) {
    const files = unpack(work, ctx);
    for (const [file, source] of Object.entries(files)) {
      if (!/\.(xhtml|opf|ncx|xml)$/.test(file)) continue;
      assert.equal(XMLValidator.validate(source), true, `${name}: ${file} is not well-formed`);
      assert.doesNotMatch(source, /&(?!amp;|lt;|gt;|quot;|#x[DA9];)/, `${name}: ${file}`);
    }
    const spine = list(opf(files).spine.itemref).map((i) => `EPUB/${String(i['@_idref'])}.xhtml`);
    const epubText = meaningful(spine.map((f) => bodyOf(files[f]!)).join('\n'));
    assert.deepEqual(epubText, meaningful(bodyOf(exportHtml(work, ctx))), name);
  }
});

test('chapter files are numbered with three digits, more past 999', () => {
  assert.equal(chapterFileName(0), 'chapter-001.xhtml');
  assert.equal(chapterFileName(99), 'chapter-100.xhtml');
  assert.equal(chapterFileName(999), 'chapter-1000.xhtml');
  const hundred = sampleWorks().find((s) => s.name === 'hundred chapters')!;
  assert.ok('EPUB/chapter-100.xhtml' in unpack(hundred.work, hundred.ctx));
});

test('a 100,000-word work exports whole', () => {
  const work = largeWork(100_000, 20);
  const files = unpack(work);
  const words = work.chapters.reduce((n, c) => n + countWords(c.body), 0);
  assert.ok(words > 90_000, `only ${words} words`);
  const exported = work.chapters.reduce(
    (n, _, k) => n + countWords(files[`EPUB/${chapterFileName(k)}`]!.split('<div class="userstuff">')[1]!),
    0,
  );
  assert.equal(exported, words);
});
