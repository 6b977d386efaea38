import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PortableWork } from '../portable-work.js';
import { importWork } from './index.js';
import { utf8 } from '../../../test/formats/import-fixtures.js';

const txt = (text: string, name = 'harbour_notes.txt'): PortableWork => importWork(name, utf8(text));
const body = (w: PortableWork): string => w.chapters[0]!.body;

test('paragraphs on blank lines, line breaks on single newlines, text escaped', () => {
  const w = txt('The tide came in.\nThe tide went out.\n\n\nA <b>bold</b> claim & a "quote".\r\n');
  assert.equal(
    body(w),
    '<p>The tide came in.<br />\nThe tide went out.</p>\n<p>A &lt;b&gt;bold&lt;/b&gt; claim &amp; a &quot;quote&quot;.</p>',
  );
  assert.equal(w.chapters.length, 1);
  assert.equal(w.language, 'en');
});

test('HTML inside a .txt stays text', () => {
  const w = txt('<html><body><p>Not markup here.</p></body></html>');
  assert.equal(body(w), '<p>&lt;html&gt;&lt;body&gt;&lt;p&gt;Not markup here.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</p>');
});

test('title: a short first line followed by a blank line', () => {
  const w = txt('The Quiet Harbour\n\nThe boats came home one by one.\n');
  assert.equal(w.title, 'The Quiet Harbour');
  assert.equal(body(w), '<p>The boats came home one by one.</p>');
});

test('title: the file name when the first line runs on into the paragraph', () => {
  const w = txt('The boats came home\none by one.\n\nThen the lamps.');
  assert.equal(w.title, 'harbour notes');
  assert.equal(body(w), '<p>The boats came home<br />\none by one.</p>\n<p>Then the lamps.</p>');
});

test('title: the file name when the first line is longer than 200 characters', () => {
  const long = 'word '.repeat(41).trim();
  assert.equal(long.length, 204);
  const w = txt(`${long}\n\nMore text.`);
  assert.equal(w.title, 'harbour notes');
  assert.ok(body(w).startsWith('<p>word word'));
});

test('title: the file name when the first line is a Summary or Notes label', () => {
  assert.equal(txt('Summary: A quiet week.\n\nThe story.').title, 'harbour notes');
  assert.equal(txt('Notes:\n\nSome notes.\n\nThe story.').title, 'harbour notes');
});

test('title: the file name when the first line reads as a sentence or dialogue', () => {
  assert.equal(txt('The boats came home.\n\nThen the lamps.').title, 'harbour notes');
  assert.equal(txt('"Are you coming?" she asked.\n\nHe was not.').title, 'harbour notes');
  assert.equal(txt('“Tomorrow,” he said\n\nShe nodded.').title, 'harbour notes');
  // An ellipsis, a question or an exclamation may end a title.
  assert.equal(txt('Waiting for the Tide...\n\nThe story.').title, 'Waiting for the Tide...');
  assert.equal(txt('Who Keeps the Light?\n\nThe story.').title, 'Who Keeps the Light?');
});

test('title: the file name when the file is a single paragraph', () => {
  const w = txt('Only One Line\n\n');
  assert.equal(w.title, 'harbour notes');
  assert.equal(body(w), '<p>Only One Line</p>');
});

test('title: leading blank lines are skipped', () => {
  assert.equal(txt('\n\n  Salt and Rope  \n\nText.').title, 'Salt and Rope');
});

