import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PortableWork } from '../portable-work.js';
import { importWork } from './index.js';
import {
  SAMPLE_BODIES,
  downloadHtml,
  sampleWork,
  utf8,
  type FixtureWork,
  type LayoutOptions,
} from '../../../test/formats/import-fixtures.js';

const read = (w: FixtureWork, opts?: LayoutOptions): PortableWork =>
  importWork('The_Lighthouse_Ledger.html', utf8(downloadHtml(w, opts)));

test('a multi-chapter download: every field', () => {
  assert.deepEqual(read(sampleWork()), {
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

test('a one-chapter work, body wrapped in its own userstuff div (AO3) or straight in #chapters', () => {
  const w = sampleWork({
    chapters: [{ body: SAMPLE_BODIES[0]! }],
    chapterFraction: '1/1',
    updated: undefined,
    series: [],
    warnings: ['Graphic Depictions Of Violence'],
    categories: ['F/F'],
    fandoms: ['Original Work'],
    relationships: ['Keeper/Ferryman'],
    characters: ['The Keeper'],
    freeforms: ['Weather'],
  });
  for (const oneChapterForm of ['wrapped', 'direct'] as const) {
    const work = read(w, { oneChapterForm });
    assert.equal(work.chapters.length, 1, oneChapterForm);
    assert.deepEqual(
      work.chapters[0],
      { title: '', summary: '', notes: '', endNotes: '', body: SAMPLE_BODIES[0] },
      oneChapterForm,
    );
    assert.equal(work.expectedChapters, 1);
    assert.equal(work.updatedAt, null);
    assert.deepEqual(work.series, []);
    assert.deepEqual(work.warnings, ['Graphic Depictions Of Violence']);
    assert.deepEqual(work.categories, ['F/F']);
    assert.deepEqual(work.fandoms, ['Original Work']);
    assert.deepEqual(work.relationships, ['Keeper/Ferryman']);
    assert.deepEqual(work.characters, ['The Keeper']);
    assert.deepEqual(work.freeforms, ['Weather']);
    assert.equal(work.endNotes, '<p>Thank you for reading.</p>');
  }
});

test('singular and plural labels read the same', () => {
  const w = sampleWork({
    warnings: ['Major Character Death'],
    categories: ['Multi'],
    fandoms: ['Harbour Tales'],
    relationships: ['Keeper/Ferryman'],
    characters: ['The Keeper'],
  });
  const singular = read(w, { plural: false });
  const plural = read(w, { plural: true });
  assert.deepEqual(singular, plural);
  assert.deepEqual(plural.warnings, ['Major Character Death']);
  assert.deepEqual(plural.categories, ['Multi']);
  assert.deepEqual(plural.fandoms, ['Harbour Tales']);
  assert.deepEqual(plural.relationships, ['Keeper/Ferryman']);
  assert.deepEqual(plural.characters, ['The Keeper']);
});

test('Completed and Updated dates, known and unknown chapter counts', () => {
  const done = read(sampleWork({ updated: { label: 'Completed', date: '2016-03-04' }, chapterFraction: '3/3' }));
  assert.equal(done.publishedAt, '2015-01-01');
  assert.equal(done.updatedAt, '2016-03-04');
  assert.equal(done.expectedChapters, 3);
  const wip = read(sampleWork({ chapterFraction: '3/12' }));
  assert.equal(wip.updatedAt, '2015-02-01');
  assert.equal(wip.expectedChapters, 12);
  const unknown = read(sampleWork({ chapterFraction: '3/?' }));
  assert.equal(unknown.expectedChapters, null);
  const big = read(sampleWork({ chapterFraction: '3/1,200', words: '1234567' }));
  assert.equal(big.expectedChapters, 1200);
});

test('several series, one per line', () => {
  const work = read(
    sampleWork({
      series: [
        { title: 'Coastal Records', position: 2 },
        { title: 'Weather Diaries: Part & Parcel', position: 11 },
      ],
    }),
  );
  assert.deepEqual(work.series, [
    { title: 'Coastal Records', position: 2 },
    { title: 'Weather Diaries: Part & Parcel', position: 11 },
  ]);
});

test('CJK and Arabic titles and language names', () => {
  const zh = read(
    sampleWork({ title: '灯塔的账本', language: '中文-普通话 國語', creators: ['海港'], fandoms: ['原创作品'] }),
  );
  assert.equal(zh.title, '灯塔的账本');
  assert.equal(zh.language, 'zh');
  assert.deepEqual(zh.creators, ['海港']);
  assert.deepEqual(zh.fandoms, ['原创作品']);
  const ar = read(sampleWork({ title: 'دفتر المنارة', language: 'العربية' }));
  assert.equal(ar.title, 'دفتر المنارة');
  assert.equal(ar.language, 'ar');
  const ja = read(sampleWork({ title: '灯台の記録', language: '日本語' }));
  assert.equal(ja.language, 'ja');
  assert.equal(read(sampleWork({ language: 'Español' })).language, 'es');
  assert.equal(read(sampleWork({ language: 'Português brasileiro' })).language, 'pt');
  assert.equal(read(sampleWork({ language: 'Bahasa Indonesia' })).language, 'id');
});

test('an unknown language name falls back to English without an error', () => {
  assert.equal(read(sampleWork({ language: 'Lingua Harbouriensis' })).language, 'en');
});

test('chapter headings: "Chapter 3: The Title" gives the title, "Chapter 3" gives none', () => {
  const work = read(
    sampleWork({
      chapters: [
        { title: 'Gulls: A Count', body: '<p>one</p>' },
        { body: '<p>two</p>' },
        { title: '   Spaced   Out ', body: '<p>three</p>' },
      ],
    }),
  );
  assert.deepEqual(
    work.chapters.map((c) => c.title),
    ['Gulls: A Count', '', 'Spaced Out'],
  );
});

test('bodies come back exactly as the file has them', () => {
  const odd =
    '\n  <p class="x">a &amp; b &nbsp; &#8212; <br>c<br/>d</p><!-- kept -->\n<div><p>nested <i>markup</i></p></div>\n  ';
  const work = read(
    sampleWork({
      chapters: [
        { title: 'One', body: odd },
        { title: 'Two', body: '' },
      ],
    }),
  );
  assert.equal(work.chapters[0]!.body, odd);
  assert.equal(work.chapters[1]!.body, '');
});

test('lenient about attribute order, extra classes, whitespace and missing optional parts', () => {
  const html = `<html><body>
  <div class="preface wide" id="preface">
    <div class="meta">
      <dl class="work tags">
        <dt>Rating:</dt> <dd>General Audiences</dd>
        <dt>Fandoms:</dt> <dd>Original Work, Harbour Tales</dd>
      </dl>
      <h1>  A
        Plain   Title </h1>
      <div class="byline">by quietharbour</div>
    </div>
  </div>
  <div class="userstuff extra" id="chapters">
    <div class="meta group"><h2>Chapter 1</h2></div>
    <div class="userstuff"><p>First.</p></div>
    <div class="meta group"><h2 class="heading">Chapter 2: Later</h2></div>
    <div class="userstuff"><p>Second.</p></div>
  </div>
</body></html>`;
  const work = importWork('plain.htm', utf8(html));
  assert.equal(work.title, 'A Plain Title');
  assert.deepEqual(work.creators, ['quietharbour']);
  assert.equal(work.rating, 'General Audiences');
  assert.deepEqual(work.fandoms, ['Original Work', 'Harbour Tales']);
  assert.deepEqual(work.warnings, []);
  assert.equal(work.summary, '');
  assert.equal(work.language, 'en');
  assert.equal(work.expectedChapters, 2, 'no Stats line: complete as it is');
  assert.equal(work.sourceId, undefined);
  assert.deepEqual(
    work.chapters.map((c) => [c.title, c.body]),
    [
      ['', '<p>First.</p>'],
      ['Later', '<p>Second.</p>'],
    ],
  );
});

test('a download with no chapter text is refused', () => {
  const html =
    '<html><body><div id="preface"><h1>Empty</h1></div><div id="chapters" class="userstuff"></div></body></html>';
  assert.throws(() => importWork('empty.html', utf8(html)), {
    name: 'ImportError',
    message: 'the download has no chapter text',
  });
});

test('the title falls back to the message, then the file name', () => {
  const noH1 = downloadHtml(sampleWork()).replace(/<h1>.*<\/h1>/, '');
  assert.equal(importWork('x.html', utf8(noH1)).title, 'The Lighthouse Ledger');
  const bare = '<div id="chapters" class="userstuff"><p>Only text here.</p></div>';
  assert.equal(importWork('Harbour_Notes.html', utf8(bare)).title, 'Harbour Notes');
});
