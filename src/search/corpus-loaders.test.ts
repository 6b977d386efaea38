/**
 * The benchmark's bulk loader (bench/corpus-load.ts, posting through src/services/bulk-post-works.ts)
 * must build the database the services build: same rows where queries look, same derived columns
 * (sort keys, crossover flags, word counts), same full-text documents, a work_changes row per work —
 * and so the same works-query answers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { DIALECTS, testDb, type TestDb } from '../../test/db.js';
import { isPostgres } from '../store/dialect.js';
import { guestViewer, type Viewer } from '../policies/index.js';
import { queryWorks, type WorksQuery } from './works-query.js';
import {
  generateCorpus,
  loadCorpusBulk,
  loadCorpusViaServices,
  viewerOf,
  type LoadedCorpus,
} from '../../bench/corpus.js';
import { randomQueries } from '../../bench/corpus-queries.js';
import { createSearchState } from './search-state.js';

/** What queries read, by title (ids need not match); drafts' dates are "now" in the services. */
async function snapshot(db: Kysely<DB>) {
  const works = await db
    .selectFrom('works')
    .select([
      'title',
      'summary',
      'notes',
      'language',
      'restricted',
      'expected_chapters',
      'posted',
      'published_at',
      'word_count',
      'chapter_count',
      'sort_title',
      'sort_creator',
      'crossover',
    ])
    .select((eb) => eb.case().when('posted', '=', 1).then(eb.ref('updated_at')).else('').end().as('updated'))
    .orderBy('title')
    .execute();
  const tags = await db
    .selectFrom('tags as t')
    .leftJoin('tags as m', 'm.id', 't.merger_id')
    .select(['t.name', 't.name_key', 't.type', 't.canonical', 'm.name as merger'])
    .orderBy('t.name_key')
    .execute();
  const meta = await db
    .selectFrom('tag_meta')
    .innerJoin('tags as a', 'a.id', 'meta_id')
    .innerJoin('tags as b', 'b.id', 'sub_id')
    .select(['a.name_key as meta', 'b.name_key as sub'])
    .orderBy('a.name_key')
    .orderBy('b.name_key')
    .execute();
  const workTags = await db
    .selectFrom('work_tags')
    .innerJoin('works', 'works.id', 'work_id')
    .innerJoin('tags', 'tags.id', 'tag_id')
    .select(['works.title', 'position', 'tags.name'])
    .orderBy('works.title')
    .orderBy('position')
    .execute();
  const creators = await db
    .selectFrom('creatorships')
    .innerJoin('works', 'works.id', 'work_id')
    .innerJoin('pseuds', 'pseuds.id', 'pseud_id')
    .select(['works.title', 'position', 'pseuds.name'])
    .orderBy('works.title')
    .orderBy('position')
    .execute();
  const chapters = await db
    .selectFrom('chapters')
    .innerJoin('works', 'works.id', 'work_id')
    .select(['works.title', 'position', 'chapters.title as chapter', 'body', 'chapters.word_count'])
    .orderBy('works.title')
    .orderBy('position')
    .execute();
  const text = await db
    .selectFrom('work_text')
    .innerJoin('works', 'works.id', 'work_id')
    .select(['works.title', 'text'])
    .orderBy('works.title')
    .execute();
  const docs = isPostgres(db)
    ? (
        await sql<{
          title: string;
          doc: string;
        }>`select w.title, s.tsv::text as doc from work_search s join works w on w.id = s.work_id order by w.title`.execute(
          db,
        )
      ).rows
    : (
        await sql<{
          title: string;
          doc: string;
        }>`select w.title, s.doc from work_search s join works w on w.id = s.rowid order by w.title`.execute(db)
      ).rows;
  const changes = Number(
    (
      await db
        .selectFrom('work_changes')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { works, tags, meta, workTags, creators, chapters, text, docs, changes };
}

async function titles(db: Kysely<DB>, viewer: Viewer, q: WorksQuery) {
  const search = createSearchState(db);
  const r = await queryWorks(search, viewer, q);
  return { total: r.total, titles: r.works.map((w) => w.title), messages: r.messages };
}

for (const dialect of DIALECTS)
  test(`the bulk loader builds what the services build: same rows, same index, same query answers [${dialect}]`, async () => {
    const spec = generateCorpus({ seed: 42, works: 120, users: 4 });
    const dbs: TestDb[] = [];
    try {
      dbs.push(await testDb(dialect));
      dbs.push(await testDb(dialect));
      const [viaServices, bulk] = dbs as [TestDb, TestDb];
      const loaded: LoadedCorpus[] = [
        await loadCorpusViaServices(viaServices.db, spec),
        await loadCorpusBulk(bulk.db, spec),
      ];

      // Every posted work logs one change in both loads; the services' wrangling logs more of its own.
      const { changes: servicesChanges, ...a } = await snapshot(viaServices.db);
      const { changes: bulkChanges, ...b } = await snapshot(bulk.db);
      for (const key of Object.keys(a) as Array<keyof typeof a>)
        assert.deepEqual(b[key], a[key], `${key} differ between the services and the bulk load`);
      assert.equal(bulkChanges, spec.works.length, 'one work_changes row per bulk-posted work');
      assert.ok(servicesChanges >= spec.works.length, `${servicesChanges} work_changes rows after the services load`);
      assert.ok(
        a.works.some((w) => w.crossover === 1),
        'the corpus has crossovers',
      );
      assert.ok(
        a.works.some((w) => w.language === 'zh') && a.tags.some((t) => t.merger !== null),
        'the corpus has Chinese works and synonyms',
      );

      const queries: WorksQuery[] = [
        {},
        { page: 2 },
        { sort: 'title' },
        { include: ['Fluff'] },
        { include: ['Angst'], sort: 'words' },
        { crossover: 'only' },
        ...randomQueries(spec, 11, 12),
      ];
      let nonEmpty = 0;
      for (const [i, q] of queries.entries()) {
        for (const viewer of [() => guestViewer(), (l: LoadedCorpus) => viewerOf(l.users[0]!)]) {
          const x = await titles(viaServices.db, viewer(loaded[0]!), q);
          const y = await titles(bulk.db, viewer(loaded[1]!), q);
          assert.deepEqual(y, x, `query #${i}: ${JSON.stringify(q)}`);
          if (x.titles.length > 0) nonEmpty++;
        }
      }
      assert.ok(nonEmpty >= 20, `only ${nonEmpty} non-empty answers`);
    } finally {
      for (const t of dbs) await t.close();
    }
  });
