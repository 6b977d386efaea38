import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { countRows, userRow } from '../../test/inspect.js';
import { buildUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { BAD_LOGIN, MAX_FAILURES_PER_ACCOUNT } from '../services/log-in.js';
import { TERMS_VERSION } from '../domain/terms.js';

const signup = {
  username: 'wren_reads',
  email: 'wren@example.test',
  password: 'lighthouse-22',
  passwordConfirmation: 'lighthouse-22',
  confirmAge: '1',
  acceptTerms: '1',
};

eachDialect(
  'sign-up creates a member, logs them in with an HttpOnly SameSite=Lax cookie, and makes a default pseud',
  async ({ db }) => {
    const client = new Client(testApp(db));
    const res = await client.post('/signup', signup);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/users/wren_reads');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('quire_session='));
    assert.match(cookie ?? '', /HttpOnly/i);
    assert.match(cookie ?? '', /SameSite=Lax/i);
    const page = await (await client.get('/users/wren_reads')).text();
    assert.match(page, /Log Out/);
    // What they agreed to, and when, is kept with the account.
    const row = await userRow(db, 'wren_reads');
    assert.equal(row.terms_version, TERMS_VERSION);
    assert.equal(row.terms_accepted_at, row.created_at);
    assert.match(page, /\/users\/wren_reads\/pseuds\/wren_reads/);
  },
);

eachDialect('sign-up errors are shown per field, keep what was typed, and write nothing', async ({ db }) => {
  const client = new Client(testApp(db));
  const res = await client.post('/signup', {
    ...signup,
    username: 'x',
    email: 'not-an-email',
    passwordConfirmation: 'different',
    confirmAge: '',
    acceptTerms: '',
  });
  assert.equal(res.status, 400);
  const html = await res.text();
  for (const msg of ['Username must be 3–40', 'valid email', 'do not match', '13 or older', 'Terms of Service'])
    assert.ok(html.includes(msg), msg);
  assert.match(html, /value="not-an-email"/);
  assert.equal(await countRows(db, 'users'), 0);
});

eachDialect(
  'log-in: the same message for an unknown user and a wrong password; the session id changes at log-in',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'gull_watcher' });
    const client = new Client(testApp(db));
    const unknown = await (await client.login('nobody_here', 'whatever-pass')).text();
    const wrong = await (await client.login('gull_watcher', 'wrong-password')).text();
    assert.ok(unknown.includes(BAD_LOGIN) && wrong.includes(BAD_LOGIN));
    const before = client.cookies.get('quire_session');
    assert.ok(before, 'a guest session exists for the form');
    const ok = await client.login(u.username, u.password);
    assert.equal(ok.status, 303);
    const after = client.cookies.get('quire_session');
    assert.ok(after && after !== before, 'session id rotated');
    // The old guest token is dead.
    const stale = new Client(client.app);
    stale.cookies.set('quire_session', before);
    assert.doesNotMatch(await (await stale.get('/')).text(), /Log Out/);
  },
);

eachDialect('log-in attempts are limited per account', async ({ db }) => {
  const u = await buildUser(db, { username: 'tern' });
  const client = new Client(testApp(db));
  for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
    assert.equal((await client.login('tern', `bad-${i}-password`)).status, 400);
  const limited = await client.login('tern', u.password);
  assert.equal(limited.status, 429);
  assert.match(await limited.text(), /Too many failed log-in attempts/);
});

eachDialect('a form without the CSRF token is refused with 403 and changes nothing', async ({ db }) => {
  const client = new Client(testApp(db));
  const res = await client.post('/signup', signup, { csrf: null });
  assert.equal(res.status, 403);
  const wrong = await client.post('/signup', signup, { csrf: 'forged-token-forged-token' });
  assert.equal(wrong.status, 403);
  assert.equal(await countRows(db, 'users'), 0);
});

eachDialect('log out ends the session; changing the password needs the current one', async ({ db }) => {
  const u = await buildUser(db, { username: 'puffin' });
  const client = new Client(testApp(db));
  await client.login(u.username, u.password);
  const bad = await client.post('/account/password', {
    current: 'nope-nope',
    password: 'new-pass-123',
    confirmation: 'new-pass-123',
  });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /current password is incorrect/);
  const good = await client.post('/account/password', {
    current: u.password,
    password: 'new-pass-123',
    confirmation: 'new-pass-123',
  });
  assert.equal(good.status, 200);
  assert.match(await good.text(), /password was changed/);
  assert.equal((await client.post('/logout', {})).status, 303);
  assert.doesNotMatch(await (await client.get('/')).text(), /Log Out/);
  assert.equal((await client.login(u.username, u.password)).status, 400);
  assert.equal((await client.login(u.username, 'new-pass-123')).status, 303);
});
