import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { countRows, jobRows } from '../../test/inspect.js';
import { Client, testApp } from '../../test/http.js';
import { deliverQueuedMail, linkIn } from '../../test/smtp.js';
import { escapeHtml } from '../domain/escape-html.js';
import { REFUSALS } from '../services/comments.js';
import { CONFIRM_LINK_SPENT, RESENDS_PER_HOUR } from '../services/email-confirmation.js';

const signup = {
  username: 'sandpiper_w',
  email: 'Sandpiper@example.test',
  password: 'estuary-mud-7',
  passwordConfirmation: 'estuary-mud-7',
  confirmAge: '1',
  acceptTerms: '1',
};

const workForm = {
  title: 'Low Water',
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: 'Original Work',
  language: 'en',
  body: 'The tide went out and the mud shone.',
  action: 'post',
};

eachDialect(
  'sign-up: the new member reads but neither posts nor comments until the mailed link confirms the address',
  async ({ db }) => {
    const writer = await buildUser(db);
    const workId = await buildWork(db, writer);
    const app = testApp(db);
    const client = new Client(app);
    assert.equal((await client.post('/signup', signup)).status, 303);

    // Reading works; the banner says what to do.
    const reading = await client.get(`/works/${workId}`);
    assert.equal(reading.status, 200);
    const html = await reading.text();
    assert.match(html, /Confirm your email address to post works and comment/);
    assert.ok(html.includes(escapeHtml(REFUSALS.unconfirmed)), 'the comment form is replaced by why not');

    // Posting and commenting are refused, and nothing is written.
    const form = await client.get('/works/new');
    assert.equal(form.status, 403);
    assert.match(await form.text(), /Confirm your email address first/);
    assert.equal((await client.post('/works/new', workForm)).status, 403);
    const comment = await client.post(
      `/works/${workId}/comments`,
      { body: 'Lovely mud.' },
      { csrfFrom: `/works/${workId}` },
    );
    assert.equal(comment.status, 403);
    assert.equal(await countRows(db, 'works'), 1);
    assert.equal(await countRows(db, 'comments'), 0);

    // The mail, received by an SMTP server, carries the link; opening it confirms the address.
    const sent = await deliverQueuedMail(db);
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.to, ['Sandpiper@example.test']);
    assert.match(sent[0]!.mail.subject ?? '', /Confirm your email address/);
    const link = linkIn(sent[0]!.mail, '/confirm?token=');
    assert.ok(link);
    const confirmed = await new Client(app).get(link);
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /Email address confirmed/);

    // The same session may now post and comment; the banner is gone.
    const after = await client.get('/works/new');
    assert.equal(after.status, 200);
    assert.doesNotMatch(await after.text(), /Confirm your email address to post/);
    assert.equal((await client.post('/works/new', workForm)).status, 303);
    const again = await client.post(
      `/works/${workId}/comments`,
      { body: 'Lovely mud.' },
      { csrfFrom: `/works/${workId}` },
    );
    assert.equal(again.status, 303);
    assert.equal(await countRows(db, 'comments'), 1);

    // The link works once.
    const reused = await new Client(app).get(link);
    assert.equal(reused.status, 410);
    assert.ok((await reused.text()).includes(escapeHtml(CONFIRM_LINK_SPENT)));
  },
);

eachDialect('confirmation: a new link on request, a few an hour; none for a confirmed member', async ({ db }) => {
  const app = testApp(db);
  const client = new Client(app);
  await client.post('/signup', signup);
  for (let i = 0; i < RESENDS_PER_HOUR; i++) {
    const r = await client.post('/confirm/resend', {}, { csrfFrom: '/' });
    assert.equal(r.status, 200);
    assert.match(await r.text(), /A new link is on its way/);
  }
  const over = await client.post('/confirm/resend', {}, { csrfFrom: '/' });
  assert.equal(over.status, 429);
  assert.equal(over.headers.get('retry-after'), '3600');
  assert.equal((await jobRows(db)).length, 1 + RESENDS_PER_HOUR);

  // Any of the links confirms; then every one of them is spent.
  const links = (await deliverQueuedMail(db)).map((s) => linkIn(s.mail, '/confirm?token=')!);
  assert.equal((await client.get(links[2]!)).status, 200);
  assert.equal((await client.get(links[0]!)).status, 410);

  const member = await buildUser(db);
  const confirmed = new Client(app);
  await confirmed.login(member.username, member.password);
  const r = await confirmed.post('/confirm/resend', {}, { csrfFrom: '/' });
  assert.match(await r.text(), /already confirmed/);
  assert.equal((await jobRows(db)).length, 1 + RESENDS_PER_HOUR, 'nothing queued for a confirmed member');
  assert.equal((await client.get('/confirm?token=nonsense')).status, 410);
});
