import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countWords, countWordsByRule, countWordsPlain } from './word-count.js';

describe('countWords (AO3 rule)', () => {
  const cases: Array<[string, string, number]> = [
    ['hyphenated word', 'one-word', 1],
    ['ASCII apostrophe', "one's", 1],
    ['right single quote', 'one’s', 1],
    ['left single quote', '‘tis', 1],
    ['double hyphen separates', 'one--two', 2],
    ['em dash separates', 'one—two', 2],
    ['Han characters', '中文字', 3],
    ['Japanese kanji, hiragana, katakana', '日本語のテキスト', 8],
    ['Latin and Han', 'Hello 世界', 3],
    ['precomposed accent', 'café', 1],
    ['combining diaeresis', 'nai\u0308ve', 1],
    ['connector punctuation', 'snake_case', 1],
    ['decimal point splits', '3.14', 2],
    ['number', '2024', 1],
    ['paragraphs', '<p>one</p><p>two</p>', 2],
    ['lone entity', '&amp;', 0],
    ['separate text nodes', 'wo<b>rd</b>', 2],
    ['empty string', '', 0],
    ['multiple spaces', 'one    two     three', 3],
    ['newlines and tabs', 'one\ntwo\r\n\tthree', 3],
    ['Thai: every character', 'สวัสดี', 6],
    ['Latin around Han', 'abc中def', 3],
    ['emoji only', '🎉🚀 ✨', 0],
    ['punctuation only', '... !? — --', 0],
    ['Cyrillic', 'Привет мир', 2],
    ['Korean is space-separated', '안녕하세요 세계', 2],
  ];
  for (const [name, html, expected] of cases) {
    it(`${name}: ${JSON.stringify(html)} = ${expected}`, () => {
      assert.equal(countWords(html), expected);
    });
  }

  it('decodes entities inside one text node before counting', () => {
    // htmlparser2 reports these as several text events; they are one node.
    assert.equal(countWords('caf&eacute;'), 1);
    assert.equal(countWords('don&#39;t'), 1);
    assert.equal(countWords('don&rsquo;t stop'), 2);
    assert.equal(countWords('one&amp;two'), 2);
  });

  it('skips script and style contents, and comments', () => {
    assert.equal(countWords('<p>a</p><script>var x = 1 2 3</script><style>p { x: y }</style>'), 1);
    assert.equal(countWords('a<!-- hidden words here -->b'), 2);
  });

  it('counts attributes as nothing', () => {
    assert.equal(countWords('<img alt="many words here" src="http://x/y.png"><a title="t t">link</a>'), 1);
  });

  // Half a megabyte: a rule gone quadratic would not finish; the timeout is the hang guard, not a measure.
  it('counts a chapter-sized text', { timeout: 60_000 }, () => {
    const paragraph = '<p>It’s a long-ish sentence--with 日本語 and café, over and over.</p>\n';
    const html = paragraph.repeat(Math.ceil(500_000 / paragraph.length));
    // Its(1) a(1) longish(1) sentence(1) with(1) 日本語(3) and(1) café(1) over and over(3) = 13
    assert.equal(countWords(html), 13 * Math.ceil(500_000 / paragraph.length));
  });
});

describe('countWordsPlain', () => {
  it('counts a single plain string without parsing HTML', () => {
    assert.equal(countWordsPlain('<b>bold</b>'), 3); // b, bold, b
    assert.equal(countWordsPlain('&amp;'), 1); // "amp"
    assert.equal(countWordsPlain('one--two three-four'), 3);
    assert.equal(countWordsPlain(''), 0);
  });

  it('agrees with the rule on text of hyphens, apostrophes, typographic marks and other scripts', () => {
    // The one-pass count takes ASCII and a few marks; anything else goes to the rule. Strings are
    // drawn from an alphabet dense in the cases where the two could part: runs of "-", joiners next
    // to separators. Half of them may also hold characters only the rule knows (the alphabet's last
    // four: an accent, Han, a combining mark, "‿"), so that both paths are taken.
    const alphabet = [
      'a',
      'Z',
      '7',
      '_',
      '-',
      '-',
      '-',
      "'",
      '’',
      '‘',
      ' ',
      '.',
      '\n',
      '—',
      '–',
      '“',
      '”',
      '…',
      '\u00a0',
      '!',
      'é',
      '中',
      '\u0301',
      '‿',
    ];
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    for (let k = 0; k < 5000; k++) {
      const len = 1 + (next() % 12);
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[next() % (k % 2 ? alphabet.length : alphabet.length - 4)];
      assert.equal(countWordsPlain(s), countWordsByRule(s), JSON.stringify(s));
    }
    assert.equal(countWordsPlain('one---two'), 2);
    assert.equal(countWordsPlain('one----two'), 2);
    assert.equal(countWordsPlain("-'-"), 0);
    assert.equal(countWordsPlain('it’s a long-ish “quote”… and—more'), 6);
  });
});
