import assert from 'node:assert/strict';
import { test } from 'node:test';
import { depthPastLimit } from './html-depth.js';
import { LIMITS } from './limits.js';
import { validateChapter, validateWorkMeta } from './work-input.js';

const nested = (tag: string, depth: number, text = 'words') =>
  `<${tag}>`.repeat(depth) + text + `</${tag}>`.repeat(depth);
const max = LIMITS.htmlDepthMax;

test('HTML nested up to the limit passes; one element deeper is refused where it opens', () => {
  assert.equal(depthPastLimit(nested('b', max)), undefined);
  assert.equal(depthPastLimit(nested('blockquote', max).repeat(50)), undefined, 'depth, not the number of elements');
  assert.equal(depthPastLimit(nested('b', max + 1)), '<b>'.length * max);
});

test('depth is counted as the sanitizer parses: implied and void elements do not nest', () => {
  for (const flat of ['<p>a', '<li>a', '<br>a', '<img src="x.png">a', '<p>a<div>b</div>', '<hr>', '<td>a']) {
    assert.equal(depthPastLimit(flat.repeat(20_000)), undefined, flat);
  }
  // A stray closing tag closes nothing; `<b/>` opens a <b> in HTML.
  assert.notEqual(depthPastLimit('<b>a</i>'.repeat(max + 1)), undefined);
  assert.notEqual(depthPastLimit('<b/>a'.repeat(max + 1)), undefined);
});

test(
  'a hostile depth is refused after reading only up to the first element past the limit',
  { timeout: 60_000 },
  () => {
    // Five million open tags: sanitizing this would take hours; the scan stops at the 101st.
    const hostile = '<div>'.repeat(5_000_000);
    assert.equal(depthPastLimit(hostile), '<div>'.length * max);
  },
);

test('validation refuses deep nesting in a chapter and in the work’s notes, naming the limit, before any sanitizing', () => {
  // The report's chapter: 70,000 nested <b>, 490,000 characters, under the length limit.
  const body = nested('b', 70_000, '');
  assert.ok(body.length <= LIMITS.bodyMax);
  const r = validateChapter({ body });
  assert.ok(!r.ok);
  assert.match(r.errors.body!, /more than 100 deep/);

  const notes = validateChapter({ body: 'A quiet chapter.', notes: nested('i', max + 1) });
  assert.ok(!notes.ok);
  assert.match(notes.errors.chapterNotes!, /Chapter notes nests HTML elements more than 100 deep/);

  const meta = validateWorkMeta({
    title: 'T',
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    fandoms: 'Original Work',
    summary: nested('em', max + 1),
  });
  assert.ok(!meta.ok);
  assert.match(meta.errors.summary!, /more than 100 deep/);

  assert.ok(validateChapter({ body: nested('blockquote', 20, 'A quote inside a quote, as threads are.') }).ok);
});
