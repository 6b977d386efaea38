import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToPlainText, sanitizeHtml, textToHtml } from './safe-html.js';

describe('sanitizeHtml', () => {
  it('removes script, style, iframe, svg, math, noscript and xmp with their content', () => {
    assert.equal(
      sanitizeHtml(
        'a<script>alert(1)</script>b<style>p{color:red}</style>c<iframe src="http://x">frame</iframe>d' +
          '<svg><text>s</text></svg>e<math><mi>m</mi></math>f<noscript>n</noscript>g<xmp>x</xmp>h',
      ),
      'abcdefgh',
    );
  });

  it('drops event handlers, style and class attributes', () => {
    assert.equal(
      sanitizeHtml('<p onclick="steal()" style="color:red" class="big" onmouseover="x">hi</p>'),
      '<p>hi</p>',
    );
  });

  it('keeps the attributes allowed on every element', () => {
    assert.equal(
      sanitizeHtml('<p align="center" dir="rtl" lang="ar" title="t" id="x">x</p>'),
      '<p align="center" dir="rtl" lang="ar" title="t">x</p>',
    );
  });

  it('drops javascript:, data: and other unknown-scheme hrefs', () => {
    assert.equal(sanitizeHtml('<a href="javascript:alert(1)">x</a>'), '<a rel="nofollow">x</a>');
    assert.equal(sanitizeHtml('<a href="JaVaScRiPt:alert(1)">x</a>'), '<a rel="nofollow">x</a>');
    assert.equal(sanitizeHtml('<a href="java\tscript:alert(1)">x</a>'), '<a rel="nofollow">x</a>');
    assert.equal(sanitizeHtml('<a href="&#106;avascript:alert(1)">x</a>'), '<a rel="nofollow">x</a>');
    assert.equal(sanitizeHtml('<a href="data:text/html,hi">x</a>'), '<a rel="nofollow">x</a>');
    assert.equal(sanitizeHtml('<a href="tel:123">x</a>'), '<a rel="nofollow">x</a>');
  });

  it('keeps http, https, ftp, mailto, relative and protocol-relative hrefs', () => {
    for (const href of [
      'http://e.org/',
      'https://e.org/a?b=c',
      'ftp://e.org/f',
      'mailto:a@e.org',
      '/x',
      '#x',
      'x.html',
      '//e.org/x',
    ]) {
      assert.equal(sanitizeHtml(`<a href="${href}">x</a>`), `<a href="${href}" rel="nofollow">x</a>`);
    }
  });

  it('adds rel=nofollow to every link, replacing any rel given', () => {
    assert.equal(sanitizeHtml('<a name="top">x</a>'), '<a name="top" rel="nofollow">x</a>');
    assert.equal(
      sanitizeHtml('<a href="/x" rel="noopener me" target="_blank">x</a>'),
      '<a href="/x" rel="nofollow">x</a>',
    );
  });

  it('keeps only absolute http(s) image sources, keeping the image and its alt', () => {
    assert.equal(sanitizeHtml('<img src="data:image/png;base64,AAAA" alt="a">'), '<img alt="a" />');
    assert.equal(sanitizeHtml('<img src="pic.png" alt="b">'), '<img alt="b" />');
    assert.equal(sanitizeHtml('<img src="/pic.png" alt="c">'), '<img alt="c" />');
    assert.equal(sanitizeHtml('<img src="http:pic.png" alt="d">'), '<img alt="d" />');
    assert.equal(sanitizeHtml('<img src="javascript:x" alt="e">'), '<img alt="e" />');
    assert.equal(
      sanitizeHtml(
        '<img src="https://e.org/p.png" alt="f" width="10" height="20" border="0" align="left" onerror="x">',
      ),
      '<img src="https://e.org/p.png" alt="f" width="10" height="20" border="0" align="left" />',
    );
    assert.equal(sanitizeHtml('<img src="//cdn.e.org/p.png">'), '<img src="//cdn.e.org/p.png" />');
  });

  it('checks cite URLs: http, https and relative only', () => {
    assert.equal(sanitizeHtml('<blockquote cite="javascript:x">q</blockquote>'), '<blockquote>q</blockquote>');
    assert.equal(sanitizeHtml('<q cite="mailto:a@e.org">q</q>'), '<q>q</q>');
    assert.equal(sanitizeHtml('<q cite="/source">q</q>'), '<q cite="/source">q</q>');
    assert.equal(
      sanitizeHtml('<blockquote cite="https://e.org/">q</blockquote>'),
      '<blockquote cite="https://e.org/">q</blockquote>',
    );
  });

  it('keeps allowed elements with their allowed attributes', () => {
    const table =
      '<table border="1" summary="s" width="100%"><caption>c</caption><colgroup span="2" width="10"><col span="1" width="5" /></colgroup>' +
      '<thead><tr><th scope="col" abbr="a">h</th></tr></thead>' +
      '<tbody><tr><td colspan="2" rowspan="1" height="3" axis="x">d</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>';
    assert.equal(sanitizeHtml(table), table);
    assert.equal(sanitizeHtml('<ol start="3" type="a"><li>x</li></ol>'), '<ol start="3" type="a"><li>x</li></ol>');
    assert.equal(sanitizeHtml('<ul type="disc"><li>x</li></ul>'), '<ul type="disc"><li>x</li></ul>');
    assert.equal(
      sanitizeHtml('<details open><summary>s</summary>d</details>'),
      '<details open><summary>s</summary>d</details>',
    );
    assert.equal(sanitizeHtml('<hr width="50%" align="left">'), '<hr width="50%" align="left" />');
    assert.equal(sanitizeHtml('<td scope="row">x</td>'), '<td>x</td>'); // scope is for th only
    const inline =
      '<abbr>a</abbr><acronym>b</acronym><b>c</b><big>d</big><cite>e</cite><code>f</code><del>g</del><dfn>h</dfn>' +
      '<em>i</em><i>j</i><ins>k</ins><kbd>l</kbd><ruby>m<rp>(</rp><rt>n</rt><rp>)</rp></ruby><s>o</s><samp>p</samp>' +
      '<small>q</small><span>r</span><strike>s</strike><strong>t</strong><sub>u</sub><sup>v</sup><tt>w</tt><u>x</u><var>y</var>';
    assert.equal(sanitizeHtml(inline), inline);
    const blocks =
      '<address>a</address><center>b</center><div>c</div><dl><dt>d</dt><dd>e</dd></dl>' +
      '<figure><img alt="" /><figcaption>f</figcaption></figure><h1>1</h1><h6>6</h6><pre>  p\n q</pre>';
    assert.equal(sanitizeHtml(blocks), blocks);
  });

  it('discards other tags but keeps their text', () => {
    assert.equal(sanitizeHtml('<font color="red">x</font>'), 'x');
    assert.equal(sanitizeHtml('<p><font><b>bold</b> text</font></p>'), '<p><b>bold</b> text</p>');
    assert.equal(sanitizeHtml('<section><article>a</article></section>'), 'a');
    assert.equal(sanitizeHtml('<textarea><b>x</b></textarea>'), '&lt;b&gt;x&lt;/b&gt;');
  });

  it('drops comments, doctypes and processing instructions', () => {
    assert.equal(sanitizeHtml('<!doctype html>a<!-- c -->b<?php x ?>c'), 'abc');
  });

  it('keeps text as written: only < > & (and " in attributes) are escaped', () => {
    assert.equal(sanitizeHtml('<p>café — “it’s” 日本語 "q" \'a\'</p>'), '<p>café — “it’s” 日本語 "q" \'a\'</p>');
    assert.equal(sanitizeHtml('&eacute;&mdash;&#8217;'), 'é—’');
    assert.equal(sanitizeHtml('a < b & c > d'), 'a &lt; b &amp; c &gt; d');
    assert.equal(sanitizeHtml('&lt;script&gt;'), '&lt;script&gt;');
    assert.equal(
      sanitizeHtml('<a title="say &quot;hi&quot; &amp; <go>">x</a>'),
      '<a title="say &quot;hi&quot; &amp; &lt;go&gt;" rel="nofollow">x</a>',
    );
  });

  it('closes unclosed elements and repairs misnesting', () => {
    assert.equal(sanitizeHtml('<b>x'), '<b>x</b>');
    assert.equal(sanitizeHtml('<b><i>x</b></i>'), '<b><i>x</i></b>');
  });

  it('is idempotent', () => {
    const tricky = [
      '<p><font><div>x</div></font></p>',
      '<ul><li>a<font><li>b</li></font></li></ul>',
      '<p>a</p>stray</p><p>b',
      '<b>bold<p>para</b>after</p>',
      '<table><tr><td>a<td>b<tr><td>c</table>',
      '<a href="/x"><span><a href="/y">nested</a></span></a>',
      '&amp;amp; &lt;b&gt; &quot; &nbsp; &#0; &copy 5 &lt 6',
      '<img src=x onerror=alert(1)><svg><p>in svg</p></svg><p>after',
      '<h1><span><h2>heading</h2></span></h1>',
      '<title>t</title><textarea><p>x</p></textarea><select><option>o</option></select>',
      '<a title="x>y" href=\'"q"\'>q</a></br><br/><p/>text',
      '<dl><dt>a<font><dd>b</dd></font></dl><rt>x<rp>y',
      '<p>a&#13;b\r\nc</p><pre>\n\n  x</pre>',
      '<html><head><title>T</title></head><body><p>body</p></body></html>',
    ];
    for (const input of tricky) {
      const once = sanitizeHtml(input);
      assert.equal(sanitizeHtml(once), once, `not idempotent for ${JSON.stringify(input)}`);
    }
  });
});

