import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { countRows, workRow } from '../../test/inspect.js';
import { CountsView } from '../services/counts-view.js';
import { HitCounter, isBot } from '../services/hit-counter.js';
import { deleteWork } from '../services/delete-work.js';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };

function setUp(db: Parameters<Parameters<typeof eachDialect>[1]>[0]['db']) {
  const counts = new CountsView(db);
  const hits = new HitCounter(db, (ids) => counts.changed(ids));
  return { app: testApp(db, {}, { counts, hits }), hits };
}

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

const shownHits = (html: string) => /<dd class="hits">([^<]*)<\/dd>/.exec(html)?.[1];

eachDialect(
  'hits: once per visitor per work per day; not the creator’s, not a robot’s; shared pages count',
  async ({ db }) => {
    const { app, hits } = setUp(db);
    const writer = await buildUser(db);
    const id = await buildWork(db, writer);
    const view = (client: Client, headers: Record<string, string> = BROWSER) => client.get(`/works/${id}`, headers);

    const guest = new Client(app);
    for (let i = 0; i < 3; i++) assert.equal((await view(guest)).status, 200);
    assert.equal(await countRows(db, 'work_hits'), 0, 'nothing is written while a page is served');
    await hits.flush();
    assert.equal((await workRow(db, id)).hits_count, 1, 'a guest’s three views (two from the shared page) are one hit');

    await view(new Client(app), { 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1.15' });
    const reader = await loggedIn(app, await buildUser(db));
    await view(reader);
    await view(reader);
    await view(await loggedIn(app, writer));
    await view(new Client(app), { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' });
    await view(new Client(app), {});
    await hits.flush();
    assert.equal(
      (await workRow(db, id)).hits_count,
      3,
      'another browser and a member count; the creator, robots do not',
    );
    assert.equal(shownHits(await (await view(new Client(app))).text()), '3');

    hits.record(id, 'u:999', new Date(Date.now() + 86_400_000));
    hits.record(id, 'u:999', new Date(Date.now() + 86_400_000));
    await hits.flush();
    assert.equal((await workRow(db, id)).hits_count, 4, 'the next day counts again, once');
  },
);

eachDialect('hits: a view of a work deleted before the write is dropped, the others kept', async ({ db }) => {
  const { hits } = setUp(db);
  const writer = await buildUser(db);
  const gone = await buildWork(db, writer);
  const kept = await buildWork(db, writer);
  hits.record(gone, 'u:1');
  hits.record(kept, 'u:1');
  assert.ok((await deleteWork(db, writer.viewer(), gone)).ok);
  await hits.flush();
  assert.equal((await workRow(db, kept)).hits_count, 1);
  assert.equal(await countRows(db, 'work_hits'), 1);
});

eachDialect('isBot: robots, scripts and missing user agents are not readers', async () => {
  assert.equal(isBot(BROWSER['user-agent']), false);
  for (const ua of [
    undefined,
    '',
    'curl/8.5.0',
    'node',
    'Mozilla/5.0 (compatible; Googlebot/2.1)',
    'python-requests/2.31',
    'Mozilla/5.0 HeadlessChrome/120',
  ])
    assert.equal(isBot(ua), true, String(ua));
});
