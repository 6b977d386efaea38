import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { credits } from '../../test/inspect.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';
import { createSearchState } from '../search/search-state.js';
import { queryWorks } from '../search/works-query.js';
import { guestViewer } from '../policies/index.js';
import { orphanWorks } from '../services/orphan-works.js';

eachDialect('orphaning a work credits the orphan account; the writer can no longer edit it', async ({ db }) => {
  const writer = await buildUser(db, { username: 'shearwater_p' });
  const other = await buildUser(db, { username: 'fulmar_p' });
  const kept = await buildWork(db, writer, { meta: { title: 'Kept Log' } });
  const gone = await buildWork(db, writer, { meta: { title: 'Given Away' } });
  const draft = await buildWork(db, writer, { meta: { title: 'Unposted' }, draft: true });
  const app = testApp(db);
  const client = new Client(app);
  await client.login(writer.username, writer.password);

  const confirm = await client.get(`/works/${gone}/orphan`);
  assert.equal(confirm.status, 200);
  assert.match(await confirm.text(), /Orphan “Given Away”\?/);
  const r = await client.post(`/works/${gone}/orphan`, {}, { csrfFrom: `/works/${gone}/orphan` });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /now credited to orphan_account/);

  const page = await (await new Client(app).get(`/works/${gone}`)).text();
  assert.match(page, new RegExp(`/users/${ORPHAN_ACCOUNT}/pseuds/${ORPHAN_ACCOUNT}`));
  assert.doesNotMatch(page, /shearwater_p/);
  // The writer's listing, and a search for their name, no longer find it; the other work stays theirs.
  const search = createSearchState(db);
  const mine = await queryWorks(search, guestViewer(), { userId: writer.id });
  assert.deepEqual(
    mine.works.map((w) => w.id),
    [kept],
  );
  const byName = await queryWorks(search, guestViewer(), { q: 'shearwater_p' });
  assert.deepEqual(
    byName.works.map((w) => w.id),
    [kept],
  );
  assert.equal((await client.get(`/works/${gone}/edit`)).status, 403);

  // Not theirs, a draft, or not a creator: refused, nothing moves.
  const stranger = new Client(app);
  await stranger.login(other.username, other.password);
  assert.equal((await stranger.get(`/works/${kept}/orphan`)).status, 403);
  assert.equal((await stranger.post(`/works/${kept}/orphan`, {}, { csrfFrom: '/' })).status, 403);
  assert.equal((await client.post(`/works/${draft}/orphan`, {}, { csrfFrom: '/' })).status, 403);
  assert.equal((await client.get('/works/99999/orphan')).status, 404);

  // The orphan account cannot be signed up for, nor logged in to.
  const signup = await new Client(app).post('/signup', {
    username: 'Orphan_Account',
    email: 'o@example.test',
    password: 'whatever-long-1',
    passwordConfirmation: 'whatever-long-1',
    confirmAge: '1',
    acceptTerms: '1',
  });
  assert.equal(signup.status, 400);
  assert.match(await signup.text(), /reserved/);
  assert.equal((await new Client(app).login(ORPHAN_ACCOUNT, '!')).status, 400);
});

eachDialect('orphan all works, keeping the pseud name; drafts stay the writer’s', async ({ db }) => {
  const writer = await buildUser(db, { username: 'petrel_q' });
  const a = await buildWork(db, writer);
  const b = await buildWork(db, writer);
  const draft = await buildWork(db, writer, { draft: true });
  const client = new Client(testApp(db));
  await client.login(writer.username, writer.password);
  assert.match(await (await client.get('/orphan')).text(), /All 2 of your posted works/);
  const r = await client.post('/orphan', { keepPseudName: '1' }, { csrfFrom: '/orphan' });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /2 works are now credited/);
  assert.deepEqual(await credits(db), [
    { work_id: a, name: 'petrel_q', username: ORPHAN_ACCOUNT },
    { work_id: b, name: 'petrel_q', username: ORPHAN_ACCOUNT },
    { work_id: draft, name: 'petrel_q', username: 'petrel_q' },
  ]);
  assert.equal((await client.get('/orphan')).status, 404, 'nothing left to orphan');
});

eachDialect('orphaning several works is all or nothing: one refused, none moves', async ({ db }) => {
  const writer = await buildUser(db, { username: 'skerry_q' });
  const other = await buildUser(db, { username: 'holm_q' });
  const mine = await buildWork(db, writer);
  const theirs = await buildWork(db, other);
  const before = await credits(db);
  const r = await orphanWorks(db, writer.viewer(), { workIds: [mine, theirs], keepPseudName: false });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.status, 403);
  assert.deepEqual(await credits(db), before, 'the first work is still the writer’s');
});
