import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { listAccessTokensOfUser } from '../store/access-token.store.js';
import { findUserById } from '../store/user.store.js';

const basic = (username: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`,
});
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

/** Creates a token on the account page, as a member would, and returns the secret shown once. */
async function createOnAccountPage(client: Client, name: string): Promise<string> {
  const res = await client.post('/account/tokens', { name }, { csrfFrom: '/account' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const html = await res.text();
  const m = /id="new-token" readonly="" value="(qpat_[A-Za-z0-9_-]+)"|value="(qpat_[A-Za-z0-9_-]+)"/.exec(html);
  assert.ok(m, 'the new token is shown');
  assert.match(html, /only time it is shown/);
  assert.match(html, /http:\/\/localhost\/opds/);
  return (m[1] ?? m[2])!;
}

eachDialect(
  'a member creates a token on the account page: shown once, stored as a hash, listed with dates, revocable',
  async ({ db }) => {
    const member = await buildUser(db, { username: 'token_owner' });
    const app = testApp(db);
    const client = await loggedIn(app, member);
    const account = await (await client.get('/account')).text();
    assert.match(account, /<h2>Access tokens<\/h2>/);
    assert.match(account, /You have no access tokens/);

    const secret = await createOnAccountPage(client, 'KOReader on the e-reader');
    const rows = await listAccessTokensOfUser(db, member.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.token_hash, crypto.createHash('sha256').update(secret).digest('hex'));
    assert.ok(!JSON.stringify(rows).includes(secret), 'the secret itself is not stored');

    const listed = await (await client.get('/account')).text();
    assert.match(listed, /KOReader on the e-reader/);
    assert.match(listed, new RegExp(`ends in …${secret.slice(-4)}`));
    assert.match(listed, /last used\s*never/);
    assert.ok(!listed.includes(secret), 'the account page never shows the secret again');

    // Using it records the use.
    assert.equal((await new Client(app).get('/opds', basic('token_owner', secret))).status, 200);
    assert.doesNotMatch(await (await client.get('/account')).text(), /last used\s*never/);

    // A name is required; the form says so and keeps the rest.
    const empty = await client.post('/account/tokens', { name: '  ' }, { csrfFrom: '/account' });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Give the token a name/);
    // Without the session's CSRF token nothing is created.
    assert.equal((await client.post('/account/tokens', { name: 'forged' }, { csrf: 'nope' })).status, 403);
    // A guest is sent to log in.
    assert.equal((await new Client(app).post('/account/tokens', { name: 'guest' })).status, 303);
    assert.equal((await listAccessTokensOfUser(db, member.id)).length, 1);

    // Someone else cannot revoke it.
    const other = await loggedIn(app, await buildUser(db));
    assert.equal(
      (await other.post('/account/tokens/revoke', { id: String(rows[0]!.id) }, { csrfFrom: '/account' })).status,
      404,
    );
    assert.equal((await new Client(app).get('/api/v1/works', bearer(secret))).status, 200);

    const revoked = await client.post('/account/tokens/revoke', { id: String(rows[0]!.id) }, { csrfFrom: '/account' });
    assert.equal(revoked.status, 303);
    assert.equal(revoked.headers.get('location'), '/account#access-tokens');
    const api = await new Client(app).get('/api/v1/works', bearer(secret));
    assert.equal(api.status, 401);
    assert.deepEqual(((await api.json()) as { error: { code: string } }).error.code, 'bad_token');
    const opds = await new Client(app).get('/opds', basic('token_owner', secret));
    assert.equal(opds.status, 401);
    assert.equal(opds.headers.get('www-authenticate'), 'Basic realm="Quire"');
  },
);

eachDialect('Bearer on the API and Basic on OPDS and feeds act as the member, with no cookie set', async ({ db }) => {
  const writer = await buildUser(db);
  const id = await buildWork(db, writer, { meta: { title: 'Token Lantern', restricted: true } });
  const member = await buildUser(db, { username: 'api_reader' });
  const app = testApp(db);
  const secret = await createOnAccountPage(await loggedIn(app, member), 'script');

  assert.equal((await new Client(app).get(`/api/v1/works/${id}`)).status, 404);
  const cases: Array<[string, Record<string, string>]> = [
    [`/api/v1/works/${id}`, bearer(secret)],
    [`/api/v1/works/${id}`, basic('api_reader', secret)],
    ['/api/v1/works', bearer(secret)],
    ['/opds/recent', basic('API_Reader', secret)],
    ['/opds/recent', bearer(secret)],
    ['/works/feed.atom', basic('api_reader', secret)],
    ['/works/feed.atom', basic(secret, '')],
    ['/users/api_reader/feed.atom', bearer(secret)],
  ];
  for (const [path, headers] of cases) {
    const res = await new Client(app).get(path, headers);
    assert.equal(res.status, 200, `${path} ${headers.authorization}`);
    assert.equal(res.headers.get('set-cookie'), null, `${path}: a token request got a cookie`);
    if (!path.startsWith('/users/')) assert.match(await res.text(), /Token Lantern/, `${path}: the member's view`);
  }
  // With a browser cookie beside it, the token still decides who asks, and no cookie is refreshed.
  const browser = await loggedIn(app, writer);
  const both = await browser.get('/api/v1/works', bearer(secret));
  assert.equal(both.headers.get('set-cookie'), null);
  assert.equal(both.status, 200);
});

