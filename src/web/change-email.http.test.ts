import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { jobRows, setPasswordChangedAt, userRow } from '../../test/inspect.js';
import { Client, testApp } from '../../test/http.js';
import { deliverQueuedMail, linkIn } from '../../test/smtp.js';
import { escapeHtml } from '../domain/escape-html.js';
import { EMAIL_CHANGE_SENT, EMAIL_CHANGES_PER_HOUR, EMAIL_LINK_SPENT } from '../services/change-email.js';

eachDialect(
  'change email: the new address confirms by its link, the old one is told; nothing changes before',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'godwit_l' });
    const app = testApp(db);
    const client = new Client(app);
    await client.login(u.username, u.password);
    const ask = (email: string, password: string) =>
      client.post('/account/email', { email, password }, { csrfFrom: '/account' });

    const wrong = await ask('godwit@new.example.test', 'not my password');
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Your password is incorrect/);
    const same = await ask('GODWIT_L@example.test', u.password);
    assert.equal(same.status, 400);
    assert.match(await same.text(), /already your address/);
    assert.equal((await jobRows(db)).length, 0);

    const r = await ask('godwit@new.example.test', u.password);
    assert.equal(r.status, 200);
    assert.ok((await r.text()).includes(escapeHtml(EMAIL_CHANGE_SENT)));
    const email = async () => (await userRow(db, u.username)).email;
    assert.equal(await email(), 'godwit_l@example.test', 'unchanged until the link is opened');

    const sent = await deliverQueuedMail(db);
    assert.deepEqual(
      sent.map((s) => s.to),
      [['godwit@new.example.test'], ['godwit_l@example.test']],
    );
    const link = linkIn(sent[0]!.mail, '/account/email/confirm?token=');
    assert.ok(link);
    assert.equal(linkIn(sent[1]!.mail, '/account/email/confirm?token='), undefined, 'no link to the old address');
    assert.match(sent[1]!.mail.text ?? '', /g…@new\.example\.test/);

    const done = await new Client(app).get(link);
    assert.equal(done.status, 200);
    assert.match(await done.text(), /now uses godwit@new\.example\.test/);
    assert.equal(await email(), 'godwit@new.example.test');
    const again = await new Client(app).get(link);
    assert.equal(again.status, 410);
    assert.ok((await again.text()).includes(escapeHtml(EMAIL_LINK_SPENT)));

    // A reset now goes to the new address only.
    await new Client(app).post('/password/forgot', { email: 'godwit@new.example.test' });
    assert.deepEqual(
      (await deliverQueuedMail(db)).map((s) => s.to),
      [['godwit@new.example.test']],
    );
  },
);

eachDialect('change email: a password changed since voids the link; a few asks an hour', async ({ db }) => {
  const u = await buildUser(db, { username: 'knot_w' });
  const app = testApp(db);
  const client = new Client(app);
  await client.login(u.username, u.password);
  const ask = () =>
    client.post(
      '/account/email',
      { email: 'knot@elsewhere.example.test', password: u.password },
      { csrfFrom: '/account' },
    );
  for (let i = 0; i < EMAIL_CHANGES_PER_HOUR; i++) assert.equal((await ask()).status, 200);
  const over = await ask();
  assert.equal(over.status, 429);
  assert.equal(over.headers.get('retry-after'), '3600');
  const links = (await deliverQueuedMail(db))
    .map((s) => linkIn(s.mail, '/account/email/confirm?token='))
    .filter(Boolean);
  assert.equal(links.length, EMAIL_CHANGES_PER_HOUR);
  await setPasswordChangedAt(db, u.id, new Date(Date.now() + 1000));
  assert.equal((await new Client(app).get(links[0]!)).status, 410);
  // Guests are sent to log in; nothing is asked for them.
  const guest = await new Client(app).post('/account/email', { email: 'x@example.test', password: 'x' });
  assert.equal(guest.status, 303);
});
