/*
 * HTML fragments for the exporter tests: every element the sanitizer allows
 * with every attribute it allows, and the awkward HTML writers paste from
 * editors and other sites. Prose is our own and neutral.
 */

const GLOBAL = 'align="center" dir="ltr" lang="en" title="A title"';

/** Every allowed element, each with every allowed attribute. */
export const EVERY_ELEMENT_HTML = `
<h1 ${GLOBAL}>Heading one</h1><h2 ${GLOBAL}>Heading two</h2><h3 ${GLOBAL}>Three</h3>
<h4 ${GLOBAL}>Four</h4><h5 ${GLOBAL}>Five</h5><h6 ${GLOBAL}>Six</h6>
<p ${GLOBAL}>Text with <a href="https://example.com/page" name="top" rel="nofollow" ${GLOBAL}>a link</a>,
<abbr ${GLOBAL}>abbr</abbr>, <acronym ${GLOBAL}>NATO</acronym>, <b ${GLOBAL}>bold</b>, <big ${GLOBAL}>big</big>,
<cite ${GLOBAL}>cite</cite>, <code ${GLOBAL}>code</code>, <del ${GLOBAL}>deleted</del>, <dfn ${GLOBAL}>dfn</dfn>,
<em ${GLOBAL}>em</em>, <i ${GLOBAL}>italic</i>, <ins ${GLOBAL}>inserted</ins>, <kbd ${GLOBAL}>kbd</kbd>,
<q cite="https://example.com/source" ${GLOBAL}>a quote</q>, <s ${GLOBAL}>struck</s>, <samp ${GLOBAL}>samp</samp>,
<small ${GLOBAL}>small</small>, <span ${GLOBAL}>span</span>, <strike ${GLOBAL}>strike</strike>,
<strong ${GLOBAL}>strong</strong>, <sub ${GLOBAL}>sub</sub>, <sup ${GLOBAL}>sup</sup>, <tt ${GLOBAL}>teletype</tt>,
<u ${GLOBAL}>underline</u>, <var ${GLOBAL}>var</var>, a break<br ${GLOBAL}/>and an image
<img align="left" alt="A small drawing of a boat" border="1" height="40" src="https://images.example/boat.png" width="60" ${GLOBAL}/>.</p>
<p><ruby ${GLOBAL}>漢<rp ${GLOBAL}>(</rp><rt ${GLOBAL}>kan</rt><rp ${GLOBAL}>)</rp></ruby> and <a href="#top">back to the top</a>.</p>
<address ${GLOBAL}>The Lighthouse, Harbour Road</address>
<blockquote cite="https://example.com/quote" ${GLOBAL}><p>Quoted paragraph.</p></blockquote>
<center ${GLOBAL}>Centred text.</center>
<details open="open" ${GLOBAL}><summary ${GLOBAL}>More</summary><p>Hidden details.</p></details>
<div ${GLOBAL}>A division.</div>
<dl ${GLOBAL}><dt ${GLOBAL}>Term</dt><dd ${GLOBAL}>Definition</dd></dl>
<figure ${GLOBAL}><p>Figure content.</p><figcaption ${GLOBAL}>A caption</figcaption></figure>
<hr align="center" width="50%" ${GLOBAL}/>
<ol start="3" type="i" ${GLOBAL}><li ${GLOBAL}>Three</li><li>Four</li></ol>
<ul type="square" ${GLOBAL}><li>Bullet</li></ul>
<pre ${GLOBAL}>Preformatted
   text   with spaces</pre>
<table border="1" summary="A table summary" width="80%" ${GLOBAL}>
<caption ${GLOBAL}>Table caption</caption>
<colgroup span="2" width="20" ${GLOBAL}></colgroup>
<colgroup ${GLOBAL}><col span="1" width="30" ${GLOBAL}/></colgroup>
<thead ${GLOBAL}><tr ${GLOBAL}><th abbr="N" axis="x" colspan="1" height="10" rowspan="1" scope="col" width="10" ${GLOBAL}>Name</th><th>Value</th><th>More</th></tr></thead>
<tbody ${GLOBAL}><tr><td abbr="a" axis="y" colspan="2" height="10" rowspan="1" width="10" ${GLOBAL}>Cell</td><td>Other</td></tr></tbody>
<tfoot ${GLOBAL}><tr><td colspan="3">Footer</td></tr></tfoot>
</table>`;

