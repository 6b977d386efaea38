import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { eachDialect, sqliteTestDb } from '../../test/db.js';
import { buildUser, buildWork, neutralProse } from '../../test/factories.js';
import { LIMITS } from '../domain/limits.js';
import { textToHtml } from '../domain/safe-html.js';
import { postWork } from './post-work.js';
import { addChapter, editChapter } from './chapters.js';
import { workTextLength } from '../store/chapter.store.js';

const meta = {
  title: 'Limits',
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: ['Original Work'],
};
const count = async (db: Kysely<DB>, table: 'works' | 'chapters') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** Plain prose of exactly `n` characters (stored as it is, in <p> lines, a little longer). */
const prose = (n: number) =>
  neutralProse(Math.ceil(n / 100))
    .slice(0, n)
    .trim();

eachDialect(
  'a chapter nested deeper than the limit is refused with a message, and nothing is stored',
  async ({ db }) => {
    const writer = await buildUser(db);
    const body = '<b>'.repeat(70_000) + '</b>'.repeat(70_000);
    const r = await postWork(db, writer.viewer(), { meta, chapter: { body }, draft: false });
    assert.ok(!r.ok);
    assert.equal(r.status, 400);
    assert.match(r.errors.body!, /nests HTML elements more than 100 deep/);
    assert.equal(await count(db, 'works'), 0);

    const id = await buildWork(db, writer);
    const add = await addChapter(db, writer.viewer(), id, { body: '<div>'.repeat(99_000) });
    assert.ok(!add.ok);
    assert.match(add.errors.body!, /more than 100 deep/);
    assert.equal(await count(db, 'chapters'), 1);
  },
);

eachDialect('a work of more chapters than the limit is refused before its chapters are read', async ({ db }) => {
  const writer = await buildUser(db);
  // Every chapter is one that validation would refuse: the count is checked first.
  const moreChapters = Array.from({ length: LIMITS.chaptersMax }, () => ({ body: '<b>'.repeat(70_000) }));
  const r = await postWork(db, writer.viewer(), { meta, chapter: { body: prose(50) }, moreChapters, draft: true });
  assert.ok(!r.ok);
  assert.equal(r.status, 413);
  assert.match(r.errors.body!, /at most 5,000 chapters \(this one would have 5,001\)/);
  assert.equal(await count(db, 'works'), 0);
});

test(
  'a work past the total size limit is refused: posted whole, grown by a chapter or by an edit; it may still shrink',
  { timeout: 300_000 },
  async () => {
    const t = await sqliteTestDb();
    try {
      const { db } = t;
      const writer = await buildUser(db);
      const chapter = prose(450_000);
      const tooBig = await postWork(db, writer.viewer(), {
        meta,
        chapter: { body: chapter },
        moreChapters: Array.from({ length: 18 }, () => ({ body: chapter })),
        draft: true,
      });
      assert.ok(!tooBig.ok);
      assert.equal(tooBig.status, 413);
      // Refused once the chapters sanitized so far pass the limit; the rest are not read.
      assert.match(
        tooBig.errors.body!,
        /at most 8,000,000 characters of chapter text \(this one would hold at least [\d,]+\)/,
      );
      assert.equal(await count(db, 'works'), 0);

      // Just under the limit: as many whole chapters as fit, and one that fills most of what is left.
      const whole = Math.floor(LIMITS.workCharsMax / textToHtml(chapter).length);
      const id = await buildWork(db, writer, {
        body: chapter,
        moreChapters: Array.from({ length: whole - 1 }, () => ({ body: chapter })),
      });
      const room = LIMITS.workCharsMax - (await workTextLength(db, id));
      assert.ok((await addChapter(db, writer.viewer(), id, { body: prose(Math.floor(room * 0.9)) })).ok);
      const before = await workTextLength(db, id);
      const chapters = await count(db, 'chapters');
      assert.ok(before <= LIMITS.workCharsMax);

      const over = LIMITS.workCharsMax - before + 10_000;
      const add = await addChapter(db, writer.viewer(), id, { body: prose(over) });
      assert.ok(!add.ok);
      assert.equal(add.status, 413);
      assert.match(add.errors.body!, /at most 8,000,000 characters/);
      const grow = await editChapter(db, writer.viewer(), id, chapters, { body: prose(Math.floor(room * 0.9) + over) });
      assert.ok(!grow.ok);
      assert.equal(grow.status, 413);
      assert.equal(await workTextLength(db, id), before, 'nothing changed');
      assert.equal(await count(db, 'chapters'), chapters);

      assert.ok(
        (await editChapter(db, writer.viewer(), id, 1, { body: prose(1_000) })).ok,
        'a shorter chapter is fine',
      );
    } finally {
      await t.close();
    }
  },
);

test('a work at the chapter limit takes no further chapter', { timeout: 300_000 }, async () => {
  const t = await sqliteTestDb();
  try {
    const { db } = t;
    const writer = await buildUser(db);
    const moreChapters = Array.from({ length: LIMITS.chaptersMax - 1 }, (_, i) => ({
      body: `Chapter ${i + 2}: the tide.`,
    }));
    const id = await buildWork(db, writer, { moreChapters, draft: true });
    const r = await addChapter(db, writer.viewer(), id, { body: 'One chapter too many.' });
    assert.ok(!r.ok);
    assert.equal(r.status, 413);
    assert.match(r.errors.body!, /at most 5,000 chapters \(this one would have 5,001\)/);
    assert.equal(await count(db, 'chapters'), LIMITS.chaptersMax);
  } finally {
    await t.close();
  }
});
