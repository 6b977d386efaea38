import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { textToHtml } from '../../domain/safe-html.js';
import { countWords } from '../../domain/word-count.js';
import { ALLOWED_TAGS } from '../../../test/formats/sample-works.js';
import { AWKWARD_HTML, EVERY_ELEMENT_HTML, randomHtml } from '../../../test/formats/sample-html.js';
import { altTextWords as altWords, meaningfulTextNodes as meaningful, textNodes } from './text-nodes.js';
import { toXhtml, xhtmlFragments, type XhtmlOptions } from './xhtml.js';

const OPTIONS: XhtmlOptions = { siteUrl: 'https://quire.example/', workUrl: 'https://quire.example/works/7' };
const x = (html: string, options: Partial<XhtmlOptions> = {}): string =>
  toXhtml(textToHtml(html), { ...OPTIONS, ...options });

function assertWellFormed(xhtml: string): void {
  const result = XMLValidator.validate(`<root xmlns:epub="http://www.idpf.org/2007/ops">${xhtml}</root>`);
  assert.equal(result, true, `not well-formed: ${JSON.stringify(result)}\n${xhtml.slice(0, 2000)}`);
}

describe('toXhtml keeps the text', () => {
  const samples: Array<[string, string]> = [
    ['every element', EVERY_ELEMENT_HTML],
    ...AWKWARD_HTML.map(([n, h]): [string, string] => [n, h]),
  ];
  for (const [name, raw] of samples) {
    test(`${name}: well-formed, same text nodes, same word count`, () => {
      const html = textToHtml(raw);
      const out = toXhtml(html, OPTIONS);
      assertWellFormed(out);
      assert.deepEqual(meaningful(out), meaningful(html));
      assert.equal(countWords(out) - altWords(out), countWords(html));
    });
  }
});

test('random, mis-nested HTML: well-formed, same text nodes, same word count (500 seeds)', () => {
  for (let seed = 1; seed <= 500; seed++) {
    const html = textToHtml(randomHtml(seed, 80));
    const out = toXhtml(html, OPTIONS);
    assertWellFormed(out);
    assert.deepEqual(meaningful(out), meaningful(html), `seed ${seed}`);
    assert.equal(countWords(out) - altWords(out), countWords(html), `seed ${seed}`);
  }
});

test('the sample uses every element the sanitizer allows', () => {
  const html = textToHtml(EVERY_ELEMENT_HTML);
  for (const tag of ALLOWED_TAGS) assert.match(html, new RegExp(`<${tag}[\\s/>]`), `<${tag}> missing from the sample`);
});

