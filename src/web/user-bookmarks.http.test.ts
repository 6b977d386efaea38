import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { seriesIdByTitle } from '../../test/inspect.js';
import { bookmarkWork } from '../services/bookmarks.js';
import { blockTag, muteUser } from '../services/blocklist.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { startFilterIndex, type RunningFilterIndex } from '../search/filter-index/start.js';
import { createSearchState } from '../search/search-state.js';

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

/** The titles a listing shows, in order. */
const titles = (html: string) => [...html.matchAll(/>(Shelf [A-Z][a-z]+)<\/a> by/g)].map((m) => m[1]);

for (const withIndex of [false, true])
  eachDialect(
    `a member’s bookmarks page: filters on the work and the bookmark, privacy, hidden count${withIndex ? ' (filter index)' : ''}`,
    async ({ db }) => {
      const running = withIndex ? startFilterIndex(db, { verifyEveryMs: 0 }) : undefined;
      try {
        await memberPage(
          db,
          running ? testApp(db, {}, { search: createSearchState(db, running.index) }) : testApp(db),
          running,
        );
      } finally {
        await running?.stop();
      }
    },
  );

async function memberPage(db: Kysely<DB>, app: ReturnType<typeof testApp>, running: RunningFilterIndex | undefined) {
  const writer = await buildUser(db);
  const owner = await buildUser(db, { username: 'shelf_owner' });
  const other = await buildUser(db);
  const meta = (title: string, freeforms: string[], over: object = {}) => ({
    meta: { title, freeforms, ...over },
  });
  const open = await buildWork(db, writer, meta('Shelf Open', ['Lighthouse']));
  const storm = await buildWork(db, writer, meta('Shelf Storm', ['Storm']));
  const members = await buildWork(db, writer, meta('Shelf Members', ['Lighthouse'], { restricted: true }));
  const secret = await buildWork(db, writer, meta('Shelf Secret', ['Lighthouse']));
  const mark = async (workId: number, input: Parameters<typeof bookmarkWork>[3]) =>
    assert.ok((await bookmarkWork(db, owner.viewer(), workId, input)).ok);
  // Bookmarked in this order: the default listing is newest bookmark first.
  await mark(storm, { tags: 'cosy' });
  await mark(open, { tags: 'cosy, reread', rec: true, notes: 'The best one.' });
  await mark(members, { tags: 'cosy' });
  await mark(secret, { tags: 'cosy', private: true });
  const base = '/users/shelf_owner/bookmarks';
  if (running) assert.ok(await running.index.build());

  // A guest sees public bookmarks of works they may see: no restricted work, no private bookmark.
  const guest = await (await new Client(app).get(base)).text();
  assert.deepEqual(titles(guest), ['Shelf Open', 'Shelf Storm']);
  assert.match(guest, /2 bookmarks</);
  assert.match(guest, /The best one\./);
  // The owner sees their private one too; another member the members-only work but not the private one.
  const self = await loggedIn(app, owner);
  assert.deepEqual(titles(await (await self.get(base)).text()), [
    'Shelf Secret',
    'Shelf Members',
    'Shelf Open',
    'Shelf Storm',
  ]);
  const o = await loggedIn(app, other);
  assert.deepEqual(titles(await (await o.get(base)).text()), ['Shelf Members', 'Shelf Open', 'Shelf Storm']);
  assert.deepEqual(titles(await (await o.get(`${base}?sort=updated`)).text()), [
    'Shelf Members',
    'Shelf Storm',
    'Shelf Open',
  ]);

  // The work's tags and the bookmark's tags together; recs; notes.
  const both = await (await o.get(`${base}?include=Lighthouse&bookmark_tags=cosy`)).text();
  assert.deepEqual(titles(both), ['Shelf Members', 'Shelf Open']);
  assert.deepEqual(titles(await (await o.get(`${base}?bookmark_tags=reread`)).text()), ['Shelf Open']);
  assert.deepEqual(titles(await (await o.get(`${base}?exclude=Lighthouse`)).text()), ['Shelf Storm']);
  assert.deepEqual(titles(await (await o.get(`${base}?rec=1`)).text()), ['Shelf Open']);
  assert.deepEqual(titles(await (await o.get(`${base}?with_notes=1`)).text()), ['Shelf Open']);
  const typo = await (await o.get(`${base}?bookmark_tags=nosuchtag`)).text();
  assert.deepEqual(titles(typo), []);
  assert.match(typo, /The tag “nosuchtag” does not exist/);
  const many = Array.from({ length: 21 }, (_, i) => `t${i}`).join(',');
  const refused = await (await o.get(`${base}?bookmark_tags=${many}`)).text();
  assert.match(refused, /at most 20 of the bookmarker/);
  assert.deepEqual(titles(refused), []);

  // The reader's blocklist hides the bookmark and says so; asked once, it shows.
  assert.ok((await blockTag(db, other.viewer(), 'Storm')).ok);
  const blocked = await (await o.get(base)).text();
  assert.deepEqual(titles(blocked), ['Shelf Members', 'Shelf Open']);
  assert.match(blocked, /1 bookmark hidden by your filters/);
  assert.deepEqual(titles(await (await o.get(`${base}?show_blocked=1`)).text()), [
    'Shelf Members',
    'Shelf Open',
    'Shelf Storm',
  ]);
  // Muting the bookmarker hides all of their bookmarks, counted as hidden.
  assert.ok((await muteUser(db, other.viewer(), 'shelf_owner')).ok);
  const muted = await (await o.get(base)).text();
  assert.deepEqual(titles(muted), []);
  assert.match(muted, /3 bookmarks hidden by your filters/);
  assert.equal((await o.get('/users/nobody_here/bookmarks')).status, 404);
}

