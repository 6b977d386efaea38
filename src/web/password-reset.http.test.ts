import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { expireAccountToken, jobRows, setPasswordChangedAt } from '../../test/inspect.js';
import { Client, testApp } from '../../test/http.js';
import { deliverQueuedMail, linkIn } from '../../test/smtp.js';
import { RESET_LINK_SPENT, RESET_SENT } from '../services/password-reset.js';
import { DEFAULT_RATE_LIMITS } from '../services/rate-limits.js';
import { escapeHtml } from '../domain/escape-html.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

/** Runs the queued mail jobs against a real SMTP server; returns the reset links the mails carry. */
async function deliverLinks(db: Kysely<DB>): Promise<{ links: string[]; to: string[][]; texts: string[] }> {
  const sent = await deliverQueuedMail(db);
  return {
    links: sent.map((s) => linkIn(s.mail, '/password/reset?token=') ?? ''),
    to: sent.map((s) => s.to),
    texts: sent.map((s) => s.mail.text ?? ''),
  };
}

const spentPage = (html: string) => html.includes(escapeHtml(RESET_LINK_SPENT)) && html.includes('/password/forgot');

eachDialect(
  'password reset: the same answer for a known and an unknown address; a link by mail sets a new password once',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'tern_keeper', password: 'old-password-1' });
    const member = new Client(testApp(db));
    await member.login(u.username, 'old-password-1');
    const app = testApp(db);

    const known = await new Client(app).post('/password/forgot', { email: 'TERN_KEEPER@example.test' });
    const unknown = await new Client(app).post('/password/forgot', { email: 'nobody@example.test' });
    assert.equal(known.status, 200);
    assert.equal(unknown.status, 200);
    const strip = (h: string) => h.replace(/name="_csrf" value="[^"]+"/g, '');
    const [a, b] = [strip(await known.text()), strip(await unknown.text())];
    assert.ok(a.includes(escapeHtml(RESET_SENT)));
    assert.equal(a, b, 'the page does not tell whether the address has an account');
    assert.equal((await jobRows(db)).length, 1, 'one mail, to the account that exists');

    const mail = await deliverLinks(db);
    assert.deepEqual(mail.to, [['tern_keeper@example.test']]);
    assert.match(mail.texts[0]!, /tern_keeper/);
    const link = mail.links[0]!;
    assert.ok(link, 'the mail carries a reset link');

    const visitor = new Client(app);
    const form = await visitor.get(link);
    assert.equal(form.status, 200);
    const html = await form.text();
    assert.match(html, /Choose a new password/);

    const token = new URL(link, 'http://x').searchParams.get('token')!;
    // A mismatch is an error on the form and spends nothing.
    const mismatch = await visitor.post('/password/reset', { token, password: 'new-password-2', confirmation: 'nope' });
    assert.equal(mismatch.status, 400);
    assert.match(await mismatch.text(), /do not match/);

    const set = await visitor.post('/password/reset', {
      token,
      password: 'new-password-2',
      confirmation: 'new-password-2',
    });
    assert.equal(set.status, 200);
    assert.match(await set.text(), /Password changed/);

    // The member's sessions end; the old password no longer logs in, the new one does.
    const after = await member.get('/account');
    assert.notEqual(after.status, 200);
    assert.equal((await new Client(app).login(u.username, 'old-password-1')).status, 400);
    assert.equal((await new Client(app).login(u.username, 'new-password-2')).status, 303);

    // The link works once.
    const again = await new Client(app).get(link);
    assert.equal(again.status, 410);
    assert.ok(spentPage(await again.text()));
    const reuse = await new Client(app).post('/password/reset', {
      token,
      password: 'third-password-3',
      confirmation: 'third-password-3',
    });
    assert.equal(reuse.status, 410);
    assert.equal((await new Client(app).login(u.username, 'new-password-2')).status, 303, 'unchanged');
  },
);

eachDialect(
  'password reset: an expired, unknown or superseded link is refused and offers a new one',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'plover_reads', password: 'old-password-1' });
    const app = testApp(db);
    await new Client(app).post('/password/forgot', { email: 'plover_reads@example.test' });
    await new Client(app).post('/password/forgot', { email: 'plover_reads@example.test' });
    const { links } = await deliverLinks(db);
    assert.equal(links.length, 2);

    // An hour later the first link has expired.
    await expireAccountToken(db, 1);
    const expired = await new Client(app).get(links[0]!);
    assert.equal(expired.status, 410);
    assert.ok(spentPage(await expired.text()));

    for (const bad of ['/password/reset', '/password/reset?token=abc', `/password/reset?token=${'A'.repeat(43)}`]) {
      const r = await new Client(app).get(bad);
      assert.equal(r.status, 410, bad);
    }

    // A password changed since the link was sent voids it.
    const member = new Client(app);
    await member.login(u.username, 'old-password-1');
    await setPasswordChangedAt(db, u.id, new Date(Date.now() + 1000));
    const superseded = await new Client(app).get(links[1]!);
    assert.equal(superseded.status, 410);
  },
);

eachDialect('password reset: a malformed address is an error; too many requests answer 429', async ({ db }) => {
  await buildUser(db, { username: 'curlew_k' });
  const app = testApp(db);
  const bad = await new Client(app).post('/password/forgot', { email: 'not an address' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /valid email/);
  assert.equal((await jobRows(db)).length, 0);

  const client = new Client(app);
  for (let i = 0; i < DEFAULT_RATE_LIMITS.resetsPerEmail; i++)
    assert.equal((await client.post('/password/forgot', { email: 'curlew_k@example.test' })).status, 200);
  const over = await client.post('/password/forgot', { email: 'curlew_k@example.test' });
  assert.equal(over.status, 429);
  assert.equal(over.headers.get('retry-after'), '3600');
  assert.match(await over.text(), /Try again in an hour/);
  assert.equal((await jobRows(db)).length, DEFAULT_RATE_LIMITS.resetsPerEmail, 'no mail past the limit');
});