test('named entities become characters; only the five XML entities are written', () => {
  const out = x('<p>a&nbsp;b &eacute; &mdash; &hellip; &copy; &lt;i&gt; &amp; &quot;q&quot; &apos;s</p>');
  assert.equal(out, '<p>a\u00a0b é — … © &lt;i&gt; &amp; "q" \'s</p>');
  assert.doesNotMatch(out, /&(?!amp;|lt;|gt;|quot;|#x[DA9];)/);
});

test('a lone no-break space paragraph survives as the character', () => {
  assert.equal(x('<p>&nbsp;</p>'), '<p>\u00a0</p>');
});

test('characters XML forbids become spaces; CR is kept as a character reference', () => {
  assert.equal(toXhtml('<p>a\u000Cb\u0001c</p>', OPTIONS), '<p>a b c</p>');
  assert.equal(toXhtml('<p>a\rb</p>', OPTIONS), '<p>a&#xD;b</p>');
});

test('void elements are self-closed, others always closed explicitly', () => {
  assert.equal(x('<p>one<br>two</p><hr><p></p>'), '<p>one<br/>two</p><hr/><p></p>');
});

test('remote images are dropped; their alt text stays as text in their place', () => {
  const out = x(
    '<p>before<img src="https://images.example/a.png" alt="A boat">after <img src="https://images.example/b.png"> end</p>',
  );
  assert.equal(out, '<p>before<span class="image-alt">[A boat]</span>after <span class="image-alt"></span> end</p>');
  assert.doesNotMatch(out, /<img|src=/);
});

test('obsolete elements are renamed to valid ones with a class', () => {
  assert.equal(
    x('<center>c</center><p><big>b</big> <tt>t</tt> <strike>s</strike> <acronym title="t">A</acronym></p>'),
    '<div class="center">c</div><p><span class="big">b</span> <span class="tt">t</span> <s>s</s> <abbr title="t">A</abbr></p>',
  );
});

test('presentational attributes become classes or are dropped', () => {
  assert.equal(x('<p align="center">a</p><p align="bogus">b</p>'), '<p class="align-center">a</p><p>b</p>');
  assert.equal(
    x(
      '<table border="1" summary="s" width="50%"><tr><td axis="a" abbr="x" width="3" height="4" colspan="2" rowspan="0">c</td><th scope="col" abbr="h">h</th></tr></table>',
    ),
    '<table class="bordered"><tr><td colspan="2" rowspan="0">c</td><th scope="col">h</th></tr></table>',
  );
  assert.equal(x('<hr width="50%" align="left">'), '<hr class="align-left"/>');
  assert.equal(
    x('<ul type="square"><li>a</li></ul><ol type="i" start="4"><li>b</li></ol><ol type="x" start="z"><li>c</li></ol>'),
    '<ul><li>a</li></ul><ol start="4" type="i"><li>b</li></ol><ol><li>c</li></ol>',
  );
  assert.equal(
    x('<p lang="fr" dir="rtl" title="t">a</p><p lang="english" dir="up">b</p>'),
    '<p title="t" lang="fr" dir="rtl">a</p><p>b</p>',
  );
  assert.equal(
    x('<details open><summary>s</summary><p>d</p></details>'),
    '<details open="open"><summary>s</summary><p>d</p></details>',
  );
});

test('<a name> becomes a unique XML id; links to it follow', () => {
  const out = x(
    '<p><a href="#n">to n</a> <a href="#two%20words">to two</a> <a href="#gone">gone</a></p><p><a name="n">n</a><a name="n">again</a><a name="two words">2</a><a name="9">digit</a></p>',
  );
  assert.equal(
    out,
    '<p><a href="#n" rel="nofollow">to n</a> <a href="#two_words" rel="nofollow">to two</a> <a href="https://quire.example/works/7#gone" rel="nofollow">gone</a></p>' +
      '<p><a id="n">n</a><a id="n-2">again</a><a id="two_words">2</a><a id="anchor-9">digit</a></p>',
  );
});

test('ids stay unique across the fragments of one file, and clear of the ids it already uses', () => {
  const usedIds = new Set(['preface']);
  const [a, b] = xhtmlFragments(
    ['<p><a href="#x">x</a> <a name="preface">p</a></p>', '<p><a name="x">target</a><a name="x">twin</a></p>'],
    { ...OPTIONS, usedIds },
  );
  assert.equal(a, '<p><a href="#x">x</a> <a id="preface-2">p</a></p>');
  assert.equal(b, '<p><a id="x">target</a><a id="x-2">twin</a></p>');
  assert.deepEqual([...usedIds].sort(), ['preface', 'preface-2', 'x', 'x-2']);
});

test('relative links and citations become absolute; unusable URLs are dropped', () => {
  assert.equal(
    x(
      '<p><a href="/works/2">a</a><a href="../tags/x">b</a><a href="?p=2">c</a><a href="//other.example/y">d</a><a href="http://[bad">e</a></p><blockquote cite="/q"><p>q</p></blockquote>',
    ),
    '<p><a href="https://quire.example/works/2" rel="nofollow">a</a><a href="https://quire.example/tags/x" rel="nofollow">b</a>' +
      '<a href="https://quire.example/?p=2" rel="nofollow">c</a><a href="https://other.example/y" rel="nofollow">d</a><a>e</a></p>' +
      '<blockquote cite="https://quire.example/q"><p>q</p></blockquote>',
  );
});

describe('nesting the schema rejects is repaired', () => {
  test('an inline element around blocks is pushed down into them', () => {
    assert.equal(x('<b>a<p>b</p><p>c</p>d</b>'), '<b>a</b><p><b>b</b></p><p><b>c</b></p><b>d</b>');
    assert.equal(x('<i><ul><li>x</li></ul></i>'), '<ul><li><i>x</i></li></ul>');
  });
  test('a block inside a paragraph becomes a span named for it', () => {
    assert.equal(x('<p><center>c</center></p>'), '<p><span class="center">c</span></p>');
  });
  test('nested links and nested dfn keep their text as spans', () => {
    assert.equal(
      toXhtml('<a href="https://a.example/">out <a href="https://b.example/">in</a></a>', OPTIONS),
      '<a href="https://a.example/">out <span class="a">in</span></a>',
    );
    assert.equal(x('<p><dfn>a <dfn>b</dfn></dfn></p>'), '<p><dfn>a <span class="dfn">b</span></dfn></p>');
  });
  test('list and table parts out of place get their container or become divs', () => {
    assert.equal(x('<ul>loose<li>a</li></ul>'), '<ul><li>loose</li><li>a</li></ul>');
    assert.equal(x('<li>stray</li>'), '<div class="li">stray</div>');
    assert.equal(x('<table>t<tr><td>a</td></tr></table>'), '<table><tr><td>t</td></tr><tr><td>a</td></tr></table>');
    assert.equal(x('<dl><dd>d</dd><dt>t</dt></dl>'), '<dl><dt></dt><dd>d</dd><dt>t</dt><dd></dd></dl>');
  });
  test('details gets the summary it must start with', () => {
    assert.equal(x('<details><p>x</p></details>'), '<details><summary></summary><p>x</p></details>');
  });
  test('ruby in a shape the schema rejects becomes spans', () => {
    assert.equal(x('<p><ruby>漢<rt>kan</rt></ruby></p>'), '<p><ruby>漢<rt>kan</rt></ruby></p>');
    assert.equal(
      x('<p><ruby><rt>no base</rt></ruby></p>'),
      '<p><span class="ruby"><span class="rt">no base</span></span></p>',
    );
  });
  test('headings are not allowed in an address', () => {
    assert.equal(x('<address><h2>h</h2></address>'), '<address><div class="h2">h</div></address>');
  });
});

test('absurdly deep nesting is flattened without losing text or word boundaries', () => {
  const html = `<p>${'<span>a'.repeat(5000)}${'</span>b'.repeat(5000)}</p>`;
  const out = toXhtml(html, OPTIONS);
  assertWellFormed(out);
  assert.deepEqual(textNodes(out), textNodes(html));
  assert.equal(countWords(out), countWords(html));
});

test('CJK and right-to-left text is kept as it is', () => {
  const zh = '<p>灯塔的看守人数着栏杆上的海鸥。　第二句。</p>';
  assert.equal(x(zh), zh);
  const ja = '<p><ruby>灯台<rp>(</rp><rt>とうだい</rt><rp>)</rp></ruby>の光。</p>';
  assert.equal(x(ja), ja);
  assert.equal(
    x('<p dir="rtl" lang="ar">عدّ حارس المنارة طيور النورس.</p>'),
    '<p lang="ar" dir="rtl">عدّ حارس المنارة طيور النورس.</p>',
  );
  assert.equal(
    x('<p lang="he">שומר המגדלור <span dir="ltr">Keeper</span></p>'),
    '<p lang="he">שומר המגדלור <span dir="ltr">Keeper</span></p>',
  );
});
