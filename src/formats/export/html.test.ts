import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { exportHtml } from './html.js';
import { chapter, sampleContext, sampleWork, sampleWorks } from '../../../test/formats/sample-works.js';
import type { PortableWork } from '../portable-work.js';

type Doc = ReturnType<typeof parseDocument>;
type El = NonNullable<ReturnType<typeof DomUtils.findOne>>;

const render = (work: PortableWork, over = {}): { html: string; doc: Doc } => {
  const html = exportHtml(work, sampleContext(work, 3, over));
  return { html, doc: parseDocument(html) };
};
const find = (root: Doc | El, test: (e: El) => boolean): El[] => DomUtils.findAll(test, root.children);
const one = (root: Doc | El, test: (e: El) => boolean): El => {
  const found = find(root, test);
  assert.ok(found[0], 'element not found');
  return found[0];
};
const byId = (root: Doc | El, id: string): El => one(root, (e) => e.attribs.id === id);
const text = (e: El): string => DomUtils.textContent(e).replace(/\s+/g, ' ').trim();
/** Element children only. */
const elements = (e: El): El[] => e.children.filter((c) => DomUtils.isTag(c));
const hasClass = (e: El, c: string): boolean => (e.attribs.class ?? '').split(' ').includes(c);
/** The preface's definition list as [label, value] pairs. */
const rows = (doc: Doc): Array<[string, string]> => {
  const dl = one(byId(doc, 'preface'), (e) => e.name === 'dl');
  const kids = elements(dl);
  const out: Array<[string, string]> = [];
  for (let k = 0; k + 1 < kids.length; k += 2) out.push([text(kids[k]!), text(kids[k + 1]!)]);
  return out;
};

test('one self-contained document: title, language, inline style, no external resources', () => {
  const { html, doc } = render(sampleWork({ creators: ['wren', 'tern'], fandoms: ['Original Work', 'Harbour Tales'] }));
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.equal(
    text(one(doc, (e) => e.name === 'title')),
    'A Quiet Harbour - wren, tern - Original Work, Harbour Tales',
  );
  assert.equal(find(doc, (e) => e.name === 'style').length, 1);
  assert.equal(find(doc, (e) => ['link', 'script', 'iframe'].includes(e.name)).length, 0);
  assert.deepEqual(
    find(doc, (e) => e.parent !== null && DomUtils.isTag(e.parent) && e.parent.name === 'body').map(
      (e) => e.attribs.id,
    ),
    ['preface', 'chapters', 'afterword'],
  );
});

test('the preface lists rating first, warnings right after it, then the other tags, language, series and stats', () => {
  const many = sampleWorks().find((s) => s.name === 'many tags')!.work;
  const { doc } = render({
    ...many,
    series: [
      { title: 'Harbour Days', position: 2 },
      { title: 'Sketches', position: 5 },
    ],
  });
  assert.deepEqual(
    rows(doc).map(([label]) => label),
    [
      'Rating:',
      'Archive Warnings:',
      'Categories:',
      'Fandoms:',
      'Relationships:',
      'Characters:',
      'Additional Tags:',
      'Language:',
      'Series:',
      'Stats:',
    ],
  );
  const values = Object.fromEntries(rows(doc));
  assert.equal(values['Rating:'], 'Mature');
  assert.equal(values['Archive Warnings:'], 'Choose Not To Use Archive Warnings, Major Character Death');
  assert.equal(values['Language:'], 'English');
  assert.equal(values['Series:'], 'Part 2 of Harbour Days Part 5 of Sketches');
  const series = one(byId(doc, 'preface'), (e) => e.name === 'dd' && text(e).startsWith('Part 2'));
  assert.equal(find(series, (e) => e.name === 'br').length, 1);
  const rating = one(byId(doc, 'preface'), (e) => e.name === 'a' && text(e) === 'Mature');
  assert.equal(rating.attribs.href, 'https://quire.example/tags/Mature/works');
});

test('labels are singular for one tag, plural for several', () => {
  const { doc } = render(sampleWork({ warnings: ['No Archive Warnings Apply'], categories: ['Gen', 'F/F'] }));
  const labels = rows(doc).map(([label]) => label);
  assert.ok(labels.includes('Archive Warning:') && labels.includes('Categories:') && labels.includes('Fandom:'));
});

test('stats: published, updated or completed, words with separators, chapters', () => {
  const three = sampleWork({
    chapters: [chapter(), chapter(), chapter()],
    expectedChapters: null,
    publishedAt: '2015-01-01T10:00:00Z',
    updatedAt: '2015-02-01',
  });
  const stats = (doc: Doc): string => Object.fromEntries(rows(doc))['Stats:'] ?? '';
  assert.equal(
    stats(render(three, { wordCount: 12345, chapterFraction: '3/?', completed: false }).doc),
    'Published: 2015-01-01 Updated: 2015-02-01 Words: 12,345 Chapters: 3/?',
  );
  assert.equal(
    stats(render(three, { wordCount: 1234567, chapterFraction: '3/3', completed: true }).doc),
    'Published: 2015-01-01 Completed: 2015-02-01 Words: 1,234,567 Chapters: 3/3',
  );
  const sameDay = sampleWork({ publishedAt: '2015-01-01', updatedAt: '2015-01-01T20:00:00Z' });
  assert.equal(stats(render(sameDay, { wordCount: 999 }).doc), 'Published: 2015-01-01 Words: 999 Chapters: 1/1');
});

