import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countWords } from '../../domain/word-count.js';
import { importWork } from '../import/index.js';
import type { PortableWork } from '../portable-work.js';
import { exportEpub } from './epub.js';
import { exportHtml } from './html.js';
import { sampleWorks } from '../../../test/formats/sample-works.js';

/*
 * The download layout is a contract with src/formats/import: importing an
 * HTML or EPUB download gives the work back — its metadata, its chapters and
 * their word counts. (An EPUB shows an image's alt text in its place; the
 * importer drops that placeholder again, so the words match either way.)
 */

const metadata = (w: PortableWork): unknown => ({
  title: w.title,
  creators: w.creators,
  language: w.language,
  rating: w.rating,
  warnings: w.warnings,
  categories: w.categories,
  fandoms: w.fandoms,
  relationships: w.relationships,
  characters: w.characters,
  freeforms: w.freeforms,
  series: w.series,
  publishedAt: w.publishedAt?.slice(0, 10) ?? null,
  expectedChapters: w.expectedChapters,
  chapterTitles: w.chapters.map((c) => c.title),
});

for (const { name, work, ctx } of sampleWorks()) {
  test(`import(export(work)) gives the work back: ${name}`, () => {
    const fromHtml = importWork('work.html', new TextEncoder().encode(exportHtml(work, ctx)));
    const fromEpub = importWork('work.epub', exportEpub(work, ctx));
    for (const [format, back] of [
      ['html', fromHtml],
      ['epub', fromEpub],
    ] as const) {
      assert.deepEqual(metadata(back), metadata(work), `${format}: metadata`);
      work.chapters.forEach((chapter, k) => {
        assert.equal(
          countWords(back.chapters[k]?.body ?? ''),
          countWords(chapter.body),
          `${format}: words of chapter ${k + 1}`,
        );
      });
      assert.equal(countWords(back.summary), countWords(work.summary), `${format}: summary`);
    }
  });
}
