import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chapter, sampleContext, sampleWork, sampleWorks } from '../../../test/formats/sample-works.js';
import { exportTxt } from './txt.js';
import type { PortableWork } from '../portable-work.js';

const render = (work: PortableWork, over = {}): string => exportTxt(work, sampleContext(work, 4, over));
const blocks = (txt: string): string[] => txt.trimEnd().split('\n\n');

test('the layout as text: preface, chapter, afterword, separated by blank lines', () => {
  const work = sampleWork({ chapters: [chapter({ body: 'First paragraph.\n\nSecond paragraph.' })] });
  assert.deepEqual(blocks(render(work, { wordCount: 4 })), [
    'A Quiet Harbour\nPosted originally on the Quire Test Archive at https://quire.example/works/4.',
    [
      'Rating: General Audiences',
      'Archive Warning: No Archive Warnings Apply',
      'Category: Gen',
      'Fandom: Original Work',
      'Character: The Keeper',
      'Additional Tags: Slice of Life, Lighthouses',
      'Language: English',
      'Stats: Published: 2015-01-01 Completed: 2015-02-01 Words: 4 Chapters: 1/1',
    ].join('\n'),
    'A Quiet Harbour\nby wren_writes',
    'Summary',
    'Gulls, a lamp, a long afternoon.',
    'Notes',
    'Written for a friend who likes boats.',
    'First paragraph.',
    'Second paragraph.',
    'End Notes',
    'Thank you for reading.',
    'Please drop by the archive and comment to let the creator know if you enjoyed their work!\nhttps://quire.example/works/4',
  ]);
});

test('"\\n" line ends only, one trailing newline, never more than one blank line', () => {
  for (const { work, ctx } of sampleWorks()) {
    const txt = exportTxt(work, ctx);
    assert.doesNotMatch(txt, /\r/);
    assert.ok(txt.endsWith('\n') && !txt.endsWith('\n\n'));
    assert.doesNotMatch(txt, /\n\n\n/);
    // (Text may hold "<tag>" as written; the layout's and the bodies' elements must be gone.)
    assert.doesNotMatch(txt, /<\/?(?:p|div|span|br|a|b|i|dl|dd|blockquote|h[1-6])\b/, 'no markup');
  }
});

test('chapter headings, chapter summary, notes and end notes', () => {
  const work = sampleWork({
    chapters: [
      chapter({ title: 'Fog', summary: 'S1', notes: 'N1', endNotes: 'E1', body: 'Body one.' }),
      chapter({ body: 'Body two.' }),
    ],
    expectedChapters: 2,
  });
  const txt = render(work);
  assert.ok(
    txt.includes(
      '\n\nChapter 1: Fog\n\nChapter Summary\n\nS1\n\nChapter Notes\n\nN1\n\nBody one.\n\nChapter End Notes\n\nE1\n\nChapter 2\n\nBody two.\n\nEnd Notes\n\n',
    ),
  );
});

test('empty optional parts are left out', () => {
  const bare = sampleWorks().find((s) => s.name === 'everything optional empty')!.work;
  assert.deepEqual(blocks(render(bare, { wordCount: 2 })), [
    'Bare\nPosted originally on the Quire Test Archive at https://quire.example/works/4.',
    'Language: English\nStats: Words: 2 Chapters: 1/?',
    'Bare',
    'Just text.',
    'Please drop by the archive and comment to let the creator know if you enjoyed their work!\nhttps://quire.example/works/4',
  ]);
});

test('line breaks the writer typed stay line breaks; entities are decoded', () => {
  const work = sampleWork({ chapters: [chapter({ body: 'First line\nsecond line\n\nA&nbsp;B &amp; <i>C</i>' })] });
  const txt = render(work);
  assert.ok(txt.includes('\n\nFirst line\nsecond line\n\nA\u00a0B & C\n\n'));
});

test('one line per series, aligned under the first', () => {
  const txt = render(
    sampleWork({
      series: [
        { title: 'Harbour Days', position: 2 },
        { title: 'Sketches', position: 5 },
      ],
    }),
  );
  assert.ok(txt.includes('\nSeries: Part 2 of Harbour Days\n        Part 5 of Sketches\n'));
});

test('language by name, CJK and right-to-left text as written', () => {
  const zh = sampleWorks().find((s) => s.name === 'chinese')!;
  const txt = exportTxt(zh.work, zh.ctx);
  assert.ok(txt.includes('Language: 中文'));
  assert.ok(txt.includes('灯塔'));
  const ar = sampleWorks().find((s) => s.name === 'arabic')!;
  assert.ok(exportTxt(ar.work, ar.ctx).includes('Language: العربية'));
});
