import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { guestViewer } from '../policies/index.js';
import { bookmarkTagNames, findBookmark } from '../store/bookmark.store.js';
import { LIMITS } from '../domain/limits.js';
import { bookmarkIds, countRows, tagTypeOf, workRow } from '../../test/inspect.js';
import { bookmarkWork, deleteBookmark } from './bookmarks.js';

eachDialect('bookmarks: made once per member and work, edited after, counted while public', async ({ db }) => {
  const writer = await buildUser(db);
  const reader = await buildUser(db);
  const workId = await buildWork(db, writer);
  const countOf = async () => Number((await workRow(db, workId)).bookmarks_count);

  const first = await bookmarkWork(db, reader.viewer(), workId, {
    notes: '<p>Quiet and <em>kind</em>.</p><script>alert(1)</script>',
    tags: 'comfort read, Original Work,  comfort read ',
    rec: true,
  });
  assert.ok(first.ok);
  assert.equal(first.value.created, true);
  const b = (await findBookmark(db, first.value.bookmarkId))!;
  assert.equal(b.notes, '<p>Quiet and <em>kind</em>.</p>');
  assert.deepEqual([b.rec, b.private], [true, false]);
  // Tags of any type are reused (the fandom), new ones made; repeated names count once.
  assert.deepEqual(await bookmarkTagNames(db, b.id), ['comfort read', 'Original Work']);
  assert.equal(await tagTypeOf(db, 'Original Work'), 'fandom');
  assert.equal(await countOf(), 1);

  // Bookmarking again edits the same bookmark; made private, it no longer counts.
  const again = await bookmarkWork(db, reader.viewer(), workId, { tags: 'reread', private: true });
  assert.ok(again.ok);
  assert.deepEqual([again.value.bookmarkId, again.value.created], [b.id, false]);
  const edited = (await findBookmark(db, b.id))!;
  assert.deepEqual([edited.notes, edited.rec, edited.private], ['', false, true]);
  assert.deepEqual(await bookmarkTagNames(db, b.id), ['reread']);
  assert.equal(await countOf(), 0);
  assert.equal(await countRows(db, 'bookmarks'), 1);

  // Public again, then deleted: the count follows. Only its owner may delete it.
  assert.ok((await bookmarkWork(db, reader.viewer(), workId, {})).ok);
  assert.equal(await countOf(), 1);
  const stranger = await buildUser(db);
  const refused = await deleteBookmark(db, stranger.viewer(), b.id);
  assert.deepEqual([refused.ok, !refused.ok && refused.status], [false, 404]);
  assert.ok((await deleteBookmark(db, reader.viewer(), b.id)).ok);
  assert.equal(await countOf(), 0);
  assert.equal(await findBookmark(db, b.id), undefined);
});

eachDialect('bookmarks: bad input and works one cannot see change nothing', async ({ db }) => {
  const writer = await buildUser(db);
  const reader = await buildUser(db);
  const workId = await buildWork(db, writer);
  const draftId = await buildWork(db, writer, { draft: true });
  const status = (r: { ok: boolean; status?: number }) => (r.ok ? 200 : r.status);

  assert.equal(status(await bookmarkWork(db, guestViewer(), workId, {})), 403);
  assert.equal(status(await bookmarkWork(db, reader.viewer(), draftId, {})), 404);
  assert.equal(status(await bookmarkWork(db, writer.viewer(), draftId, {})), 404);
  assert.equal(status(await bookmarkWork(db, reader.viewer(), 999_999, {})), 404);
  const long = await bookmarkWork(db, reader.viewer(), workId, { notes: 'x'.repeat(LIMITS.notesMax + 1) });
  assert.equal(status(long), 422);
  assert.match(!long.ok ? long.errors.notes! : '', /at most 5,000 characters/);
  const deep = await bookmarkWork(db, reader.viewer(), workId, { notes: '<b>'.repeat(200) + 'deep' });
  assert.equal(status(deep), 422);
  const badTag = await bookmarkWork(db, reader.viewer(), workId, { tags: 'fine, not*ok' });
  assert.match(!badTag.ok ? badTag.errors.tags! : '', /cannot contain “\*”/);
  const many = await bookmarkWork(db, reader.viewer(), workId, {
    tags: Array.from({ length: 76 }, (_, i) => `tag ${i}`).join(','),
  });
  assert.match(!many.ok ? many.errors.tags! : '', /at most 75 tags/);
  const huge = await bookmarkWork(db, reader.viewer(), workId, { tags: 'a'.repeat(200_000) });
  assert.equal(status(huge), 422);
  assert.equal(await countRows(db, 'bookmarks'), 0);
  assert.equal(Number((await workRow(db, workId)).bookmarks_count), 0);
});

eachDialect('bookmarks: two saves of one bookmark at once make one bookmark, counted once', async ({ db }) => {
  const writer = await buildUser(db);
  const reader = await buildUser(db);
  const workId = await buildWork(db, writer);
  const results = await Promise.all([
    bookmarkWork(db, reader.viewer(), workId, { tags: 'one' }),
    bookmarkWork(db, reader.viewer(), workId, { tags: 'two' }),
  ]);
  assert.ok(results.every((r) => r.ok));
  assert.equal((await bookmarkIds(db)).length, 1);
  assert.equal(Number((await workRow(db, workId)).bookmarks_count), 1);
});
