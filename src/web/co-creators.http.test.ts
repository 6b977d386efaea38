import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { countRows } from '../../test/inspect.js';

const form = {
  title: 'Two Keepers',
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: 'Original Work',
  summary: 'Written together, or was it?',
  language: 'en',
  body: 'The lamp turned.\n\nTwo keepers wrote in the log.',
  action: 'post',
};

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

/** The byline as everyone sees it: usernames credited on the work, from the API. */
async function credited(app: ReturnType<typeof testApp>, workId: number): Promise<string[]> {
  const res = await new Client(app).get(`/api/v1/works/${workId}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { creators: Array<{ username: string }> }).creators.map((c) => c.username);
}

/** The ids in a member's co-creator requests page's accept forms. */
async function invitationIds(client: Client, username: string): Promise<number[]> {
  const html = await (await client.get(`/users/${username}/co-creator-requests`)).text();
  return [...html.matchAll(/action="\/co-creator-requests\/(\d+)\/accept"/g)].map((m) => Number(m[1]));
}

async function setUp(db: Parameters<Parameters<typeof eachDialect>[1]>[0]['db']) {
  const app = testApp(db);
  const author = await buildUser(db, { username: 'first_keeper' });
  const named = await buildUser(db, { username: 'named_keeper' });
  const authorClient = await loggedIn(app, author);
  const posted = await authorClient.post(
    '/works/new',
    { ...form, coCreators: 'named_keeper' },
    { csrfFrom: '/works/new' },
  );
  assert.equal(posted.status, 303);
  const workId = Number(/\/works\/(\d+)/.exec(posted.headers.get('location')!)![1]);
  return { app, author, named, authorClient, workId };
}

eachDialect('a member named as co-creator is not credited anywhere until they accept', async ({ db }) => {
  const { app, named, workId } = await setUp(db);
  assert.deepEqual(await credited(app, workId), ['first_keeper']);
  const guest = new Client(app);
  assert.doesNotMatch(await (await guest.get(`/works/${workId}`)).text(), /named_keeper/);
  assert.doesNotMatch(await (await guest.get('/users/named_keeper')).text(), /Two Keepers/);

  // The invitee is told on their dashboard and answers on their own requests page.
  const invitee = await loggedIn(app, named);
  assert.match(await (await invitee.get('/dashboard')).text(), /Co-creator requests \(1\)/);
  const page = await (await invitee.get('/users/named_keeper/co-creator-requests')).text();
  assert.match(page, /Two Keepers/);
  assert.match(page, /invited by <a href="\/users\/first_keeper">first_keeper<\/a>/);
  const [inv] = await invitationIds(invitee, 'named_keeper');
  const accepted = await invitee.post(`/co-creator-requests/${inv}/accept`, {}, { csrfFrom: '/dashboard' });
  assert.equal(accepted.status, 303);
  assert.equal(accepted.headers.get('location'), `/works/${workId}`);
  assert.deepEqual(await credited(app, workId), ['first_keeper', 'named_keeper']);
  assert.match(await (await guest.get('/users/named_keeper')).text(), /Two Keepers/);
  assert.equal(await countRows(db, 'creator_invitations'), 0);
});

eachDialect('a declined invitation credits nobody; only the invitee may answer it', async ({ db }) => {
  const { app, author, named, authorClient, workId } = await setUp(db);
  const invitee = await loggedIn(app, named);
  const [inv] = await invitationIds(invitee, 'named_keeper');
  // Not the inviter, not another member, not a guest; nor may they see the invitee's requests.
  const other = await loggedIn(app, await buildUser(db));
  for (const c of [authorClient, other]) {
    assert.equal((await c.post(`/co-creator-requests/${inv}/accept`, {}, { csrfFrom: '/dashboard' })).status, 403);
    assert.equal((await c.get('/users/named_keeper/co-creator-requests')).status, 403);
  }
  const guest = new Client(app);
  assert.equal((await guest.post(`/co-creator-requests/${inv}/accept`, {})).status, 403);
  assert.equal((await guest.get('/users/named_keeper/co-creator-requests')).status, 303);
  assert.deepEqual(await credited(app, workId), [author.username]);

  const declined = await invitee.post(`/co-creator-requests/${inv}/decline`, {}, { csrfFrom: '/dashboard' });
  assert.equal(declined.status, 303);
  assert.match(await (await invitee.get(declined.headers.get('location')!)).text(), /Invitation declined/);
  assert.deepEqual(await credited(app, workId), [author.username]);
  assert.equal((await invitee.post(`/co-creator-requests/${inv}/accept`, {}, { csrfFrom: '/dashboard' })).status, 404);
});

eachDialect('a co-creator cannot edit the creator off the work, and may remove only themselves', async ({ db }) => {
  const { app, author, named, authorClient, workId } = await setUp(db);
  const coCreator = await loggedIn(app, named);
  const [inv] = await invitationIds(coCreator, 'named_keeper');
  await coCreator.post(`/co-creator-requests/${inv}/accept`, {}, { csrfFrom: '/dashboard' });

  // The co-creator's edit leaves the creator out of the co-creators field: the creator stays.
  const edited = await coCreator.post(
    `/works/${workId}/edit`,
    { ...form, title: 'Mine Now', coCreators: '' },
    { csrfFrom: `/works/${workId}/edit` },
  );
  assert.equal(edited.status, 303);
  assert.deepEqual(await credited(app, workId), ['first_keeper', 'named_keeper']);
  // Naming a third member on an edit only invites them.
  const third = await buildUser(db, { username: 'third_keeper' });
  await coCreator.post(
    `/works/${workId}/edit`,
    { ...form, coCreators: 'first_keeper, third_keeper' },
    { csrfFrom: `/works/${workId}/edit` },
  );
  assert.deepEqual(await credited(app, workId), ['first_keeper', 'named_keeper']);
  assert.equal((await invitationIds(await loggedIn(app, third), 'third_keeper')).length, 1);

  // The co-creator takes themselves off; the creator, then alone, cannot.
  const shared = await (await coCreator.get('/users/named_keeper/co-creator-requests')).text();
  assert.match(shared, new RegExp(`action="/works/${workId}/leave"`));
  assert.equal((await coCreator.post(`/works/${workId}/leave`, {}, { csrfFrom: '/dashboard' })).status, 303);
  assert.deepEqual(await credited(app, workId), [author.username]);
  const alone = await authorClient.post(`/works/${workId}/leave`, {}, { csrfFrom: '/dashboard' });
  assert.equal(alone.status, 403);
  assert.match(await alone.text(), /only creator/);
  // A member who is not a creator cannot use it to remove anyone.
  const stranger = await loggedIn(app, await buildUser(db));
  assert.equal((await stranger.post(`/works/${workId}/leave`, {}, { csrfFrom: '/dashboard' })).status, 403);
  assert.deepEqual(await credited(app, workId), [author.username]);
});
