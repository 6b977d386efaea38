import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eachDialect } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { safeReturnPath } from './return-to.js';

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

eachDialect('return_to with CR/LF or a hidden second slash stays on the site after log-in', async ({ db }) => {
  const u = await buildUser(db, { username: 'returning_reader' });
  const app = testApp(db);
  for (const [to, expected] of [
    ['/works\r\nSet-Cookie: stolen=1', '/worksSet-Cookie:%20stolen=1'],
    ['/\t/evil.example/x', '/'],
    ['/.//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/x', '/'],
    ['/works?page=2#top', '/works?page=2#top'],
  ] as const) {
    const client = new Client(app);
    // As the form's field, and as the log-in page's query parameter (`/\t/…` is `return_to=/%09/…` there).
    const res = await client.post('/login', { username: u.username, password: u.password, return_to: to });
    assert.equal(res.status, 303, `return_to ${JSON.stringify(to)}`);
    assert.equal(res.headers.get('location'), expected, `return_to ${JSON.stringify(to)}`);
    assert.equal(
      res.headers.getSetCookie().some((c) => c.startsWith('stolen=')),
      false,
    );
    const form = await new Client(app).get(`/login?return_to=${encodeURIComponent(to)}`);
    assert.equal(form.status, 200);
    assert.ok((await form.text()).includes(`name="return_to" value="${expected}"`), `the form keeps ${expected}`);
  }
});

eachDialect('the mute form sends the member back only within the site, whatever return_to holds', async ({ db }) => {
  const u = await buildUser(db);
  const muted = await buildUser(db, { username: 'noisy_writer' });
  const client = new Client(testApp(db));
  await client.login(u.username, u.password);
  const crlf = await client.post(
    '/account/blocklist/mute',
    { username: muted.username, return_to: '/users/noisy_writer\r\nX-Evil: 1' },
    { csrfFrom: '/' },
  );
  assert.equal(crlf.status, 303);
  assert.equal(crlf.headers.get('location'), '/users/noisy_writerX-Evil:%201');
  const away = await client.post(
    '/account/blocklist/mute',
    { username: muted.username, return_to: '/\t/evil.example/x' },
    { csrfFrom: '/' },
  );
  assert.equal(away.status, 303);
  assert.equal(away.headers.get('location'), '/account/blocklist');
});

test('safeReturnPath resolves against the origin and keeps only same-origin paths', () => {
  const origin = 'https://archive.example';
  assert.equal(safeReturnPath('https://archive.example/works/1?x=1', origin), '/works/1?x=1');
  assert.equal(safeReturnPath('//evil.example/', origin), '/');
  assert.equal(safeReturnPath('http://archive.example/works', origin), '/');
  assert.equal(safeReturnPath('javascript:alert(1)', origin), '/');
  assert.equal(safeReturnPath(undefined, origin, '/dashboard'), '/dashboard');
});

eachDialect('a password change revokes the access tokens, and the account page says so', async ({ db }) => {
  const u = await buildUser(db, { username: 'token_changer' });
  const client = new Client(testApp(db));
  await client.login(u.username, u.password);
  assert.match(await (await client.get('/account')).text(), /revokes your access tokens/);
  const created = await (await client.post('/account/tokens', { name: 'E-reader' }, { csrfFrom: '/account' })).text();
  const secret = /value="(qpat_[A-Za-z0-9_-]+)"/.exec(created)![1]!;
  assert.equal((await new Client(client.app).get('/api/v1/works', bearer(secret))).status, 200);
  const changed = await client.post(
    '/account/password',
    { current: u.password, password: 'brand-new-pass', confirmation: 'brand-new-pass' },
    { csrfFrom: '/account' },
  );
  assert.equal(changed.status, 200);
  assert.match(await changed.text(), /access token was revoked/);
  assert.equal((await new Client(client.app).get('/api/v1/works', bearer(secret))).status, 401);
  // The session that changed it stays logged in.
  assert.match(await (await client.get('/account')).text(), /Change password/);
});

eachDialect(
  'Strict-Transport-Security is sent over HTTPS (directly or via a trusted proxy), not over plain HTTP',
  async ({ db }) => {
    const trusting = testApp(db, { trustProxy: true });
    const plain = testApp(db);
    assert.equal((await plain.request('http://localhost/works')).headers.get('strict-transport-security'), null);
    assert.match(
      (await plain.request('https://localhost/works')).headers.get('strict-transport-security') ?? '',
      /max-age=\d{7,}/,
    );
    assert.match(
      (await trusting.request('/works', { headers: { 'x-forwarded-proto': 'https' } })).headers.get(
        'strict-transport-security',
      ) ?? '',
      /max-age=/,
    );
    // Without trusting the proxy, the header a client writes proves nothing.
    assert.equal(
      (await plain.request('/works', { headers: { 'x-forwarded-proto': 'https' } })).headers.get(
        'strict-transport-security',
      ),
      null,
    );
  },
);
