import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, neutralProse, type TestUser } from '../../test/factories.js';
import { keepsHistory, readingRows } from '../../test/inspect.js';
import { memberViewer, guestViewer, type Viewer } from '../policies/index.js';
import { createSearchState } from '../search/search-state.js';
import { loadWork } from '../store/work.store.js';
import { addChapter } from './chapters.js';
import { blockTag } from './blocklist.js';
import { ReadingRecorder } from './reading-recorder.js';
import {
  clearHistory,
  clearReading,
  historyPage,
  markForLater,
  readingsFor,
  recordReading,
  setKeepHistoryPreference,
} from './reading-history.js';

/** The member as a session would see them, with their history preference. */
const reader = (u: TestUser, keepHistory = true): Viewer => memberViewer({ ...u.viewer().user!, keepHistory });

async function open(db: Kysely<DB>, rec: ReadingRecorder, viewer: Viewer, workId: number, position: number) {
  const work = (await loadWork(db, workId))!;
  recordReading(rec, viewer, work, work.chapters[position - 1]!);
}

const threeChapters = { moreChapters: [{ body: neutralProse(2) }, { body: neutralProse(2) }] };

eachDialect('reading history: visits are gathered in memory and written in one batch', async ({ db }) => {
  const rec = new ReadingRecorder(db);
  const writer = await buildUser(db);
  const u = await buildUser(db);
  const id = await buildWork(db, writer, threeChapters);
  const work = (await loadWork(db, id))!;

  await open(db, rec, reader(u), id, 1);
  await open(db, rec, reader(u), id, 2);
  // Nothing is written until the flush; the page still sees the visit (laid over the stored rows).
  assert.deepEqual(await readingRows(db, u.id), []);
  assert.equal(rec.waiting, 1);
  const before = (await readingsFor(db, rec, reader(u), [work])).get(id);
  assert.equal(before?.visits, 2);
  assert.equal(before?.lastChapterPosition, 2);

  await rec.flush();
  await open(db, rec, reader(u), id, 3);
  await rec.flush();
  const [row] = await readingRows(db, u.id);
  assert.equal(row?.visits, 3);
  assert.equal(row?.last_chapter_id, work.chapters[2]!.id);
  assert.equal(row?.chapters_seen, 3);

  // Guests have no history; drafts are not recorded.
  const draft = await buildWork(db, u, { draft: true });
  recordReading(rec, guestViewer(), work, work.chapters[0]!);
  await open(db, rec, reader(u), draft, 1);
  assert.equal(rec.waiting, 0);
});

eachDialect('reading history: turned off, nothing new is recorded and the old rows stay', async ({ db }) => {
  const rec = new ReadingRecorder(db);
  const writer = await buildUser(db);
  const u = await buildUser(db);
  const a = await buildWork(db, writer);
  const b = await buildWork(db, writer);
  await open(db, rec, reader(u), a, 1);
  await rec.flush();

  assert.equal(await keepsHistory(db, u.id), true);
  // A visit waiting when the member turns history off is dropped with it.
  await open(db, rec, reader(u), b, 1);
  assert.equal(await setKeepHistoryPreference(db, rec, reader(u), false), true);
  assert.equal(await keepsHistory(db, u.id), false);
  await open(db, rec, reader(u, false), b, 1);
  await rec.flush();
  assert.deepEqual(
    (await readingRows(db, u.id)).map((r) => r.work_id),
    [a],
  );
  assert.equal(await setKeepHistoryPreference(db, rec, guestViewer(), true), false);
});

