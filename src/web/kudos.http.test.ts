import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { countRows, workRow } from '../../test/inspect.js';
import { CountsView } from '../services/counts-view.js';
import { createPageCaches } from './page-caches.js';

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

/** The Kudos and Hits figures of a work page's stats, and its kudos sentence. */
function stats(html: string): { kudos: string | undefined; hits: string | undefined; givers: string | undefined } {
  return {
    kudos: /<dd class="kudos">([^<]*)<\/dd>/.exec(html)?.[1],
    hits: /<dd class="hits">([^<]*)<\/dd>/.exec(html)?.[1],
    givers: /<p class="kudos-givers">([^]*?) left kudos on this work!<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, ''),
  };
}

eachDialect(
  'kudos: once per member, counted on the work page; a second one and a creator’s are refused',
  async ({ db }) => {
    const app = testApp(db);
    const writer = await buildUser(db, { username: 'lamp_writer' });
    const reader = await buildUser(db, { username: 'lamp_reader' });
    const id = await buildWork(db, writer, { meta: { title: 'The Lamp Room' } });
    const before = await (await new Client(app).get(`/works/${id}`)).text();
    assert.deepEqual(stats(before), { kudos: undefined, hits: '0', givers: undefined });

    const r = await loggedIn(app, reader);
    const page = await (await r.get(`/works/${id}`)).text();
    assert.match(page, new RegExp(`action="/works/${id}/kudos"`), 'a reader is offered the button');
    const left = await r.post(`/works/${id}/kudos`, {}, { csrfFrom: `/works/${id}` });
    assert.equal(left.status, 303);
    assert.equal(left.headers.get('location'), `/works/${id}#kudos`);
    const after = await (await r.get(`/works/${id}`)).text();
    assert.deepEqual(stats(after), { kudos: '1', hits: '0', givers: 'lamp_reader' });
    assert.match(after, /You left kudos on this work\./);
    assert.doesNotMatch(after, new RegExp(`action="/works/${id}/kudos"`), 'no second button');

    const again = await r.post(`/works/${id}/kudos`, {}, { csrfFrom: `/works/${id}` });
    assert.equal(again.status, 409);
    assert.match(await again.text(), /already left kudos/);
    assert.equal((await workRow(db, id)).kudos_count, 1);
    assert.equal(await countRows(db, 'kudos'), 1);
    const api = (await (await new Client(app).get(`/api/v1/works/${id}`)).json()) as Record<string, unknown>;
    assert.deepEqual(
      [api.kudosCount, api.hitsCount, api.commentsCount, api.bookmarksCount],
      [1, 0, 0, 0],
      'the API carries the counts',
    );
    const listed = (await (await new Client(app).get('/api/v1/works?sort=kudos')).json()) as {
      works: Array<{ id: number; kudosCount: number }>;
    };
    assert.deepEqual(
      listed.works.map((w) => [w.id, w.kudosCount]),
      [[id, 1]],
    );

    const w = await loggedIn(app, writer);
    assert.doesNotMatch(await (await w.get(`/works/${id}`)).text(), /action="\/works\/\d+\/kudos"/);
    const own = await w.post(`/works/${id}/kudos`, {}, { csrfFrom: `/works/${id}` });
    assert.equal(own.status, 403);
    assert.match(await own.text(), /your own work/);
    assert.equal((await workRow(db, id)).kudos_count, 1);
  },
);

eachDialect('kudos: a guest leaves one per session; without the form’s token nothing is stored', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const id = await buildWork(db, writer);
  const guest = new Client(app);
  const bare = await guest.post(`/works/${id}/kudos`, {}, { csrf: null });
  assert.equal(bare.status, 403, 'no token: refused, and a session is started to retry with');
  assert.equal(await countRows(db, 'kudos'), 0);
  assert.equal((await guest.post(`/works/${id}/kudos`, {}, { csrfFrom: `/works/${id}` })).status, 303);
  // The page offers no second button; a second kudos sent anyway is refused.
  assert.equal((await guest.post(`/works/${id}/kudos`, {})).status, 409);
  const other = new Client(app);
  assert.equal((await other.post(`/works/${id}/kudos`, {})).status, 303);
  assert.equal((await workRow(db, id)).kudos_count, 2);
  const html = await (await new Client(app).get(`/works/${id}`)).text();
  assert.deepEqual(stats(html), { kudos: '2', hits: '0', givers: '2 guests' });
});