describe('textToHtml', () => {
  it('turns plain text into paragraphs and line breaks', () => {
    assert.equal(textToHtml('Hello world'), '<p>Hello world</p>');
    assert.equal(
      textToHtml('First line\nsecond line\n\nNext paragraph'),
      '<p>First line<br />\nsecond line</p>\n<p>Next paragraph</p>',
    );
  });

  it('treats whitespace-only lines as blank and several blank lines as one break', () => {
    assert.equal(textToHtml('a\n  \t \n\n\nb'), '<p>a</p>\n<p>b</p>');
  });

  it('normalises CRLF and CR', () => {
    assert.equal(textToHtml('a\r\nb\r\rc\rd'), '<p>a<br />\nb</p>\n<p>c<br />\nd</p>');
  });

  it('escapes and preserves < > & in plain text', () => {
    assert.equal(textToHtml('<3 and a < b'), '<p>&lt;3 and a &lt; b</p>');
    assert.equal(textToHtml('Tom & Jerry > "cats"'), '<p>Tom &amp; Jerry &gt; "cats"</p>');
    assert.equal(textToHtml('&amp; stays literal'), '<p>&amp;amp; stays literal</p>');
  });

  it('keeps unicode literal', () => {
    assert.equal(textToHtml('café — “it’s” 日本語'), '<p>café — “it’s” 日本語</p>');
  });

  it('trims the whole input only (ASCII whitespace), keeping ideographic indentation', () => {
    assert.equal(textToHtml('\n\n  a  \n\n'), '<p>a</p>');
    assert.equal(textToHtml('\u3000一行目\n\n\u3000二行目'), '<p>\u3000一行目</p>\n<p>\u3000二行目</p>');
  });

  it('returns an empty string for empty or whitespace-only input', () => {
    assert.equal(textToHtml(''), '');
    assert.equal(textToHtml('  \n\t\r\n '), '');
    assert.equal(textToHtml('<script>alert(1)</script>'), '');
  });

  it('gives inline-only HTML the paragraph treatment', () => {
    assert.equal(
      textToHtml('<b>Bold</b> start\nsecond line\n\n<i>new</i> para'),
      '<p><b>Bold</b> start<br />\nsecond line</p>\n<p><i>new</i> para</p>',
    );
    assert.equal(textToHtml('one<br>\ntwo'), '<p>one<br />\ntwo</p>');
    assert.equal(textToHtml('<font>x</font>'), '<p>x</p>');
  });

  it('reopens inline elements across paragraph breaks', () => {
    assert.equal(textToHtml('<i>one\n\ntwo</i>'), '<p><i>one</i></p>\n<p><i>two</i></p>');
  });

  it('does not put <br> inside a tag split over lines', () => {
    assert.equal(textToHtml('<a\nhref="/x">link</a>\nnext'), '<p><a href="/x" rel="nofollow">link</a><br />\nnext</p>');
  });

  it('only sanitizes HTML that has block elements', () => {
    assert.equal(textToHtml('<p>one\ntwo</p>\n\n<p>three</p>'), '<p>one\ntwo</p>\n\n<p>three</p>');
    assert.equal(textToHtml('<div onclick="x">a\n\nb</div>'), '<div>a\n\nb</div>');
  });

  it('sanitizes whatever path it takes', () => {
    assert.equal(textToHtml('<b onclick="x">hi</b><script>bad()</script>'), '<p><b>hi</b></p>');
    assert.equal(textToHtml('<p><a href="javascript:x">y</a></p>'), '<p><a rel="nofollow">y</a></p>');
  });

  it('is idempotent', () => {
    const inputs = [
      'plain text\nwith lines\n\nand paragraphs',
      '<3 & "quotes" \'single\'',
      '<i>one\n\ntwo</i>\n\nthree',
      '<b>unclosed\n\npara',
      '<section>a\n\nb</section>',
      '<p>a&#13;b</p>',
      '<script>x</script> <p>a</p>',
      '</p>hi',
      '<p>block</p>\n\ntext after',
      'line<br>\n<br>\nline',
      'a\n\n&nbsp;\n\nb',
      '\u3000indent\n\n<img src="https://e.org/x.png">',
    ];
    for (const input of inputs) {
      const once = textToHtml(input);
      assert.equal(textToHtml(once), once, `not idempotent for ${JSON.stringify(input)}`);
      assert.equal(sanitizeHtml(once), once, `not sanitized for ${JSON.stringify(input)}`);
    }
  });

  // In these two the timeout is the hang guard against a pattern gone quadratic, not a measure of speed.
  it('converts a chapter-sized plain text', { timeout: 60_000 }, () => {
    const paragraph = 'She said, “It’s fine — really.” He didn’t believe her; the night was long & cold.\n';
    const text = (paragraph.repeat(4) + '\n').repeat(1400);
    const html = textToHtml(text);
    assert.equal(html.split('<p>').length - 1, 1400);
  });

  it('gets through pathological input', { timeout: 60_000 }, () => {
    // Markup-like text stays text: escaped, never a tag.
    assert.ok(!textToHtml('<a '.repeat(100_000)).includes('<a '));
    assert.equal(textToHtml('<i>x\n\n'.repeat(5000)).split('<p>').length - 1, 5000);
    assert.match(textToHtml('a' + ' '.repeat(300_000) + '\nb'), /a[\s\S]*b/);
  });
});