eachDialect('reading history: a chapter posted after the visit is one new chapter', async ({ db }) => {
  const rec = new ReadingRecorder(db);
  const writer = await buildUser(db);
  const u = await buildUser(db);
  const id = await buildWork(db, writer);
  await open(db, rec, reader(u), id, 1);
  await rec.flush();
  assert.equal((await readingsFor(db, rec, reader(u), [(await loadWork(db, id))!])).get(id)?.newChapters, 0);

  assert.equal((await addChapter(db, writer.viewer(), id, { body: neutralProse(2) })).ok, true);
  assert.equal((await addChapter(db, writer.viewer(), id, { body: neutralProse(2) })).ok, true);
  const after = (await readingsFor(db, rec, reader(u), [(await loadWork(db, id))!])).get(id);
  assert.equal(after?.newChapters, 2);
  assert.equal(after?.lastChapterPosition, 1);
  // Another member, and a guest, see no badge from this member's reading.
  const other = await buildUser(db);
  assert.equal((await readingsFor(db, rec, reader(other), [(await loadWork(db, id))!])).size, 0);
  assert.equal((await readingsFor(db, rec, guestViewer(), [(await loadWork(db, id))!])).size, 0);

  // Reading the new chapter clears the badge.
  await open(db, rec, reader(u), id, 3);
  assert.equal((await readingsFor(db, rec, reader(u), [(await loadWork(db, id))!])).get(id)?.newChapters, 0);
});

eachDialect('reading history: unread first, marked for later, clear one and all, owner only', async ({ db }) => {
  const rec = new ReadingRecorder(db);
  const search = createSearchState(db);
  const writer = await buildUser(db);
  const u = await buildUser(db);
  const old = await buildWork(db, writer, { meta: { title: 'Old Harbour', freeforms: ['Storms'] } });
  const recent = await buildWork(db, writer, { meta: { title: 'Recent Harbour' } });
  const later = await buildWork(db, writer, { meta: { title: 'Later Harbour' } });
  await open(db, rec, reader(u), old, 1);
  await rec.flush();
  await open(db, rec, reader(u), recent, 1);
  await rec.flush();
  const titles = async (opts: { later?: boolean } = {}) => {
    const r = await historyPage(search, rec, reader(u), u.username, {
      page: 1,
      later: opts.later === true,
      showBlocked: false,
    });
    assert.ok(r.ok);
    return r.value.works.works.map((w) => w.title);
  };
  assert.deepEqual(await titles(), ['Recent Harbour', 'Old Harbour']);
  // A new chapter of the older work puts it first.
  assert.equal((await addChapter(db, writer.viewer(), old, { body: neutralProse(1) })).ok, true);
  assert.deepEqual(await titles(), ['Old Harbour', 'Recent Harbour']);

  // Marked for later: a work never opened joins the history and the later view.
  assert.equal((await markForLater(db, reader(u), later, true)).ok, true);
  assert.deepEqual(await titles({ later: true }), ['Later Harbour']);
  assert.equal((await markForLater(db, reader(u), later, false)).ok, true);
  assert.deepEqual(await titles({ later: true }), []);
  assert.equal((await markForLater(db, guestViewer(), later, true)).ok, false);
  const draft = await buildWork(db, writer, { draft: true });
  const hidden = await markForLater(db, reader(u), draft, true);
  assert.equal(!hidden.ok && hidden.status, 404);

  // A work the member now blocks is hidden and counted.
  assert.equal((await blockTag(db, u.viewer(), 'Storms')).ok, true);
  const blocked = await historyPage(search, rec, reader(u), u.username, { page: 1, later: false, showBlocked: false });
  assert.ok(blocked.ok);
  assert.equal(blocked.value.works.hiddenByBlocklist, 1);
  assert.ok(!blocked.value.works.works.some((w) => w.title === 'Old Harbour'));

  // Nobody else reads it.
  const other = await buildUser(db);
  assert.equal(
    (await historyPage(search, rec, reader(other), u.username, { page: 1, later: false, showBlocked: false })).ok,
    false,
  );
  assert.equal(
    (await historyPage(search, rec, guestViewer(), u.username, { page: 1, later: false, showBlocked: false })).ok,
    false,
  );
  assert.equal((await clearHistory(db, rec, reader(other), u.id)).ok, false);

  assert.equal((await clearReading(db, rec, reader(u), u.id, recent)).ok, true);
  assert.deepEqual(
    (await readingRows(db, u.id)).map((r) => r.work_id).sort((x, y) => x - y),
    [old, later].sort((x, y) => x - y),
  );
  const all = await clearHistory(db, rec, reader(u), u.id);
  assert.ok(all.ok);
  assert.equal(all.value.cleared, 2);
  assert.deepEqual(await readingRows(db, u.id), []);
});
