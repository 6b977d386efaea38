import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, neutralProse, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { keepsHistory, readingRows } from '../../test/inspect.js';
import { addChapter } from '../services/chapters.js';
import { bookmarkWork } from '../services/bookmarks.js';
import { loadWork } from '../store/work.store.js';

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

const threeChapters = { moreChapters: [{ body: neutralProse(2) }, { body: neutralProse(2) }] };

eachDialect('history: reading, the history page, resume and the new-chapters badge', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db, { username: 'quay_writer' });
  const u = await buildUser(db, { username: 'quay_reader' });
  const id = await buildWork(db, writer, {
    ...threeChapters,
    meta: { title: 'The Quay at Dusk', series: ['Quay Evenings'] },
  });
  const seriesId = (await loadWork(db, id))!.series[0]!.id;
  assert.equal((await bookmarkWork(db, u.viewer(), id, { notes: '', tags: '' })).ok, true);
  const r = await loggedIn(app, u);
  const history = '/users/quay_reader/history';

  // A first visit offers no resume link; the member reads up to chapter 2.
  const first = await (await r.get(`/works/${id}`)).text();
  assert.doesNotMatch(first, /Resume at Chapter/);
  assert.match(first, /Mark for Later/);
  assert.equal((await r.get(`/works/${id}/chapters/2`)).status, 200);

  // Back on the work's first page: resume at chapter 2. A chapter link itself offers none.
  const again = await (await r.get(`/works/${id}`)).text();
  assert.match(again, new RegExp(`href="/works/${id}/chapters/2"[^>]*>Resume at Chapter 2<`));
  assert.doesNotMatch(await (await r.get(`/works/${id}/chapters/3`)).text(), /Resume at Chapter/);
  // Guests get neither the resume link nor the button.
  const guest = await (await new Client(app).get(`/works/${id}`)).text();
  assert.doesNotMatch(guest, /Resume at Chapter|Mark for Later/);

  // The history page: last chapter opened, visits, and the work.
  const page = await (await r.get(history)).text();
  assert.match(page, /The Quay at Dusk/);
  assert.match(page, new RegExp(`Last read <a href="/works/${id}/chapters/3">Chapter 3</a>`));
  assert.match(page, /Visited 4 times/);
  assert.equal((await readingRows(db, u.id))[0]?.visits, 4);

  // The writer posts a chapter: the member's blurbs say so, everywhere; no one else's do.
  assert.equal((await addChapter(db, writer.viewer(), id, { body: neutralProse(1) })).ok, true);
  const badge = />1 new chapter<\/a> since you last read/;
  const everywhere = [
    '/works',
    history,
    '/users/quay_writer',
    '/tags/Original%20Work/works',
    `/series/${seriesId}`,
    '/users/quay_reader/bookmarks',
    '/search?q=Quay',
  ];
  for (const path of everywhere) assert.match(await (await r.get(path)).text(), badge, path);
  assert.doesNotMatch(await (await new Client(app).get('/works')).text(), /since you last read/);
  const writerClient = await loggedIn(app, writer);
  assert.doesNotMatch(await (await writerClient.get('/works')).text(), /since you last read/);
  // Opening the new chapter clears it.
  assert.equal((await r.get(`/works/${id}/chapters/4`)).status, 200);
  assert.doesNotMatch(await (await r.get('/works')).text(), /since you last read/);

  // Only the member sees their history.
  assert.equal((await new Client(app).get(history)).status, 404);
  assert.equal((await writerClient.get(history)).status, 404);
  assert.equal((await r.get(`${history}?show=nonsense`)).status, 400);
  assert.equal((await r.get(`${history}?page=zero`)).status, 400);
});

eachDialect('history: marked for later, clear one, clear all, and the preference', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db, { username: 'jetty_writer' });
  const u = await buildUser(db, { username: 'jetty_reader' });
  const a = await buildWork(db, writer, { meta: { title: 'Jetty One' } });
  const b = await buildWork(db, writer, { meta: { title: 'Jetty Two' } });
  const r = await loggedIn(app, u);
  const history = '/users/jetty_reader/history';

  // Marking for later, from the work page.
  assert.equal((await r.post(`/works/${b}/mark_for_later`, { marked: '1' }, { csrfFrom: `/works/${b}` })).status, 303);
  assert.match(await (await r.get(`/works/${b}`)).text(), /Mark as Read/);
  const later = await (await r.get(`${history}?show=later`)).text();
  assert.match(later, /Jetty Two/);
  assert.doesNotMatch(later, /Jetty One/);
  // Bad input changes nothing; a guest is asked to log in; without the form's token it is refused.
  assert.equal((await r.post(`/works/${a}/mark_for_later`, { marked: 'maybe' }, { csrfFrom: history })).status, 400);
  assert.equal((await r.post(`/works/${a}/mark_for_later`, { marked: '1' }, { csrf: null })).status, 403);
  assert.equal((await new Client(app).post(`/works/${a}/mark_for_later`, { marked: '1' })).status, 403);
  assert.equal((await r.post(`/works/999999/mark_for_later`, { marked: '1' }, { csrfFrom: history })).status, 404);
  assert.deepEqual(
    (await readingRows(db, u.id)).map((x) => [x.work_id, x.marked_for_later]),
    [[b, 1]],
  );

  // Clear one, then all; another member cannot clear this history.
  assert.equal((await r.get(`/works/${a}`)).status, 200);
  assert.match(await (await r.get(history)).text(), /Jetty One[^]*Jetty Two|Jetty Two[^]*Jetty One/);
  const other = await loggedIn(app, writer);
  assert.equal((await other.post(`${history}/delete`, {}, { csrfFrom: '/works' })).status, 404);
  assert.equal((await r.post(`${history}/${a}/delete`, {}, { csrfFrom: history })).status, 303);
  assert.deepEqual(
    (await readingRows(db, u.id)).map((x) => x.work_id),
    [b],
  );
  assert.equal((await r.post(`${history}/delete`, {}, { csrfFrom: history })).status, 303);
  assert.deepEqual(await readingRows(db, u.id), []);
  assert.match(await (await r.get(history)).text(), /Your history is empty/);

  // Turned off in the preferences: works opened are not recorded, and the page says so.
  assert.match(await (await r.get('/account')).text(), /name="keepHistory" value="1" checked/);
  assert.equal((await r.post('/account/preferences', {}, { csrfFrom: '/account' })).status, 303);
  assert.equal(await keepsHistory(db, u.id), false);
  assert.equal((await r.get(`/works/${a}`)).status, 200);
  const off = await (await r.get(history)).text();
  assert.match(off, /Your reading history is turned off/);
  assert.deepEqual(await readingRows(db, u.id), []);
  // And on again.
  assert.equal((await r.post('/account/preferences', { keepHistory: '1' }, { csrfFrom: '/account' })).status, 303);
  assert.equal((await r.get(`/works/${a}`)).status, 200);
  assert.match(await (await r.get(history)).text(), /Jetty One/);
});