test("AO3's text layout: Summary and Notes before the story, end notes after", () => {
  const w = txt(
    [
      'Salt and Rope',
      '',
      'Summary: Two keepers and one lamp.',
      'It gets complicated.',
      '',
      'Notes:',
      'Written on a train.',
      '',
      '***',
      '',
      'The first keeper arrived on Monday.',
      '',
      'The second arrived on Tuesday.',
      '',
      'End Notes: Thanks for reading!',
      'Comments welcome.',
      '',
    ].join('\n'),
  );
  assert.equal(w.title, 'Salt and Rope');
  assert.equal(w.summary, '<p>Two keepers and one lamp.<br />\nIt gets complicated.</p>');
  assert.equal(w.notes, '<p>Written on a train.</p>');
  assert.equal(w.endNotes, '<p>Thanks for reading!<br />\nComments welcome.</p>');
  assert.equal(body(w), '<p>The first keeper arrived on Monday.</p>\n<p>The second arrived on Tuesday.</p>');
});

test('a label alone on its line owns the next paragraph; a separator ends the block without a blank line', () => {
  const w = txt('Summary:\n\nA week of fog.\n\nNotes: for a friend\n---\nThe fog lifted.\n\nNotes:\n\nMore soon.');
  assert.equal(w.summary, '<p>A week of fog.</p>');
  assert.equal(w.notes, '<p>for a friend</p>');
  assert.equal(w.endNotes, '<p>More soon.</p>');
  assert.equal(body(w), '<p>The fog lifted.</p>');
});

test('a Notes line inside the story is story; a summary of several paragraphs keeps only its first', () => {
  const w = txt('Summary: First part.\n\nThe story begins.\n\nNotes: a line in the story\n\nThe story ends.');
  assert.equal(w.summary, '<p>First part.</p>');
  assert.equal(w.endNotes, '');
  assert.equal(body(w), '<p>The story begins.</p>\n<p>Notes: a line in the story</p>\n<p>The story ends.</p>');
});

test("AO3's Work Text label is dropped after the header", () => {
  const w = txt('Summary: Fog.\n\nWork Text:\nThe fog lifted.');
  assert.equal(w.summary, '<p>Fog.</p>');
  assert.equal(body(w), '<p>The fog lifted.</p>');
});

test('a file of nothing but labels keeps its text as the story', () => {
  const w = txt('Summary: just this');
  assert.equal(w.summary, '');
  assert.equal(body(w), '<p>Summary: just this</p>');
});

test('a scene break inside the story stays', () => {
  const w = txt('One.\n\n* * *\n\nTwo.');
  assert.equal(body(w), '<p>One.</p>\n<p>* * *</p>\n<p>Two.</p>');
});

test('encodings: BOM stripped, UTF-16 with a BOM read, invalid UTF-8 and NUL refused', () => {
  assert.equal(
    importWork('a.txt', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Hello there')])).chapters[0]!.body,
    '<p>Hello there</p>',
  );
  const le = new Uint8Array([
    0xff,
    0xfe,
    ...[...'Hi ✓'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
  ]);
  assert.equal(importWork('a.txt', le).chapters[0]!.body, '<p>Hi ✓</p>');
  assert.throws(() => importWork('a.txt', new Uint8Array([0x48, 0x69, 0xff, 0xfe, 0x41])), {
    name: 'ImportError',
    message: 'not a text file (binary data)',
  });
  assert.throws(() => importWork('a.txt', utf8('Hello\0world')), {
    name: 'ImportError',
    message: 'not a text file (binary data)',
  });
  assert.throws(() => importWork('a.txt', new Uint8Array([1, 2, 3, 4, 5, 65])), {
    name: 'ImportError',
    message: 'not a text file (binary data)',
  });
});

test('a zip named .txt is refused; so is an empty or blank file', () => {
  assert.throws(() => importWork('a.txt', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0])), {
    name: 'ImportError',
    message: 'not a text file (it is a zip archive)',
  });
  assert.throws(() => importWork('a.txt', new Uint8Array()), { name: 'ImportError', message: 'the file is empty' });
  assert.throws(() => importWork('a.txt', utf8(' \n\t\n')), { name: 'ImportError', message: 'the file has no text' });
});

test('title: a whole line in quotes without punctuation is a title', () => {
  assert.equal(txt('"Come Home"\n\nThe story.').title, '"Come Home"');
});
