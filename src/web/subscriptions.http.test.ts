import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import pino from 'pino';
import { Client, testApp } from '../../test/http.js';
import { createApp } from './app.js';
import { notificationRows, subscriptionRows } from '../../test/inspect.js';
import { createSearchState } from '../search/search-state.js';
import { FAN_OUT_JOB, fanOutHandler } from '../services/fan-out.js';
import { JobRunner } from '../services/job-runner.js';

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

eachDialect('subscriptions: subscribe from a work, get notified in the inbox, unsubscribe from it', async ({ db }) => {
  const search = createSearchState(db);
  const app = testApp(db, {}, { search });
  const runner = new JobRunner(db, { [FAN_OUT_JOB]: fanOutHandler(search) });
  const writer = await buildUser(db, { username: 'tide_writer' });
  const reader = await buildUser(db, { username: 'tide_reader' });
  const id = await buildWork(db, writer, { meta: { title: 'Tide Clock' } });
  const draft = await buildWork(db, writer, { draft: true });
  await runner.runDue();
  const r = await loggedIn(app, reader);
  const path = `/works/${id}`;

  // Guests see no button; a member does, and subscribing brings them back to the work.
  assert.doesNotMatch(await (await new Client(app).get(path)).text(), /Subscribe/);
  assert.match(await (await r.get(path)).text(), /<button type="submit"[^>]*>Subscribe<\/button>/);
  const made = await r.post(
    '/subscriptions',
    { kind: 'work', target_id: String(id), return_to: path },
    { csrfFrom: path },
  );
  assert.equal(made.status, 303);
  assert.equal(made.headers.get('location'), path);
  assert.match(await (await r.get(path)).text(), />Unsubscribe<\/button>/);
  const [sub] = await subscriptionRows(db, reader.id);
  assert.ok(sub);

  // Bad input changes nothing: a draft (404), an unknown kind or id (400), a guest (sent to log in).
  assert.equal(
    (await r.post('/subscriptions', { kind: 'work', target_id: String(draft) }, { csrfFrom: path })).status,
    404,
  );
  assert.equal(
    (await r.post('/subscriptions', { kind: 'shelf', target_id: String(id) }, { csrfFrom: path })).status,
    400,
  );
  assert.equal((await r.post('/subscriptions', { kind: 'work', target_id: 'x' }, { csrfFrom: path })).status, 400);
  const guest = new Client(app);
  const asGuest = await guest.post('/subscriptions', { kind: 'work', target_id: String(id), return_to: path });
  assert.equal(asGuest.status, 303);
  assert.match(asGuest.headers.get('location') ?? '', /^\/login\?return_to=/);
  assert.equal((await subscriptionRows(db, reader.id)).length, 1);

  // The writer posts a chapter; the job stores the notification; the inbox counts and shows it.
  const w = await loggedIn(app, writer);
  const posted = await w.post(
    `/works/${id}/chapters/new`,
    { chapterTitle: 'Slack Water', body: 'The tide turned and stood still for a while.' },
    { csrfFrom: `/works/${id}/chapters/new` },
  );
  assert.equal(posted.status, 303);
  assert.equal(await runner.runDue(), 1);
  assert.equal((await notificationRows(db, reader.id)).length, 1);
  const inbox = await (await r.get('/inbox/notifications')).text();
  assert.match(inbox, /Inbox<span class="unread-count"> \(1/);
  assert.match(inbox, /Chapter 2: Slack Water of <a href="\/works\/\d+\/chapters\/2">Tide Clock<\/a>/);
  assert.match(await (await r.get('/inbox')).text(), /href="\/inbox\/notifications"/);

  // Mark it read; its count goes.
  const [n] = await notificationRows(db, reader.id);
  assert.equal(
    (await r.post('/inbox/notifications', { action: 'read', ids: String(n!.id) }, { csrfFrom: '/inbox/notifications' }))
      .status,
    303,
  );
  assert.doesNotMatch(await (await r.get('/inbox/notifications')).text(), /unread-count/);
  assert.equal(
    (
      await r.post(
        '/inbox/notifications',
        { action: 'shred', ids: String(n!.id) },
        { csrfFrom: '/inbox/notifications' },
      )
    ).status,
    400,
  );

  // The subscriptions page is the member's alone and gives the private feed's address.
  const own = await (await r.get('/users/tide_reader/subscriptions')).text();
  assert.match(own, /<a href="\/works\/\d+">Tide Clock<\/a>/);
  assert.ok(own.includes(`/subscriptions/${sub.feed_token}/feed.atom`));
  assert.equal((await w.get('/users/tide_reader/subscriptions')).status, 404);
  assert.equal((await guest.get('/users/tide_reader/subscriptions')).status, 303);

  const feed = await new Client(app).get(`/subscriptions/${sub.feed_token}/feed.atom`);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type') ?? '', /application\/atom\+xml/);
  assert.match(await feed.text(), /<title[^>]*>Tide Clock<\/title>/);
  assert.equal((await new Client(app).get(`/subscriptions/${'a'.repeat(32)}/feed.atom`)).status, 404);

  // Someone else cannot end it; its owner unsubscribes from the notification, and it goes with its notifications.
  assert.equal((await w.post(`/subscriptions/${sub.id}/delete`, {}, { csrfFrom: path })).status, 404);
  const gone = await r.post(
    `/subscriptions/${sub.id}/delete`,
    { return_to: '/inbox/notifications' },
    { csrfFrom: '/inbox/notifications' },
  );
  assert.equal(gone.status, 303);
  assert.equal(gone.headers.get('location'), '/inbox/notifications');
  assert.equal((await subscriptionRows(db, reader.id)).length, 0);
  assert.equal((await notificationRows(db, reader.id)).length, 0);
});

eachDialect('subscriptions: members, series and saved filters have their buttons', async ({ db }) => {
  const search = createSearchState(db);
  const app = testApp(db, {}, { search });
  const writer = await buildUser(db, { username: 'buoy_writer' });
  const reader = await buildUser(db);
  const id = await buildWork(db, writer, { meta: { series: ['Buoys'] } });
  const r = await loggedIn(app, reader);
  assert.match(await (await r.get('/users/buoy_writer')).text(), /to new works by this member/);
  const seriesPage = await r.get('/works/' + id);
  const seriesId = /href="\/series\/(\d+)"/.exec(await seriesPage.text())![1]!;
  assert.match(await (await r.get(`/series/${seriesId}`)).text(), /to new works in this series/);
  assert.equal(
    (await r.post('/account/filters', { name: 'Buoys', query: 'include=Original+Work' }, { csrfFrom: '/dashboard' }))
      .status,
    303,
  );
  const dashboard = await (await r.get('/dashboard')).text();
  assert.match(dashboard, /to new works matching this filter/);
  const filterId = /name="target_id" value="(\d+)"/.exec(dashboard)![1]!;
  assert.equal(
    (
      await r.post(
        '/subscriptions',
        { kind: 'filter', target_id: filterId, return_to: '/dashboard' },
        { csrfFrom: '/dashboard' },
      )
    ).status,
    303,
  );
  // Another member's saved filter is not there for them.
  const w = await loggedIn(app, writer);
  assert.equal(
    (await w.post('/subscriptions', { kind: 'filter', target_id: filterId }, { csrfFrom: '/dashboard' })).status,
    404,
  );
  assert.deepEqual(
    (await subscriptionRows(db, reader.id)).map((s) => s.kind),
    ['filter'],
  );
});

eachDialect('subscriptions: a feed’s secret token is not written to the request log', async ({ db }) => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
  const app = createApp({ db, config: { siteName: 'Quire', trustProxy: false }, logger });
  const writer = await buildUser(db, { username: 'log_writer' });
  const reader = await buildUser(db, { username: 'log_reader' });
  const id = await buildWork(db, writer, { meta: { title: 'Quiet Ledger' } });
  const r = await loggedIn(app, reader);
  assert.equal(
    (await r.post('/subscriptions', { kind: 'work', target_id: String(id) }, { csrfFrom: `/works/${id}` })).status,
    303,
  );
  const [sub] = await subscriptionRows(db, reader.id);
  assert.ok(sub);
  assert.equal((await new Client(app).get(`/subscriptions/${sub.feed_token}/feed.atom`)).status, 200);
  const log = lines.join('');
  assert.match(log, /"path":"\/subscriptions\/\[token\]\/feed\.atom"/, 'the feed request is logged');
  assert.ok(!log.includes(sub.feed_token), 'without its token');
});
