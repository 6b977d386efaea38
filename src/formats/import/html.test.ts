import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importWork } from './index.js';
import { utf8 } from '../../../test/formats/import-fixtures.js';

test('a plain page: title from <title>, the body as it is, the h1 that repeats the title left out', () => {
  const html =
    '<!doctype html><html><head><title>Salt  and Rope</title></head><body>\n<h1>Salt and Rope</h1>\n<p>The rope was <em>salty</em>.</p>\n</body></html>';
  const w = importWork('page.html', utf8(html));
  assert.equal(w.title, 'Salt and Rope');
  assert.equal(w.chapters.length, 1);
  assert.equal(w.chapters[0]!.body, '<p>The rope was <em>salty</em>.</p>');
  assert.equal(w.rating, null);
  assert.deepEqual(w.creators, []);
});

test('an h1 that differs from <title> stays in the body', () => {
  const w = importWork(
    'page.htm',
    utf8('<html><head><title>My Site | Salt</title></head><body><h1>Salt</h1><p>Text.</p></body></html>'),
  );
  assert.equal(w.title, 'My Site | Salt');
  assert.equal(w.chapters[0]!.body, '<h1>Salt</h1><p>Text.</p>');
});

test('no <title>: the first h1 is the title, wherever it sits', () => {
  const w = importWork(
    'page.html',
    utf8('<body><div class="story"><h1>Knots</h1><p>A bowline, then a hitch.</p></div></body>'),
  );
  assert.equal(w.title, 'Knots');
  assert.equal(w.chapters[0]!.body, '<div class="story"><p>A bowline, then a hitch.</p></div>');
});

test('a fragment without <html> or <body>', () => {
  const w = importWork('Fragment_Tale.xhtml', utf8('<p>Just a paragraph.</p>\n<p>And another.</p>'));
  assert.equal(w.title, 'Fragment Tale');
  assert.equal(w.chapters[0]!.body, '<p>Just a paragraph.</p>\n<p>And another.</p>');
});

test('a page with no text is refused', () => {
  assert.throws(
    () => importWork('empty.html', utf8('<html><head><title>Nothing</title></head><body>  <div></div> </body></html>')),
    {
      name: 'ImportError',
      message: 'the page has no text',
    },
  );
});

test('a legacy page in the encoding its <meta charset> names', () => {
  const head = utf8('<html><head><meta charset="windows-1252"><title>Caf');
  const rest = utf8('</title></head><body><p>Na');
  const tail = utf8('ve text.</p></body></html>');
  const bytes = new Uint8Array([...head, 0xe9, ...rest, 0xef, ...tail]);
  const w = importWork('old.html', bytes);
  assert.equal(w.title, 'Café');
  assert.equal(w.chapters[0]!.body, '<p>Naïve text.</p>');
});

test('bytes that are not UTF-8 and name no encoding are refused', () => {
  assert.throws(() => importWork('old.html', new Uint8Array([...utf8('<p>caf'), 0xe9, ...utf8('</p>')])), {
    name: 'ImportError',
    message: 'not a text file (binary data)',
  });
});

test('an .xhtml file follows XML rules: <div/> is empty', () => {
  const w = importWork(
    'x.xhtml',
    utf8(
      '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>X</title></head><body><div/><p>After.</p></body></html>',
    ),
  );
  assert.equal(w.chapters[0]!.body, '<div/><p>After.</p>');
});
