/*
 * Malformed input, generated deterministically: every importer call must either return a
 * well-formed PortableWork or throw ImportError with a one-line reason — never another exception,
 * never a hang (the tests' timeouts are the hang guard).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8 } from 'fflate';
import { MAX_IMPORT_FILE_BYTES } from './index.js';
import { downloadHtml, prng, sampleWork } from '../../../test/formats/import-fixtures.js';
import {
  TIMEOUT,
  mutations,
  randomBytes,
  runImports,
  soup,
  type Case,
  seedTxt,
  seedMd,
} from '../../../test/formats/fuzz-support.js';

const TXT_PIECES = [
  'Summary:',
  'Notes:',
  'End Notes:',
  'Work Text:',
  '***',
  '---',
  '* * *',
  '\n',
  '\n\n',
  '\r\n',
  ' ',
  'word',
  'The gull.',
  '"Quoted,"',
  '…',
  'é',
  '中文',
  '<p>',
  '&amp;',
  '\t',
  '\u00a0',
  '\ufeff',
  'x'.repeat(210),
];
const MD_PIECES = [
  '---\n',
  'title: ',
  'fandoms: [a, b]\n',
  '  - item\n',
  'summary: |\n',
  '# ',
  '## ',
  '### ',
  '\n',
  '\n\n',
  '> ',
  '- ',
  '1. ',
  '* ',
  '`',
  '```\n',
  '[',
  '](',
  ')',
  '*',
  '_',
  '<div>',
  '</div>',
  '|',
  '| --- |',
  'text',
  '\\',
  '![',
  '<!--',
  '-->',
  '[x]: http://e\n',
  '    code\n',
];
const HTML_PIECES = [
  '<div id="preface">',
  '<div id="chapters" class="userstuff">',
  '<div id="afterword">',
  '<div class="meta group">',
  '<div class="userstuff">',
  '</div>',
  '<dl class="tags">',
  '<dt>Rating:</dt>',
  '<dt>Fandoms:</dt>',
  '<dt>Series:</dt>',
  '<dt>Stats:</dt>',
  '<dt>Language:</dt>',
  '<dd>',
  '</dd>',
  '</dl>',
  'Part 2 of ',
  'Part 99999999999999999999 of ',
  'Published: 2015-01-01 ',
  'Updated: 2015-13-45 ',
  'Chapters: 3/?',
  'Chapters: 1/0',
  'Chapters: 2/99999999999999999999',
  '<h1>',
  '</h1>',
  '<h2 class="heading">Chapter 1: ',
  '<h2>Chapter 2',
  '</h2>',
  '<p>Summary</p>',
  '<p>Chapter Notes</p>',
  '<p>End Notes</p>',
  '<blockquote class="userstuff">',
  '</blockquote>',
  '<p class="message">Posted originally on <a href="x">',
  '<a rel="author">',
  '</a>',
  '<br/>',
  '<b>',
  '<p>',
  '</p>',
  'text',
  '&amp;',
  '&#xD800;',
  '&#0;',
  '<!--',
  '-->',
  '<script>',
  '</script>',
  '<title>',
  '</title>',
  '<body>',
  '</body>',
  '<![CDATA[',
  '<?xml ?>',
  '<',
  '>',
  '"',
  '=',
];

const seedPlainHtml =
  '<!doctype html><html><head><title>Plain</title></head><body><h1>Plain</h1><p>Some <em>text</em>.</p><div><p>More.</p></div></body></html>';

test(
  'fuzz: text formats (.txt, .md, .html) — truncations, byte flips, splices, soups, random bytes',
  { timeout: TIMEOUT },
  (t) => {
    const rand = prng(20240601);
    const cases: Case[] = [];
    const seeds: [string, string][] = [
      ['seed.txt', seedTxt],
      ['seed.md', seedMd],
      ['seed.html', downloadHtml(sampleWork())],
      ['one.html', downloadHtml(sampleWork({ chapters: [{ body: '<p>Only chapter.</p>' }] }))],
      ['plain.htm', seedPlainHtml],
    ];
    for (const [name, text] of seeds) {
      cases.push(...mutations(rand, name, strToU8(text), name, { truncations: 20, flips: 25, splices: 10 }));
    }
    for (let i = 0; i < 30; i++) {
      cases.push({
        name: 'soup.txt',
        bytes: strToU8(soup(rand, TXT_PIECES, 1 + Math.floor(rand() * 80))),
        why: `txt soup #${i}`,
      });
      cases.push({
        name: 'soup.md',
        bytes: strToU8(soup(rand, MD_PIECES, 1 + Math.floor(rand() * 120))),
        why: `md soup #${i}`,
      });
      cases.push({
        name: 'soup.html',
        bytes: strToU8(soup(rand, HTML_PIECES, 1 + Math.floor(rand() * 200))),
        why: `html soup #${i}`,
      });
    }
    for (const ext of ['txt', 'md', 'markdown', 'html', 'htm', 'xhtml']) {
      for (let i = 0; i < 6; i++)
        cases.push({ name: `random.${ext}`, bytes: randomBytes(rand, i * 300), why: `random bytes .${ext} #${i}` });
      // Printable ASCII only: valid UTF-8, so the readers proper see it.
      for (let i = 0; i < 4; i++) {
        const b = randomBytes(rand, 50 + i * 500).map((x) => 32 + (x % 95));
        cases.push({ name: `ascii.${ext}`, bytes: b, why: `random printable .${ext} #${i}` });
      }
    }
    assert.ok(cases.length >= 300, `${cases.length} cases`);
    runImports(t, cases);
  },
);

test('fuzz: pathological nesting and sizes in text formats', { timeout: TIMEOUT }, (t) => {
  const deep = 100_000;
  const cases: Case[] = [
    {
      name: 'deep.html',
      bytes: strToU8('<div>'.repeat(deep) + 'text' + '</div>'.repeat(deep)),
      why: 'deeply nested divs',
    },
    { name: 'deep.html', bytes: strToU8('<div>'.repeat(deep) + 'unclosed'), why: 'deeply nested, never closed' },
    {
      name: 'deep.html',
      bytes: strToU8('<div id="chapters" class="userstuff">'.repeat(20_000) + '<p>x</p>'),
      why: 'nested #chapters wrappers',
    },
    {
      name: 'deep.html',
      bytes: strToU8(
        `<div id="preface"><dl class="tags">${'<dd><a>'.repeat(30_000)}</dl></div><div id="chapters"><p>x</p></div>`,
      ),
      why: 'deep dd',
    },
    { name: 'deep.xhtml', bytes: strToU8('<div class="userstuff">'.repeat(30_000) + 'x'), why: 'nested userstuff' },
    { name: 'deep.md', bytes: strToU8('>'.repeat(deep) + ' quote'), why: 'deeply nested quotes' },
    {
      name: 'deep.md',
      bytes: strToU8(
        '  '
          .repeat(20_000)
          .split('')
          .map((_, i) => (i % 2 ? '' : `${' '.repeat(i % 40)}- item\n`))
          .join(''),
      ),
      why: 'nested list items',
    },
    { name: 'deep.md', bytes: strToU8('*'.repeat(200_000)), why: 'emphasis run' },
    { name: 'deep.md', bytes: strToU8('['.repeat(100_000) + ']('.repeat(100_000)), why: 'link brackets' },
    { name: 'deep.md', bytes: strToU8(`---\na${' '.repeat(200_000)}\n---\nx`), why: 'long front matter line' },
    { name: 'long.txt', bytes: strToU8('word '.repeat(2_000_000)), why: 'one 10 MB paragraph' },
    { name: 'long.txt', bytes: strToU8('\n'.repeat(1_000_000) + 'x'), why: 'a million blank lines' },
    { name: 'many.txt', bytes: strToU8('Notes:\n\n'.repeat(100_000)), why: 'label after label' },
    { name: 'big.txt', bytes: new Uint8Array(MAX_IMPORT_FILE_BYTES + 1), why: 'one byte over the limit' },
  ];
  for (const ext of ['txt', 'md', 'html', 'epub'])
    cases.push({ name: `empty.${ext}`, bytes: new Uint8Array(), why: `empty .${ext}` });
  runImports(t, cases);
});
