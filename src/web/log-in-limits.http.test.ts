import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { countRows } from '../../test/inspect.js';
import { BAD_LOGIN, logIn, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, slowdownMs } from '../services/log-in.js';

async function formPost(
  client: Client,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = new URLSearchParams({ _csrf: await client.csrf(), ...fields });
  return client.request('/login', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

eachDialect('40 simultaneous wrong passwords for one account: at most the limit are checked', async ({ db }) => {
  const u = await buildUser(db, { username: 'parallel_target' });
  const client = new Client(testApp(db));
  const token = await client.csrf();
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      client.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: token, username: u.username, password: `wrong-guess-${i}` }),
      }),
    ),
  );
  const statuses = answers.map((r) => r.status);
  const checked = statuses.filter((s) => s === 400).length;
  // Attempts in flight count against each other, so a burst may be refused whole: never more than the limit is checked.
  assert.ok(checked <= MAX_FAILURES_PER_ACCOUNT, `checked ${checked} of 40`);
  assert.equal(statuses.filter((s) => s === 429).length, 40 - checked);
  // Refused guesses were not checked and leave no record: only the checked ones count (three keys each).
  assert.equal(await countRows(db, 'login_attempts'), checked * 3);
});

eachDialect(
  'behind a trusted proxy the address is the hop the proxy added: varied first hops are still limited',
  async ({ db }) => {
    const app = testApp(db, { trustProxy: true });
    const client = new Client(app);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      // A different unknown account each time, and a different address claimed by the client.
      const res = await formPost(
        client,
        { username: `nobody_${i}`, password: 'guess-guess' },
        { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.7` },
      );
      statuses.push(res.status);
    }
    assert.deepEqual(statuses.slice(0, MAX_FAILURES_PER_IP), Array(MAX_FAILURES_PER_IP).fill(400));
    assert.ok(
      statuses.slice(MAX_FAILURES_PER_IP).every((s) => s === 429),
      `after ${MAX_FAILURES_PER_IP} failures: ${statuses.slice(MAX_FAILURES_PER_IP).join(',')}`,
    );
    // Another real address is not affected.
    const other = await formPost(
      new Client(app),
      { username: 'nobody_x', password: 'guess-guess' },
      { 'x-forwarded-for': '203.0.113.7, 198.51.100.2' },
    );
    assert.equal(other.status, 400);
  },
);

eachDialect(
  'guessing at an account from many addresses does not lock its owner out of a browser they used before',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'guarded_owner' });
    const app = testApp(db, { trustProxy: true });
    // The owner logged in from this browser before, so it carries the known-device cookie.
    const owner = new Client(app);
    assert.equal(
      (await formPost(owner, { username: u.username, password: u.password }, { 'x-forwarded-for': '198.51.100.10' }))
        .status,
      303,
    );
    assert.ok(owner.cookies.get('quire_device'), 'the browser is remembered');
    assert.equal((await owner.post('/logout', {}, { csrfFrom: '/' })).status, 303);

    // Strangers from many addresses fail many times.
    const stranger = new Client(app);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT * 2; i++) {
      await formPost(
        stranger,
        { username: u.username, password: `guess-${i}-guess` },
        { 'x-forwarded-for': `192.0.2.${i}` },
      );
    }
    // The owner's browser: the right password still works (from the same address a stranger used too).
    assert.equal(
      (await formPost(owner, { username: u.username, password: u.password }, { 'x-forwarded-for': '192.0.2.3' }))
        .status,
      303,
    );
  },
);

eachDialect(
  'after the wait a new browser with the right password gets in; a wrong one is still counted',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'patient_owner' });
    let now = Date.parse('2026-03-01T12:00:00.000Z');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const r = await logIn(db, { username: u.username, password: `guess-${i}-guess`, ip: `192.0.2.${i}`, now });
      assert.equal(r.ok ? 200 : r.status, 400);
      now += 100;
    }
    // A new browser is slowed down, not locked out: told to wait seconds, not 15 minutes.
    const tooSoon = await logIn(db, { username: u.username, password: u.password, ip: '198.51.100.1', now });
    assert.equal(tooSoon.ok ? 200 : tooSoon.status, 429);
    assert.match(tooSoon.ok ? '' : (tooSoon.errors._ ?? ''), /Wait \d+ seconds? and try again/);
    now += slowdownMs(MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ACCOUNT);
    const wrong = await logIn(db, { username: u.username, password: 'still-wrong', ip: '198.51.100.1', now });
    assert.deepEqual(wrong.ok ? null : wrong.errors, { _: BAD_LOGIN });
    // The wait doubles with each further failure.
    const waitNow = slowdownMs(MAX_FAILURES_PER_ACCOUNT + 1, MAX_FAILURES_PER_ACCOUNT);
    assert.equal(waitNow, 2 * slowdownMs(MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ACCOUNT));
    assert.equal(
      (await logIn(db, { username: u.username, password: u.password, ip: '198.51.100.1', now: now + waitNow - 1 })).ok,
      false,
    );
    const right = await logIn(db, {
      username: u.username,
      password: u.password,
      ip: '198.51.100.1',
      now: now + waitNow,
    });
    assert.ok(right.ok);
  },
);

eachDialect(
  'one address guessing at one account is refused after the limit, even with the right password',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'tern_two' });
    const client = new Client(testApp(db));
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      assert.equal((await client.login(u.username, `bad-${i}-password`)).status, 400);
    assert.equal((await client.login(u.username, u.password)).status, 429);
    // Another account from the same address is not refused.
    const other = await buildUser(db);
    assert.equal((await client.login(other.username, other.password)).status, 303);
  },
);

eachDialect(
  'without QUIRE_TRUST_PROXY behind a proxy (one address for all), failures by anyone slow strangers but lock out no one',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'shared_proxy_owner' });
    const app = testApp(db);
    // Signing up or logging in remembers the browser.
    const signedUp = new Client(app);
    const fields = {
      username: 'fresh_signup',
      email: 'fresh@example.test',
      password: 'lighthouse-22',
      passwordConfirmation: 'lighthouse-22',
      confirmAge: '1',
      acceptTerms: '1',
    };
    assert.equal((await signedUp.post('/signup', fields)).status, 303);
    assert.ok(signedUp.cookies.get('quire_device'));
    const owner = new Client(app);
    assert.equal((await owner.login(u.username, u.password)).status, 303);
    await owner.post('/logout', {}, { csrfFrom: '/' });
    const crowd = new Client(app);
    for (let i = 0; i < MAX_FAILURES_PER_IP + 5; i++) await crowd.login(`someone_${i}`, 'guess-guess');
    assert.equal((await owner.login(u.username, u.password)).status, 303);
    // Another member on a new browser behind the same address is told to wait seconds, or is already let in.
    const other = await buildUser(db);
    const res = await new Client(app).login(other.username, other.password);
    if (res.status !== 303) {
      assert.equal(res.status, 429);
      assert.match(await res.text(), /Wait \d+ seconds? and try again/);
    }
  },
);
