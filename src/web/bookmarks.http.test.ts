import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { bookmarkIds, countRows, workRow } from '../../test/inspect.js';

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

eachDialect('bookmarks: a member bookmarks a work with notes and tags, edits it, and deletes it', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db, { username: 'pier_writer' });
  const reader = await buildUser(db, { username: 'pier_reader' });
  const id = await buildWork(db, writer, { meta: { title: 'The Long Pier' } });
  const path = `/works/${id}/bookmarks`;

  // A guest sees the (empty) list and is asked to log in; the work page links to it.
  assert.match(await (await new Client(app).get(`/works/${id}`)).text(), new RegExp(`href="${path}"`));
  const guestPage = await (await new Client(app).get(path)).text();
  assert.match(guestPage, /0 bookmarks/);
  assert.match(guestPage, /Log in<\/a> to bookmark this/);

  const r = await loggedIn(app, reader);
  const made = await r.post(
    path,
    { notes: 'Calm, <em>kind</em>.', tags: 'harbour days, rereads', rec: '1' },
    { csrfFrom: path },
  );
  assert.equal(made.status, 303);
  assert.match(made.headers.get('location') ?? '', new RegExp(`^${path}#bookmark-\\d+$`));
  const shown = await (await new Client(app).get(path)).text();
  assert.match(shown, /1 bookmark</);
  assert.match(shown, /Bookmarked by <a href="\/users\/pier_reader\/pseuds\/pier_reader">pier_reader<\/a>/);
  assert.match(shown, /Calm, <em>kind<\/em>\./);
  assert.match(shown, /harbour days<\/a>.*rereads<\/a>/s);
  assert.match(shown, /· Rec/);
  assert.equal((await workRow(db, id)).bookmarks_count, 1);

  // The owner's form is filled with their bookmark; saving private hides it from everyone else.
  const own = await (await r.get(path)).text();
  assert.match(own, /Your bookmark/);
  assert.match(own, /value="harbour days, rereads"/);
  assert.equal((await r.post(path, { notes: 'Mine alone.', private: '1' }, { csrfFrom: path })).status, 303);
  assert.equal(await countRows(db, 'bookmarks'), 1);
  assert.equal((await workRow(db, id)).bookmarks_count, 0);
  const hidden = await (await new Client(app).get(path)).text();
  assert.doesNotMatch(hidden, /Mine alone/);
  assert.match(await (await r.get(path)).text(), /Mine alone\.[^]*· Private|· Private[^]*Mine alone\./);

  // Only the owner deletes it.
  const [bookmarkId] = await bookmarkIds(db);
  const other = await loggedIn(app, writer);
  assert.equal((await other.post(`/bookmarks/${bookmarkId}/delete`, {}, { csrfFrom: path })).status, 404);
  assert.equal((await r.post(`/bookmarks/${bookmarkId}/delete`, {}, { csrfFrom: path })).status, 303);
  assert.equal(await countRows(db, 'bookmarks'), 0);
});

eachDialect(
  'bookmarks: bad input keeps what was typed and changes nothing; guests and drafts are refused',
  async ({ db }) => {
    const app = testApp(db);
    const writer = await buildUser(db);
    const reader = await buildUser(db);
    const id = await buildWork(db, writer);
    const draft = await buildWork(db, writer, { draft: true });
    const path = `/works/${id}/bookmarks`;
    const r = await loggedIn(app, reader);
    const bad = await r.post(path, { notes: 'Typed with care.', tags: 'fine, not*fine' }, { csrfFrom: path });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /Nothing was saved/);
    assert.match(html, /cannot contain “\*”/);
    assert.match(html, /Typed with care\./);
    assert.equal(await countRows(db, 'bookmarks'), 0);
    assert.equal((await r.get(`/works/${draft}/bookmarks`)).status, 404);
    assert.equal((await r.post(`/works/${draft}/bookmarks`, {}, { csrfFrom: path })).status, 404);
    const guest = new Client(app);
    // A guest with a session (its token from the log-in page) is asked to log in.
    const refused = await guest.post(path, { notes: 'x' });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /Log in to bookmark works/);
    assert.equal(await countRows(db, 'bookmarks'), 0);
  },
);
