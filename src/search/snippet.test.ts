import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { highlight, type SnippetSegment } from './snippet.js';
import { parseQuery, positiveTokens } from './query-parser.js';

/** Segments as one string, hits in [brackets]. */
const show = (segs: SnippetSegment[]): string => segs.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('');

const STORY =
  'It was a dark and stormy night. The old LIGHTHOUSE keeper, naïve as ever, didn’t notice the Café lights. ' +
  'Later, lighthouses everywhere went dark; 我们的灯塔 stayed lit, and the delight of it kept him awake.';

describe('highlight', () => {
  it('marks the first match with about `radius` characters around it, cut at word boundaries', () => {
    assert.equal(
      show(highlight(STORY, ['lighthouse'], 30)),
      '…and stormy night. The old [LIGHTHOUSE] keeper, naïve as ever, didn’t…',
    );
  });

  it('returns plain segments', () => {
    assert.deepEqual(highlight('The keeper slept.', ['keeper']), [
      { text: 'The ', hit: false },
      { text: 'keeper', hit: true },
      { text: ' slept.', hit: false },
    ]);
  });

  it('matches whole words only', () => {
    assert.equal(show(highlight('delight, lights, light.', ['light'])), 'delight, lights, [light].');
  });

  it('matches a prefix term at the start of words', () => {
    assert.equal(show(highlight('delight, Lights, lighthouse.', ['light*'])), 'delight, [Lights], [lighthouse].');
  });

  it('ignores case and diacritics both ways', () => {
    assert.equal(
      show(highlight('A NAÏVE poem at the cafe\u0301.', ['naive', 'Café'])),
      'A [NAÏVE] poem at the [cafe\u0301].',
    );
  });

  it('joins apostrophes like the index', () => {
    assert.equal(show(highlight("I don't know; Don’t go.", ['dont'])), "I [don't] know; [Don’t] go.");
  });

  it('matches CJK characters anywhere, merging neighbouring hits', () => {
    assert.equal(show(highlight('我们的灯塔很亮。灯台の守り人', ['灯', '塔'])), '我们的[灯塔]很亮。[灯]台の守り人');
  });

  it('takes tokens from a parsed query (negated terms are not highlighted)', () => {
    const r = parseQuery('"lighthouse keeper" -storm ligh*');
    assert.ok(r.ok);
    const terms = positiveTokens(r.node);
    assert.equal(
      show(highlight('A storm hit the lighthouse; its keeper lit lights.', terms)),
      'A storm hit the [lighthouse]; its [keeper] lit [lights].',
    );
  });

  it('normalises raw terms, and ignores terms without letters', () => {
    assert.equal(show(highlight('Well-known words.', ['WELL-KNOWN', '!!!'])), '[Well]-[known] words.');
    assert.equal(show(highlight('Nothing here.', ['!!!', ''])), 'Nothing here.');
  });

  it('marks every match inside the window', () => {
    const text = `${'filler '.repeat(30)}storm and storm again, storm. ${'filler '.repeat(30)}storm`;
    const segs = highlight(text, ['storm'], 40);
    assert.equal(segs.filter((s) => s.hit).length, 3);
    assert.match(show(segs), /^…filler .*\[storm\] and \[storm\] again, \[storm\]\. filler .*…$/);
  });

  it('adds no ellipsis where the text was not cut', () => {
    assert.equal(show(highlight('keeper of the light', ['keeper'], 80)), '[keeper] of the light');
    assert.equal(show(highlight('the light keeper', ['keeper'], 80)), 'the light [keeper]');
  });

  it('without a match returns the first ~2×radius characters, cut at a word boundary', () => {
    const segs = highlight(STORY, ['zebra'], 20);
    assert.deepEqual(segs, [{ text: 'It was a dark and stormy night. The old…', hit: false }]);
    assert.deepEqual(highlight('Short.', ['zebra']), [{ text: 'Short.', hit: false }]);
  });

  it('collapses whitespace and trims', () => {
    assert.equal(show(highlight('  The\n\nold\tkeeper  \n', ['old'])), 'The [old] keeper');
  });

  it('is empty for empty text', () => {
    assert.deepEqual(highlight('', ['x']), []);
    assert.deepEqual(highlight('  \n ', ['x']), []);
  });

  it('cuts text without spaces between characters, never inside one', () => {
    const text = `${'𠀀'.repeat(40)}灯塔${'e\u0301'.repeat(40)}`;
    const segs = highlight(text, ['灯塔'], 5);
    const out = show(segs);
    assert.ok(out.startsWith('…𠀀') && out.includes('[灯塔]') && out.endsWith('…'), out);
    assert.ok(
      !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out),
      'split surrogate pair',
    );
    assert.ok(!/…\u0301/.test(out) && !/e…$/.test(out), 'split combining mark');
  });

  it('keeps the text it returns verbatim apart from whitespace and ellipses', () => {
    const segs = highlight(STORY, ['keeper', '灯'], 50);
    const inner = segs
      .map((s) => s.text)
      .join('')
      .replace(/^…|…$/g, '');
    assert.ok(STORY.includes(inner), inner);
  });

  // The timeout is the hang guard against a scan gone quadratic, not a measure of speed.
  it('finds the only match at the end of 5 MB', { timeout: 60_000 }, () => {
    const text = `${'The quick brown fox jumps over the lazy dog, naïve café. '.repeat(90_000)}needle 我们的灯塔。`;
    assert.ok(text.length > 5_000_000);
    assert.equal(show(highlight(text, ['needle', '塔'], 20)), '…dog, naïve café. [needle] 我们的灯[塔]。');
  });
});