eachDialect(
  'a bad token is a 401, never a guest: the API answers in JSON, OPDS and feeds with a Basic challenge',
  async ({ db }) => {
    const member = await buildUser(db, { username: 'badtoken_reader' });
    const app = testApp(db);
    const secret = await createOnAccountPage(await loggedIn(app, member), 'reader');
    const bad: Array<Record<string, string>> = [
      bearer('qpat_0000000000000000000000000000000000000000000'),
      bearer('not-even-a-token'),
      basic('badtoken_reader', member.password),
      basic('someone_else', secret),
      { authorization: 'Digest username="x"' },
      { authorization: 'Basic !!!' },
    ];
    for (const headers of bad) {
      const api = await new Client(app).get('/api/v1/works', headers);
      assert.equal(api.status, 401, `API ${headers.authorization}`);
      const body = (await api.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'bad_token');
      assert.ok(body.error.message.length > 20);
      assert.equal(api.headers.get('set-cookie'), null);
      for (const path of ['/opds', '/opds/recent', '/works/feed.atom', '/search/feed.atom?q=x']) {
        const res = await new Client(app).get(path, headers);
        assert.equal(res.status, 401, `${path} ${headers.authorization}`);
        assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Quire"');
        assert.equal(res.headers.get('set-cookie'), null);
      }
    }
    // Pages ignore the header (a proxy's own Basic auth must not break them), so it is never a way in.
    const page = await new Client(app).get('/works', basic('badtoken_reader', 'whatever'));
    assert.equal(page.status, 200);
  },
);

eachDialect('a token never passes a form’s CSRF check, with or without the member’s cookie', async ({ db }) => {
  const member = await buildUser(db);
  const app = testApp(db);
  const browser = await loggedIn(app, member);
  const secret = await createOnAccountPage(browser, 'reader');
  const form = (extra: Record<string, string>) => ({
    method: 'POST',
    body: new URLSearchParams({ viewAdult: '1' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...extra },
  });
  // The member's cookie plus their token, no CSRF field: refused.
  assert.equal((await browser.request('/account/preferences', form(bearer(secret)))).status, 403);
  // The token alone: refused too (no session, so nothing to match).
  assert.equal((await new Client(app).request('/account/preferences', form(bearer(secret)))).status, 403);
  assert.equal(
    (await new Client(app).request('/account/preferences', form(basic(member.username, secret)))).status,
    403,
  );
  assert.equal((await findUserById(db, member.id))?.view_adult, 0, 'the preference was not changed');
});
