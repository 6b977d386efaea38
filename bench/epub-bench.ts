/**
 * Time to build the EPUB of a 100,000-word work (10 chapters of 10,000 words of generated prose)
 * through the download service, as /works/:id/download.epub does: median of several builds.
 */
import { sqliteTestDb } from '../test/db.js';
import { buildUser, buildWork } from '../test/factories.js';
import { guestViewer } from '../src/policies/index.js';
import { downloadWork } from '../src/services/download-work.js';
import { renderText } from './corpus-vocab.js';
import { percentile, round, timed } from './timing.js';

export async function epubBuildMs(runs = 7): Promise<{ medianMs: number; words: number; bytes: number; runs: number }> {
  const t = await sqliteTestDb();
  try {
    const writer = await buildUser(t.db, { username: 'epub_bench' });
    const chapter = (i: number) => ({ body: renderText(1000 + i, 10_000, 'en', 5000) });
    const workId = await buildWork(t.db, writer, {
      body: chapter(0).body,
      moreChapters: Array.from({ length: 9 }, (_, i) => chapter(i + 1)),
    });
    const words = (
      await t.db.selectFrom('works').select('word_count').where('id', '=', workId).executeTakeFirstOrThrow()
    ).word_count;
    const build = async () => {
      const r = await downloadWork(t.db, guestViewer(), workId, 'epub', {
        proceedAdult: true,
        archiveName: 'Quire',
        siteUrl: 'http://localhost',
      });
      if (r.kind !== 'file') throw new Error(`EPUB download: ${r.kind}`);
      return r.file.bytes.length;
    };
    const bytes = await build(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push((await timed(build)).ms);
    return { medianMs: round(percentile(ms, 0.5), 1), words, bytes, runs };
  } finally {
    await t.close();
  }
}