eachDialect('a member’s bookmarks of series and external works list with the same rules', async ({ db }) => {
  const app = testApp(db);
  const writer = await buildUser(db);
  const owner = await buildUser(db, { username: 'shelf_two' });
  const other = await buildUser(db);
  await buildWork(db, writer, { meta: { title: 'Shelf Part', series: ['Shelf Saga'] } });
  await buildWork(db, writer, { meta: { title: 'Shelf Locked', series: ['Shelf Locked Saga'], restricted: true } });
  const saga = await seriesIdByTitle(db, 'Shelf Saga');
  const locked = await seriesIdByTitle(db, 'Shelf Locked Saga');
  const c = await loggedIn(app, owner);
  for (const id of [saga, locked])
    assert.equal(
      (await c.post(`/series/${id}/bookmarks`, { tags: 'sagas' }, { csrfFrom: `/series/${id}` })).status,
      303,
    );
  for (const [title, rating, fandoms] of [
    ['Far Tide', 'General Audiences', 'Harbour Lights'],
    ['Far Night', 'Explicit', 'Original Work'],
  ] as const)
    assert.equal(
      (
        await c.post(
          '/external_works',
          { url: `https://example.org/${title.replace(' ', '-')}`, title, creator: 'elsewhere', fandoms, rating },
          { csrfFrom: '/external_works/new' },
        )
      ).status,
      303,
    );
  const base = '/users/shelf_two/bookmarks';
  const guestSeries = await (await new Client(app).get(`${base}?type=series`)).text();
  assert.match(guestSeries, /Shelf Saga/);
  assert.doesNotMatch(guestSeries, /Shelf Locked Saga/);
  assert.match(guestSeries, /1 bookmark</);
  const o = await loggedIn(app, other);
  assert.match(await (await o.get(`${base}?type=series`)).text(), /Shelf Locked Saga/);

  const guestExternal = await (await new Client(app).get(`${base}?type=external`)).text();
  assert.match(guestExternal, /href="https:\/\/example\.org\/Far-Tide"/);
  // The explicit one is listed, but its link leads to the gate, not to the address.
  assert.match(guestExternal, /Far Night/);
  assert.doesNotMatch(guestExternal, /href="https:\/\/example\.org\/Far-Night"/);
  assert.ok((await blockTag(db, other.viewer(), 'Harbour Lights')).ok);
  const blocked = await (await o.get(`${base}?type=external`)).text();
  assert.doesNotMatch(blocked, /Far Tide/);
  assert.match(blocked, /1 bookmark hidden by your filters/);
});
