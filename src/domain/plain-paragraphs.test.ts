import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToPlainText, parsedHtmlToPlainText, sanitizedTextToHtml, textToHtml } from './safe-html.js';
import { countParsedWords, countWords } from './word-count.js';
import { plainHtmlParagraphs, plainTextParagraphs } from './plain-paragraphs.js';
// Seeded, so a failure names an input that reproduces.
import { mulberry32 as rng } from '../../bench/corpus-vocab.js';

// Mostly prose, with every character that could make the shortcuts and the full paths part ways.
const COMMON = [
  'word',
  'the',
  'don',
  'x',
  '猫',
  'の',
  'Ωμέγα',
  'café',
  'e\u0301',
  '1.5',
  ' ',
  ' ',
  ' ',
  '\n\n',
  '\n\n',
  '.',
  ',',
  '-',
  '--',
];
const RARE = [
  '\n',
  '\n\n\n',
  '  ',
  '\t',
  '\r',
  '\r\n',
  '\f',
  '\v',
  '\u0000',
  '\u0001',
  '\u007f',
  '&',
  '&amp;',
  '<',
  '>',
  '<i>',
  '</i>',
  '<p>',
  '"',
  "'",
  '\u00a0',
  '\u3000',
  '\u200b',
  '\u2028',
  '\ufeff',
  '\u0085',
  '😀',
  '\ud800',
];

function randomText(r: () => number): string {
  const n = 1 + Math.floor(r() * 40);
  let s = '';
  for (let i = 0; i < n; i++)
    s += r() < 0.9 ? COMMON[Math.floor(r() * COMMON.length)]! : RARE[Math.floor(r() * RARE.length)]!;
  return s;
}

describe('plain paragraphs shortcut', () => {
  it('textToHtml gives what the sanitizer gives, on prose and on text full of special characters', () => {
    const r = rng(1);
    let plain = 0;
    for (let i = 0; i < 6_000; i++) {
      const text = r() < 0.5 ? randomText(r).trim() : randomText(r);
      assert.equal(textToHtml(text), sanitizedTextToHtml(text), JSON.stringify(text));
      if (plainTextParagraphs(text)) plain++;
    }
    assert.ok(plain > 600 && plain < 5_400, `${plain} of the inputs took the shortcut`);
  });

  it('countWords and htmlToPlainText give what the parser gives, on stored and hand-written <p> lines', () => {
    const r = rng(2);
    let plain = 0;
    for (let i = 0; i < 6_000; i++) {
      const html =
        r() < 0.5
          ? sanitizedTextToHtml(randomText(r))
          : Array.from({ length: 1 + Math.floor(r() * 4) }, () => `<p>${randomText(r)}</p>`).join(
              r() < 0.8 ? '\n' : '',
            );
      assert.equal(countWords(html), countParsedWords(html), JSON.stringify(html));
      assert.equal(htmlToPlainText(html), parsedHtmlToPlainText(html), JSON.stringify(html));
      if (plainHtmlParagraphs(html)) plain++;
    }
    assert.ok(plain > 600, `${plain} of the inputs took the shortcut`);
  });

  it('recognises only the plain shape', () => {
    assert.deepEqual(plainTextParagraphs('One two.\n\nThree.'), ['One two.', 'Three.']);
    for (const t of ['', 'a\n\n\n\nb', 'a\nb', ' a', 'a ', 'a\u3000', 'a & b', 'a\tb', 'a\r\n\r\nb', "don't"])
      assert.equal(plainTextParagraphs(t), undefined, JSON.stringify(t));
    assert.deepEqual(plainHtmlParagraphs('<p>a  b</p>\n<p> </p>'), ['a  b', ' ']);
    for (const h of ['', '<p>a</p><p>b</p>', '<p>a &amp; b</p>', '<p><i>a</i></p>', '<p>a</p>\n', '<div>a</div>'])
      assert.equal(plainHtmlParagraphs(h), undefined, JSON.stringify(h));
  });
});
