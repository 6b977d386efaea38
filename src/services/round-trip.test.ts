// A work downloaded as EPUB or HTML and imported back is the same work: text, metadata, word count.
// Remote images are the one exception, by design: an EPUB may not load them, so it shows their alt
// text, and importing it back leaves an empty span where the image was (no words gained or lost).
import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { postWork } from './post-work.js';
import { downloadWork } from './download-work.js';
import { importWork } from './import-work.js';
import { importWork as readWorkFile } from '../formats/import/index.js';
import { loadWork } from '../store/work.store.js';
import { listChapters } from '../store/chapter.store.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

const RICH = `<p>The lamp <em>turned</em> and the&nbsp;keeper — tired — wrote “calm” in the log.</p>
<p>Second paragraph with a <a href="https://example.org/tides">link</a>, <strong>bold</strong>, <s>struck</s>, x<sup>2</sup> and H<sub>2</sub>O.</p>
<blockquote><p>A quoted line.</p></blockquote>
<ul><li>rope</li><li>oil &amp; wick</li></ul>
<table><tr><th>Tide</th><td>High</td></tr></table>
<p>An image: <img src="https://example.org/gull.png" alt="a gull on the rail" /> and <a name="mark"></a>an anchor, <a href="#mark">linked</a>.</p>
<hr /><p>灯塔の灯りが回る。 النور يدور. Last line &lt;not a tag&gt;.</p>`;

async function snapshot(db: Kysely<DB>, id: number) {
  const w = (await loadWork(db, id))!;
  const chapters = await listChapters(db, id);
  return {
    title: w.title,
    summary: w.summary,
    notes: w.notes,
    endNotes: w.endNotes,
    language: w.language,
    tags: w.tags,
    series: w.series.map((s) => [s.title, s.position]),
    expectedChapters: w.expectedChapters,
    wordCount: w.wordCount,
    publishedAt: w.publishedAt?.slice(0, 10),
    chapters: chapters.map((c) => ({
      title: c.title,
      summary: c.summary,
      notes: c.notes,
      endNotes: c.endNotes,
      body: c.body,
      wordCount: c.wordCount,
    })),
  };
}

for (const format of ['epub', 'html'] as const) {
  eachDialect(
    `a work exported as ${format.toUpperCase()} and imported back has the same text, metadata and word count`,
    async ({ db }) => {
      const writer = await buildUser(db);
      const posted = await postWork(db, writer.viewer(), {
        meta: {
          title: 'Keeper & Gull: “A Log”',
          summary: 'A <em>keeper</em>, a gull, a long afternoon.',
          notes: 'For the harbour prompt.',
          endNotes: 'Thank you for reading.',
          language: 'en',
          rating: 'Mature',
          warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
          categories: ['Gen', 'F/M'],
          fandoms: ['Original Work', 'Lighthouse Keepers RPF'],
          relationships: ['Keeper/Gull'],
          characters: ['The Keeper', 'The Gull'],
          freeforms: ['Storms', 'Slow Burn'],
          series: ['Coastal Records'],
          expectedChapters: '?',
        },
        chapter: { title: 'First Watch', summary: 'Dusk.', notes: 'Short one.', endNotes: 'More soon.', body: RICH },
        moreChapters: [
          { title: '', body: 'The second chapter has no title.\n\nIt has two paragraphs.' },
          { title: 'Third', body: '<p>Three.</p>' },
        ],
        draft: false,
      });
      assert.ok(posted.ok);
      const original = await snapshot(db, posted.value.workId);
      const r = await downloadWork(db, writer.viewer(), posted.value.workId, format, {
        proceedAdult: true,
        archiveName: 'Quire',
        siteUrl: 'http://quire.test/',
      });
      assert.equal(r.kind, 'file');
      if (r.kind !== 'file') return;

      const file = readWorkFile(r.file.fileName, r.file.bytes);
      const other = await buildUser(db);
      const back = await importWork(db, other.viewer(), file, {}, `round-trip-${format}`);
      assert.ok(back.ok, JSON.stringify(!back.ok && back.errors));
      const imported = await snapshot(db, back.value.workId);
      const expected = structuredClone(original);
      if (format === 'epub')
        for (const c of expected.chapters) c.body = c.body.replace(/<img [^>]*>/g, '<span></span>');
      assert.ok(original.chapters[0]!.body.includes('<img '), 'the work has an image to lose');
      assert.deepEqual(imported, expected);
    },
  );
}
