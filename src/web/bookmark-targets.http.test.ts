import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { bookmarkTargets, externalWorkRows, seriesIdByTitle } from '../../test/inspect.js';

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

eachDialect('bookmarks of a series: one per member, edited after; a series one cannot see is 404', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const reader = await buildUser(db, { username: 'tide_reader' });
  await buildWork(db, writer, { meta: { title: 'Tide One', series: ['Tide Tables'] } });
  await buildWork(db, writer, { meta: { title: 'Hidden Draft', series: ['Draft Only'] }, draft: true });
  const seriesId = await seriesIdByTitle(db, 'Tide Tables');
  const draftSeries = await seriesIdByTitle(db, 'Draft Only');
  const path = `/series/${seriesId}/bookmarks`;

  const guest = await (await new Client(app).get(path)).text();
  assert.match(guest, /Log in<\/a> to bookmark this series/);
  const r = await loggedIn(app, reader);
  const made = await r.post(path, { notes: 'All of it.', tags: 'tidal', rec: '1' }, { csrfFrom: path });
  assert.equal(made.status, 303);
  const again = await r.post(path, { notes: 'Still all of it.', tags: 'tidal, reread' }, { csrfFrom: path });
  assert.equal(again.status, 303);
  const rows = await bookmarkTargets(db);
  assert.equal(rows.length, 1);
  assert.deepEqual(
    [rows[0]!.series_id, rows[0]!.work_id, rows[0]!.notes, rows[0]!.rec],
    [seriesId, null, '<p>Still all of it.</p>', 0],
  );
  const shown = await (await new Client(app).get(path)).text();
  assert.match(shown, /Bookmarked by <a href="\/users\/tide_reader\/pseuds\/tide_reader">tide_reader<\/a>/);
  assert.match(shown, /Still all of it\./);

  // A series whose works are all drafts does not exist for a reader, nor does one that never did.
  assert.equal((await r.get(`/series/${draftSeries}/bookmarks`)).status, 404);
  assert.equal((await r.post(`/series/${draftSeries}/bookmarks`, { notes: 'x' }, { csrfFrom: path })).status, 404);
  assert.equal((await r.get('/series/999999/bookmarks')).status, 404);
  const bad = await r.post(path, { tags: 'not*fine' }, { csrfFrom: path });
  assert.equal(bad.status, 422);
  assert.equal((await bookmarkTargets(db)).length, 1);
  // Deleting it leads back to the series' bookmarks.
  const del = await r.post(`/bookmarks/${rows[0]!.id}/delete`, {}, { csrfFrom: path });
  assert.equal(del.headers.get('location'), path);
  assert.equal((await bookmarkTargets(db)).length, 0);
});

eachDialect(
  'bookmarks of external works: URLs checked, one row per address, bookmarking twice edits',
  async ({ db }) => {
    const app = testApp(db);
    const a = await buildUser(db);
    const b = await buildUser(db);
    const form = '/external_works/new';
    const ca = await loggedIn(app, a);
    const work = {
      url: 'HTTPS://Stories.Example.org:443/tide#chapter-2',
      title: 'The Tide Elsewhere',
      creator: 'someone_else',
      fandoms: 'Original Work, Harbour Lights',
      rating: 'General Audiences',
      summary: 'A <em>calm</em> one.<script>x</script>',
    };

    for (const [url, message] of [
      ['javascript:alert(1)', /Only http:\/\/ and https:\/\/ addresses/],
      ['not a url', /is not a web address/],
      [`https://example.org/${'x'.repeat(2000)}`, /at most 2,000 characters/],
      ['ftp://example.org/file', /Only http:\/\/ and https:\/\//],
    ] as const) {
      const bad = await ca.post('/external_works', { ...work, url, notes: 'kept' }, { csrfFrom: form });
      assert.equal(bad.status, 422, url.slice(0, 30));
      const html = await bad.text();
      assert.match(html, message);
      assert.match(html, /The Tide Elsewhere/);
    }
    assert.equal((await externalWorkRows(db)).length, 0);
    assert.equal((await bookmarkTargets(db)).length, 0);

    const made = await ca.post('/external_works', { ...work, notes: 'First.', tags: 'elsewhere' }, { csrfFrom: form });
    assert.equal(made.status, 303);
    const [row] = await externalWorkRows(db);
    assert.equal(row!.url, 'https://stories.example.org/tide');
    assert.equal(row!.summary, '<p>A <em>calm</em> one.</p>');
    assert.deepEqual(JSON.parse(row!.fandoms), ['Original Work', 'Harbour Lights']);
    assert.match(made.headers.get('location') ?? '', new RegExp(`^/external_works/${row!.id}#bookmark-\\d+$`));

    // The same address again, from the form: the member's bookmark is edited, the work shared.
    const twice = await ca.post(
      '/external_works',
      { ...work, url: 'https://stories.example.org/tide', title: 'Renamed', notes: 'Second.' },
      { csrfFrom: form },
    );
    assert.equal(twice.status, 303);
    const cb = await loggedIn(app, b);
    assert.equal(
      (
        await cb.post(
          '/external_works',
          { ...work, url: 'https://STORIES.example.org/tide', private: '1' },
          { csrfFrom: form },
        )
      ).status,
      303,
    );
    const works = await externalWorkRows(db);
    assert.deepEqual(
      works.map((w) => w.title),
      ['The Tide Elsewhere'],
    );
    const marks = await bookmarkTargets(db);
    assert.equal(marks.length, 2);
    assert.ok(marks.every((m) => m.external_work_id === row!.id && m.work_id === null));
    assert.equal(marks.find((m) => m.user_id === a.id)!.notes, '<p>Second.</p>');

    // Its page: the description and public bookmarks; the private one is its owner's alone.
    const page = await (await new Client(app).get(`/external_works/${row!.id}`)).text();
    assert.match(page, /href="https:\/\/stories\.example\.org\/tide"/);
    assert.match(page, /Second\./);
    assert.match(page, /1 bookmark</);
    assert.match(await (await cb.get(`/external_works/${row!.id}`)).text(), /2 bookmarks</);
    assert.equal((await new Client(app).get('/external_works/999999')).status, 404);
    // Guests are asked to log in.
    assert.equal((await new Client(app).post('/external_works', work)).status, 403);
  },
);

eachDialect('an adult external work stands behind the gate for a guest', async ({ db }) => {
  const app = testApp(db);
  const a = await buildUser(db);
  const ca = await loggedIn(app, a);
  const made = await ca.post(
    '/external_works',
    { url: 'https://example.org/x', title: 'Late Hours', creator: 'c', fandoms: 'Original Work', rating: 'Explicit' },
    { csrfFrom: '/external_works/new' },
  );
  assert.equal(made.status, 303);
  const id = (await externalWorkRows(db))[0]!.id;
  const gate = await (await new Client(app).get(`/external_works/${id}`)).text();
  assert.match(gate, /could have adult content/);
  assert.doesNotMatch(gate, /href="https:\/\/example\.org\/x"/);
  const through = await (await new Client(app).get(`/external_works/${id}?view_adult=true`)).text();
  assert.match(through, /href="https:\/\/example\.org\/x"/);
});
