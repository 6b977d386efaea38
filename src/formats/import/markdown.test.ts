import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PortableWork } from '../portable-work.js';
import { importWork } from './index.js';
import { utf8 } from '../../../test/formats/import-fixtures.js';

const md = (text: string, name = 'fog_bank.md'): PortableWork => importWork(name, utf8(text));

test('front matter fills the metadata', () => {
  const w = md(`---
title: "Fog Bank: A Study"
author: quietharbour, Second Pen
summary: A week of *fog*.
notes: |
  Written quickly.
  Edited slowly.
rating: Teen And Up Audiences
warnings: [No Archive Warnings Apply]
categories: Gen
fandoms:
  - Original Work
  - Harbour Tales
relationships: Keeper/Ferryman
characters: [The Keeper, "The Ferryman"]
tags: Weather, Slice of Life   # free tags
language: Français
published: 2019-05-06
unknown key: ignored
---
The fog came in at noon.
`);
  assert.deepEqual(w, {
    title: 'Fog Bank: A Study',
    creators: ['quietharbour', 'Second Pen'],
    summary: '<p>A week of <em>fog</em>.</p>',
    notes: '<p>Written quickly.\nEdited slowly.</p>',
    endNotes: '',
    language: 'fr',
    rating: 'Teen And Up Audiences',
    warnings: ['No Archive Warnings Apply'],
    categories: ['Gen'],
    fandoms: ['Original Work', 'Harbour Tales'],
    relationships: ['Keeper/Ferryman'],
    characters: ['The Keeper', 'The Ferryman'],
    freeforms: ['Weather', 'Slice of Life'],
    series: [],
    publishedAt: '2019-05-06',
    updatedAt: null,
    expectedChapters: 1, // not stated: complete as it is
    chapters: [{ title: '', summary: '', notes: '', endNotes: '', body: '<p>The fog came in at noon.</p>' }],
  });
});

test('ratings in other spellings map to ours', () => {
  assert.equal(md('---\nrating: explicit\n---\nText here.').rating, 'Explicit');
  assert.equal(md('---\nrating: K+\n---\nText here.').rating, 'General Audiences');
  assert.equal(md('---\nrating: MA\n---\nText here.').rating, 'Explicit');
});

test('a leading # heading is the title and leaves the body', () => {
  const w = md('# The *Fog* Bank\n\nIt rolled in.\n\n# Another h1 stays\n');
  assert.equal(w.title, 'The Fog Bank');
  assert.equal(w.chapters[0]!.body, '<p>It rolled in.</p>\n<h1>Another h1 stays</h1>');
});

test('the front matter title wins; a # heading saying the same is dropped, a different one kept', () => {
  assert.equal(md('---\ntitle: Fog Bank\n---\n# Fog Bank\n\nText.').chapters[0]!.body, '<p>Text.</p>');
  const w = md('---\ntitle: Fog Bank\n---\n# Part One\n\nText.');
  assert.equal(w.title, 'Fog Bank');
  assert.equal(w.chapters[0]!.body, '<h1>Part One</h1>\n<p>Text.</p>');
});

test('two or more ## headings split chapters, their text the chapter title', () => {
  const w = md(
    '# Fog Bank\n\n## Noon\n\nIt rolled in.\n\n## Evening: **Late**\n\nIt rolled out.\n\n### A small heading\n\nStill evening.\n',
  );
  assert.equal(w.title, 'Fog Bank');
  assert.deepEqual(
    w.chapters.map((c) => [c.title, c.body]),
    [
      ['Noon', '<p>It rolled in.</p>'],
      ['Evening: Late', '<p>It rolled out.</p>\n<h3>A small heading</h3>\n<p>Still evening.</p>'],
    ],
  );
});

test('a single ## heading is part of one chapter', () => {
  const w = md('## Noon\n\nIt rolled in.');
  assert.equal(w.chapters.length, 1);
  assert.equal(w.chapters[0]!.title, '');
  assert.equal(w.chapters[0]!.body, '<h2>Noon</h2>\n<p>It rolled in.</p>');
  assert.equal(w.title, 'fog bank');
});

test('text before the first of several ## headings becomes an untitled first chapter', () => {
  const w = md('Before anything.\n\n## One\n\nFirst.\n\n## Two\n\nSecond.');
  assert.deepEqual(
    w.chapters.map((c) => c.title),
    ['', 'One', 'Two'],
  );
  assert.equal(w.chapters[0]!.body, '<p>Before anything.</p>');
});

test('unclosed front matter is just text', () => {
  const w = md('---\ntitle: Nope\nThe fog.');
  assert.equal(w.title, 'fog bank');
  assert.ok(w.chapters[0]!.body.includes('The fog.'));
});

test('.markdown works too; an empty or text-less file is refused', () => {
  assert.equal(importWork('x.MARKDOWN', utf8('Hello *there*')).chapters[0]!.body, '<p>Hello <em>there</em></p>');
  assert.throws(() => md('---\ntitle: Only metadata\n---\n\n'), {
    name: 'ImportError',
    message: 'the file has no text',
  });
  assert.throws(() => md(''), { name: 'ImportError', message: 'the file is empty' });
});

test('deeply nested Markdown is refused or read, never crashes', () => {
  for (const text of [
    '>'.repeat(50_000) + ' deep',
    '- '.repeat(20_000) + 'x',
    '['.repeat(50_000) + 'x' + ']'.repeat(50_000),
  ]) {
    try {
      const w = md(text);
      assert.ok(w.chapters.length >= 1);
    } catch (error) {
      assert.equal((error as Error).name, 'ImportError');
    }
  }
});
