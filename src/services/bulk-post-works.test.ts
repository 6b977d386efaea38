/**
 * bulkPostWorks must store what postWork stores for the same inputs, one after another: the same
 * rows (works, tags, creators, chapters, series, full-text entries), the same refusals with the same
 * messages, and one work_changes row per posted work.
 */
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { eachDialect, testDb, type TestDb } from '../../test/db.js';
import { buildUser, neutralProse, type TestUser } from '../../test/factories.js';
import { countRows, postedSnapshot, workRow } from '../../test/inspect.js';
import { postWork, type PostWorkInput } from './post-work.js';
import { addPseud } from './add-pseud.js';
import { bulkPostWorks, type BulkPostResult } from './bulk-post-works.js';

interface Setup {
  users: TestUser[];
  extraPseud: number;
}

/** The same accounts, an extra pseud and one earlier import in each database. */
async function setUp(db: Kysely<DB>): Promise<Setup> {
  const users = [
    await buildUser(db, { username: 'harbour_keeper' }),
    await buildUser(db, { username: 'gull_counter' }),
    await buildUser(db, { username: 'lamp_lighter' }),
  ];
  const p = await addPseud(db, users[0]!.viewer(), { name: 'Keeper of Lamps' });
  assert.ok(p.ok);
  const earlier = await postWork(db, users[2]!.viewer(), {
    meta: meta('Imported Before'),
    chapter: { body: neutralProse(1) },
    draft: false,
    publishedAt: '2020-01-01T00:00:00.000Z',
    importKey: 'key-before',
  });
  assert.ok(earlier.ok);
  return { users, extraPseud: p.value.pseudId };
}

const meta = (title: string, over: PostWorkInput['meta'] = {}): PostWorkInput['meta'] => ({
  title,
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: ['Original Work'],
  summary: 'Gulls, a lamp, a long afternoon.',
  ...over,
});

/** A batch that touches every path: markup, drafts, co-creators, refusals, import keys, series, crossovers. */
function batch(s: Setup): Array<{ by: number; input: PostWorkInput }> {
  const at = (i: number) => `2021-0${1 + (i % 9)}-1${i % 10}T08:00:00.000Z`;
  const posted = (title: string, over: PostWorkInput['meta'] = {}, i = 0): PostWorkInput => ({
    meta: meta(title, over),
    chapter: { body: neutralProse(2) },
    draft: false,
    publishedAt: at(i),
  });
  return [
    {
      by: 0,
      input: {
        meta: meta('Markup', { summary: 'Some <b>bold</b> & <script>x</script>', notes: 'Note\none' }),
        chapter: { title: 'One', body: '<p>Hello <i>there</i></p><p>again</p>' },
        moreChapters: [{ title: 'Two', body: 'Plain\n\nprose  here.', endNotes: 'end' }],
        draft: false,
        publishedAt: at(1),
      },
    },
    {
      by: 1,
      input: posted('Prose', { freeforms: ['Fluff', 'lighthouse', 'Slow Burn'], relationships: ['Keeper/Gull'] }, 2),
    },
    {
      by: 1,
      input: { meta: meta('A Draft', { freeforms: ['fluff'] }), chapter: { body: neutralProse(1) }, draft: true },
    },
    { by: 0, input: posted('Together', { coCreators: ['gull_counter', 'Keeper of Lamps (harbour_keeper)'] }, 3) },
    { by: 0, input: { ...posted('Under Another Name', {}, 4), pseudIds: [s.extraPseud] } },
    { by: 2, input: { ...posted('Not Mine', {}, 5), pseudIds: [s.extraPseud] } },
    { by: 1, input: posted('Nobody Known', { coCreators: ['no_such_writer'] }, 6) },
    { by: 1, input: posted('No Fandom', { fandoms: [] }, 7) },
    { by: 2, input: posted('Conflicting', { fandoms: ['Unseen Fandom'], characters: ['Lighthouse'] }, 8) },
    { by: 2, input: posted('Rating As Tag', { freeforms: ['General Audiences'] }, 9) },
    { by: 2, input: { ...posted('Imported Again', {}, 10), importKey: 'key-before' } },
    { by: 2, input: { ...posted('Imported Once', {}, 11), importKey: 'key-new' } },
    { by: 2, input: { ...posted('Imported Twice', {}, 12), importKey: 'key-new' } },
    { by: 0, input: posted('Series One', { series: ['Harbour Stories'] }, 13) },
    { by: 0, input: posted('Series Two', { series: [{ title: 'harbour stories', position: 1 }] }, 14) },
    { by: 1, input: posted('Crossing', { fandoms: ['Fandom North', 'Fandom South'], characters: ['Keeper'] }, 15) },
    { by: 1, input: posted('Too Many Chapters', { expectedChapters: 1 }, 16) },
  ];
}

/** A result with the work named by title, comparable across databases. */
async function described(db: Kysely<DB>, r: BulkPostResult) {
  if (!r.ok) return r;
  return { ok: true, title: (await workRow(db, r.value.workId)).title, existing: r.value.existing };
}

eachDialect(
  'bulkPostWorks stores what postWork stores for the same inputs, refusals and work_changes included',
  async (one) => {
    const other: TestDb = await testDb(one.dialect);
    try {
      const [a, b] = [one.db, other.db];
      const sa = await setUp(a);
      const sb = await setUp(b);
      const changesBefore = await countRows(b, 'work_changes');

      const one1 = [];
      for (const item of batch(sa))
        one1.push(await described(a, await postWork(a, sa.users[item.by]!.viewer(), item.input)));
      // Batches of 5: refusals, import keys and new tags fall both within and across batches.
      const bulk = await bulkPostWorks(
        b,
        batch(sb).map((item) => ({ viewer: sb.users[item.by]!.viewer(), input: item.input })),
        { batchSize: 5 },
      );
      const many = [];
      for (const r of bulk) many.push(await described(b, r));
      assert.deepEqual(many, one1);
      assert.ok(one1.filter((r) => !r.ok).length >= 5, 'the batch has refusals');
      assert.deepEqual(
        many.filter((r) => 'existing' in r && r.existing).map((r) => 'title' in r && r.title),
        ['Imported Before', 'Imported Once'],
      );

      const x = await postedSnapshot(a);
      const y = await postedSnapshot(b);
      for (const key of Object.keys(x) as Array<keyof typeof x>)
        assert.deepEqual(y[key], x[key], `${key} differ between postWork and bulkPostWorks`);
      assert.ok(
        x.works.some((w) => w.crossover === 1) &&
          x.series.length === 2 &&
          !x.tags.some((t) => t.name === 'Unseen Fandom'),
      );

      const posted = many.filter((r) => 'existing' in r && !r.existing).length;
      assert.equal(await countRows(b, 'work_changes'), changesBefore + posted, 'one change per posted work');
      assert.equal(await countRows(b, 'work_changes'), await countRows(a, 'work_changes'));
    } finally {
      await other.close();
    }
  },
);