test('title, byline, summary and notes follow the tag list', () => {
  const { doc } = render(sampleWork({ creators: ['wren', 'tern'] }));
  const meta = one(byId(doc, 'preface'), (e) => hasClass(e, 'meta'));
  const kids = elements(meta);
  assert.deepEqual(
    kids.map((k) => k.name),
    ['dl', 'h1', 'div', 'p', 'blockquote', 'p', 'blockquote'],
  );
  assert.equal(text(kids[1]!), 'A Quiet Harbour');
  assert.equal(text(kids[2]!), 'by wren, tern');
  assert.deepEqual(
    find(kids[2]!, (e) => e.name === 'a').map((a) => a.attribs.rel),
    ['author', 'author'],
  );
  assert.deepEqual(
    [text(kids[3]!), text(kids[4]!), text(kids[5]!), text(kids[6]!)],
    ['Summary', 'Gulls, a lamp, a long afternoon.', 'Notes', 'Written for a friend who likes boats.'],
  );
  const message = one(byId(doc, 'preface'), (e) => hasClass(e, 'message'));
  assert.equal(
    text(message),
    'A Quiet Harbour Posted originally on the Quire Test Archive at https://quire.example/works/3.',
  );
});

test('empty optional parts are left out', () => {
  const bare = sampleWorks().find((s) => s.name === 'everything optional empty')!.work;
  const { html, doc } = render(bare);
  assert.deepEqual(
    rows(doc).map(([label]) => label),
    ['Language:', 'Stats:'],
  );
  assert.equal(Object.fromEntries(rows(doc))['Stats:'], 'Words: 2 Chapters: 1/?');
  assert.equal(find(doc, (e) => hasClass(e, 'byline')).length, 0);
  assert.doesNotMatch(html, /<p>(Summary|Notes|End Notes|Chapter Notes)<\/p>/);
  assert.equal(text(one(byId(doc, 'afterword'), (e) => hasClass(e, 'meta'))), '');
});

test('a one-chapter work has no chapter heading block', () => {
  const { doc } = render(sampleWork());
  const chapters = byId(doc, 'chapters');
  assert.ok(hasClass(chapters, 'userstuff'));
  const kids = elements(chapters);
  assert.deepEqual(
    kids.map((k) => k.attribs.class),
    ['userstuff'],
  );
  assert.equal(find(chapters, (e) => e.name === 'h2').length, 0);
});

test('chapters: "Chapter N: Title" headings, their summary, notes, body and end notes in order', () => {
  const work = sampleWork({
    chapters: [
      chapter({ title: 'Fog', summary: 'S1', notes: 'N1', endNotes: 'E1', body: 'Body one.' }),
      chapter({ body: 'Body two.' }),
    ],
    expectedChapters: 2,
  });
  const { doc } = render(work);
  const kids = elements(byId(doc, 'chapters'));
  assert.deepEqual(
    kids.map((k) => [k.attribs.class, text(k)]),
    [
      ['meta group', 'Chapter 1: Fog Chapter Summary S1 Chapter Notes N1'],
      ['userstuff', 'Body one.'],
      ['meta group', 'Chapter End Notes E1'],
      ['meta group', 'Chapter 2'],
      ['userstuff', 'Body two.'],
    ],
  );
  assert.ok(
    hasClass(
      one(kids[0]!, (e) => e.name === 'h2'),
      'heading',
    ),
  );
});

test('a lone chapter with its own title or notes keeps its heading block', () => {
  const { doc } = render(sampleWork({ chapters: [chapter({ title: 'The Only One', notes: 'A note.' })] }));
  assert.equal(text(one(byId(doc, 'chapters'), (e) => e.name === 'h2')), 'Chapter 1: The Only One');
});

test('the afterword has the end notes and the invitation to comment', () => {
  const { doc } = render(sampleWork());
  const afterword = byId(doc, 'afterword');
  assert.equal(text(one(afterword, (e) => hasClass(e, 'meta'))), 'End Notes Thank you for reading.');
  const invitation = one(byId(afterword, 'works'), (e) => hasClass(e, 'message'));
  assert.equal(
    text(invitation),
    'Please drop by the archive and comment to let the creator know if you enjoyed their work!',
  );
  assert.equal(one(invitation, (e) => e.name === 'a').attribs.href, 'https://quire.example/works/3');
});

test('the writer’s HTML goes in exactly as stored', () => {
  const work = sampleWorks().find((s) => s.name === 'every element and attribute')!.work;
  const { html } = render(work);
  assert.ok(html.includes(work.chapters[0]!.body));
  assert.ok(html.includes(work.summary));
});

test('language by name; right-to-left languages set dir="rtl" on the root', () => {
  assert.equal(Object.fromEntries(rows(render(sampleWork({ language: 'zh' })).doc))['Language:'], '中文');
  for (const language of ['ar', 'he']) {
    const { html } = render(sampleWork({ language }));
    assert.match(html, new RegExp(`<html lang="${language}" dir="rtl">`));
  }
  assert.match(render(sampleWork({ language: 'ja' })).html, /<html lang="ja">/);
});

test('markup characters in titles, names and tags are escaped', () => {
  const tricky = sampleWorks().find((s) => s.name === 'markup characters in titles')!.work;
  const { html, doc } = render(tricky);
  assert.equal(text(one(doc, (e) => e.name === 'h1')), `Tom & Jerry's <Big> "Day" Out`);
  assert.equal(text(one(doc, (e) => hasClass(e, 'byline'))), 'by A&B, <admin>, quote"d');
  assert.equal(text(one(doc, (e) => e.name === 'h2')), `Chapter 1: Fish & <Chips> "0" 'n' more`);
  assert.doesNotMatch(html, /<Big>|<admin>|<Chips>/);
});