/** Awkward HTML, by name. */
export const AWKWARD_HTML: ReadonlyArray<readonly [string, string]> = [
  [
    'deep nesting',
    `<div>${'<div><blockquote><b><i>'.repeat(60)}Deep inside.${'</i></b></blockquote></div>'.repeat(60)}</div><p>${'<span>'.repeat(300)}Very deep.${'</span>'.repeat(300)}</p>`,
  ],
  [
    'tables',
    [
      '<table>Loose text<tr><td>a</td></tr><tbody><tr><td>b</td></tr></tbody><caption>Late caption</caption><td>c</td><th>d</th></table>',
      '<table><tr><p>Para in a row</p><td>x</td></tr></table>',
      '<table><tfoot><tr><td>foot first</td></tr></tfoot><tbody><tr><td>body</td></tr></tbody><thead><tr><th>head late</th></tr></thead></table>',
      '<table><col/><col span="2"/><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>',
      '<table></table><table><tr></tr></table><p>After tables.</p>',
    ].join(''),
  ],
  [
    'entities and whitespace',
    '<p>Non&nbsp;breaking&nbsp;space, &copy; &mdash; &hellip; &eacute; &#8220;quotes&#8221; &lt;tag&gt; &amp;amp; &apos;apos&apos; &quot;q&quot; &#x1F600; &zwj;&shy;soft</p><p>Tabs\there,\u000Cform feed, \u3000ideographic space, trailing   </p><p>   </p><p>&nbsp;</p><pre>\n  keep\n\n  this  </pre>',
  ],
  [
    'anchors',
    '<p>See the <a href="#note1">note</a>, the <a href="#missing">missing one</a>, <a href="#2nd note">the second</a>.</p><p><a name="note1">Note one.</a> <a name="note1">Same name again.</a> <a name="2nd note">Second note.</a> <a name="">Empty name.</a> <a name="preface">Clashes with the layout.</a></p>',
  ],
  [
    'images and links',
    '<p><img src="https://images.example/a.png" alt="A boat at dusk"> <img src="https://images.example/b.png"> <img src="//images.example/c.png" alt="protocol relative"> text<img src="https://images.example/d.png" alt="">joined</p><p><a href="/works/2">relative</a>, <a href="../tags/Fluff/works">dot-dot</a>, <a href="?page=2">query</a>, <a href="mailto:someone@example.com">mail</a>, <a href="https://example.com/a b">space</a>, <a href="ftp://files.example/x">ftp</a>, <a href="http://[bad">broken</a>.</p>',
  ],
  [
    'blocks inside inline',
    '<b>Bold start<p>bold paragraph</p><p>another</p>bold end</b><i><ul><li>italic list</li></ul></i><span><div>div in span</div></span><p><a href="https://example.com"><div>div in a link</div></a></p><a href="https://example.com"><a href="https://example.org">nested link</a></a><em><table><tr><td>table in em</td></tr></table></em>',
  ],
  [
    'lists and definitions',
    '<ul>Loose text<li>item</li><p>para in list</p><li>item<ul><li>nested</li></ul></li></ul><ol><ol><li>list in list</li></ol></ol><dl><dd>description first</dd><dt>term last</dt></dl><dl>text in dl<dt>t</dt></dl><li>stray item</li><dt>stray term</dt><dd>stray description</dd>',
  ],
  [
    'misplaced parts',
    '<p><summary>summary out of place</summary><figcaption>caption out of place</figcaption><rt>rt alone</rt><rp>rp alone</rp></p><details>No summary here.</details><details><p>first</p><summary>late summary</summary></details><figure><figcaption>one</figcaption><p>x</p><figcaption>two</figcaption><figcaption>three</figcaption></figure><address><h2>heading in address</h2><address>nested address</address></address><dfn>outer <dfn>inner</dfn></dfn><ruby>base<rt>one</rt>tail</ruby><ruby><rt>no base</rt></ruby>',
  ],
  [
    'center and obsolete',
    '<center><p>centred paragraph</p><center>nested centre</center></center><p align="right">right</p><p align="middle">bad align</p><p><big><big>bigger</big></big> <tt>code-ish</tt> <strike>gone</strike> <acronym title="as soon as possible">ASAP</acronym></p><p><center>centre in a paragraph</center></p><hr width="30" align="left"><ol type="disc" start="x"><li>bad type and start</li></ol><p lang="english" dir="sideways" title="">bad lang and dir</p><p lang="zh-Hant">繁體</p><p lang="xx">unknown language</p>',
  ],
];

const FUZZ_TAGS = [
  'a',
  'abbr',
  'acronym',
  'address',
  'b',
  'big',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'details',
  'figcaption',
  'figure',
  'dd',
  'del',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h3',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'u',
  'ul',
  'var',
];
const FUZZ_ATTRS = [
  'align="center"',
  'dir="rtl"',
  'lang="fr"',
  'title="t"',
  'href="/x"',
  'href="#n1"',
  'name="n1"',
  'cite="https://c.example/"',
  'span="2"',
  'open',
  'start="2"',
  'type="a"',
  'colspan="2"',
  'rowspan="2"',
  'scope="row"',
  'border="1"',
  'width="9"',
  'alt="alt text"',
  'src="https://images.example/p.png"',
  'summary="s"',
  'axis="x"',
  'abbr="ab"',
];
const FUZZ_WORDS = ['gull', 'lamp', 'tide', ' ', 'harbour&nbsp;light', '灯塔', 'منارة', '\n', '&amp;', 'rope'];

/** Random, unbalanced HTML from the allowed tags (deterministic for a seed): what a sanitizer might be handed. */
export function randomHtml(seed: number, tags: number): string {
  let a = seed >>> 0;
  const next = (n: number): number => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return (a >>> 8) % n;
  };
  const pick = <T>(list: readonly T[]): T => list[next(list.length)]!;
  const out: string[] = [];
  const open: string[] = [];
  for (let k = 0; k < tags; k++) {
    const roll = next(10);
    if (roll < 4) {
      const tag = pick(FUZZ_TAGS);
      const attrs = Array.from({ length: next(3) }, () => ` ${pick(FUZZ_ATTRS)}`).join('');
      out.push(`<${tag}${attrs}>`);
      open.push(tag);
    } else if (roll < 7 && open.length > 0) {
      // Mostly the innermost element, sometimes one further out (mis-nested).
      const tag = next(4) === 0 ? pick(open) : open[open.length - 1]!;
      out.push(`</${tag}>`);
      open.splice(open.lastIndexOf(tag), 1);
    } else {
      out.push(pick(FUZZ_WORDS), pick(FUZZ_WORDS));
    }
  }
  return out.join('');
}