eachDialect('kudos: a draft or a work the guest cannot see is 404, nothing stored', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const draft = await buildWork(db, writer, { draft: true });
  const members = await buildWork(db, writer, { meta: { restricted: true } });
  const reader = await loggedIn(app, await buildUser(db));
  assert.equal((await reader.post(`/works/${draft}/kudos`, {}, { csrfFrom: '/' })).status, 404);
  assert.equal((await new Client(app).post(`/works/${members}/kudos`, {})).status, 404);
  assert.equal((await reader.post(`/works/999999/kudos`, {}, { csrfFrom: '/' })).status, 404);
  assert.equal(await countRows(db, 'kudos'), 0);
});

eachDialect(
  'kudos: a shared guest page shows the new count — at once on this server, within a refresh on another',
  async ({ db }) => {
    const here = testApp(db);
    const thereCounts = new CountsView(db, 60_000);
    const therePages = createPageCaches();
    const there = testApp(db, {}, { counts: thereCounts, pageCaches: therePages });
    const writer = await buildUser(db);
    const id = await buildWork(db, writer);
    const other = await buildWork(db, writer);
    const guestKudos = async (app: ReturnType<typeof testApp>) =>
      stats(await (await new Client(app).get(`/works/${id}`)).text()).kudos;
    // Cached by both servers' guest pages (and the other work's page too).
    assert.equal(await guestKudos(here), undefined);
    assert.equal(await guestKudos(there), undefined);
    await new Client(there).get(`/works/${other}`);
    await thereCounts.refresh();
    assert.equal(therePages.guestPages.size, 2);

    const reader = await loggedIn(here, await buildUser(db));
    assert.equal((await reader.post(`/works/${id}/kudos`, {}, { csrfFrom: `/works/${id}` })).status, 303);
    assert.equal(await guestKudos(here), '1', 'the server that took the kudos drops its shared copy at once');
    assert.equal(await guestKudos(there), undefined, 'the other server shows its copy until it reads the count log');
    await thereCounts.refresh();
    assert.equal(therePages.guestPages.size, 1, 'only the page that shows the work was dropped');
    assert.equal(await guestKudos(there), '1', 'and after its refresh, the new count');
  },
);

eachDialect('kudos: blurbs show the count, and a shared listing by kudos reorders after one', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const first = await buildWork(db, writer, { meta: { title: 'Quiet Pier' } });
  const second = await buildWork(db, writer, { meta: { title: 'Loud Gulls' } });
  const guestTitles = async () => {
    const html = await (await new Client(app).get('/works?sort=kudos')).text();
    return [...html.matchAll(/<a href="\/works\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
  };
  // Ties by id, newest first.
  assert.deepEqual(await guestTitles(), ['Loud Gulls', 'Quiet Pier']);
  const reader = await loggedIn(app, await buildUser(db));
  assert.equal((await reader.post(`/works/${first}/kudos`, {}, { csrfFrom: `/works/${first}` })).status, 303);
  assert.deepEqual(await guestTitles(), ['Quiet Pier', 'Loud Gulls'], 'the cached listing by kudos was dropped');
  const html = await (await new Client(app).get('/works')).text();
  const blurb = html.slice(html.indexOf(`id="work_${first}"`));
  assert.match(blurb.slice(0, blurb.indexOf('</dl>')), /<dt>Kudos:<\/dt><dd class="kudos">1<\/dd>/);
  assert.ok(second > first);
});