describe('htmlToPlainText', () => {
  it('separates blocks with blank lines and turns <br> into a newline', () => {
    assert.equal(htmlToPlainText('<p>one<br>two</p><p>three</p>'), 'one\ntwo\n\nthree');
    assert.equal(htmlToPlainText('<h1>Title</h1><div>body</div>'), 'Title\n\nbody');
    assert.equal(htmlToPlainText('a<br><br>b'), 'a\n\nb');
  });

  it('decodes entities', () => {
    assert.equal(htmlToPlainText('<p>Tom &amp; Jerry &lt;3 caf&eacute; &#8212;</p>'), 'Tom & Jerry <3 café —');
  });

  it('collapses whitespace and trims lines', () => {
    assert.equal(htmlToPlainText('<p>  a   b\n c  </p>\n\n\n<p> d </p>'), 'a b c\n\nd');
  });

  it('puts list items and table rows on their own lines', () => {
    assert.equal(htmlToPlainText('<ul><li>one</li><li>two</li></ul><p>after</p>'), 'one\ntwo\n\nafter');
    assert.equal(htmlToPlainText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>'), 'a b\nc');
  });

  it('keeps whitespace inside <pre>', () => {
    assert.equal(htmlToPlainText('<p>x</p><pre>a\n  b</pre>'), 'x\n\na\n  b');
  });

  it('ignores script and style contents', () => {
    assert.equal(htmlToPlainText('<p>a</p><script>x()</script><style>p{}</style>'), 'a');
  });

  it('round-trips textToHtml output', () => {
    const text = 'First line\nsecond line\n\nNext & last <3';
    assert.equal(htmlToPlainText(textToHtml(text)), text);
  });

  it('returns an empty string for empty input', () => {
    assert.equal(htmlToPlainText(''), '');
  });
});
