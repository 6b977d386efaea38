import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { countRows, inviteCodeCounts } from '../../test/inspect.js';
import { Client, testApp } from '../../test/http.js';
import { deliverQueuedMail, linkIn } from '../../test/smtp.js';
import { TERMS_VERSION } from '../domain/terms.js';
import { escapeHtml } from '../domain/escape-html.js';
import { QUEUE_JOINED } from '../services/invitations.js';
import { DEFAULT_RATE_LIMITS } from '../services/rate-limits.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

const signUp = (c: Client, username: string, invite?: string) =>
  c.post('/signup', {
    username,
    email: `${username}@example.test`,
    password: 'correct horse battery',
    passwordConfirmation: 'correct horse battery',
    acceptTerms: '1',
    confirmAge: '1',
    ...(invite !== undefined ? { invite } : {}),
  });

async function adminIn(db: Kysely<DB>, app: ReturnType<typeof testApp>, mode: string): Promise<Client> {
  const admin = await buildUser(db, { username: `admin_${mode}`, isAdmin: true });
  const c = new Client(app);
  await c.login(admin.username, admin.password);
  const r = await c.post(
    '/admin/settings',
    {
      archiveName: 'Quire',
      signupMode: mode,
      guestsMayComment: '1',
      banner: '',
      termsVersion: TERMS_VERSION,
      tos: '',
      privacy: '',
      about: '',
    },
    { csrfFrom: '/' },
  );
  assert.equal(r.status, 303);
  return c;
}

eachDialect('sign-up by queue: join, a batch mails a code, the code signs up once', async ({ db }) => {
  const app = testApp(db, {}, { rateLimits: { ...DEFAULT_RATE_LIMITS, signupsPerAddress: 3 } });
  // Open by default: no queue to join.
  assert.equal((await new Client(app).get('/invite-requests')).status, 404);
  const admin = await adminIn(db, app, 'queue');

  const closed = await new Client(app).get('/signup');
  assert.equal(closed.status, 403);
  assert.match(await closed.text(), /href="\/invite-requests"/);
  const guest = new Client(app);
  assert.equal((await signUp(guest, 'sneaky_one')).status, 403);
  assert.equal(await countRows(db, 'users'), 1);

  assert.equal((await guest.get('/invite-requests')).status, 200);
  const bad = await guest.post('/invite-requests', { email: 'not an address' }, { csrfFrom: '/invite-requests' });
  assert.equal(bad.status, 400);
  for (const email of ['tern@example.test', 'TERN@example.test', 'skua@example.test']) {
    const r = await guest.post('/invite-requests', { email }, { csrfFrom: '/invite-requests' });
    assert.equal(r.status, 200);
    assert.ok((await r.text()).includes(escapeHtml(QUEUE_JOINED)), 'the same answer whether queued already or not');
  }
  const over = await guest.post('/invite-requests', { email: 'gannet@example.test' }, { csrfFrom: '/invite-requests' });
  assert.equal(over.status, 429);
  assert.match(await (await admin.get('/admin/invitations')).text(), /2 addresses wait/);

  const send = await admin.post('/admin/invitations/send', { count: '1' }, { csrfFrom: '/admin/invitations' });
  assert.equal(send.status, 303);
  const sent = await deliverQueuedMail(db);
  assert.deepEqual(
    sent.map((s) => s.to),
    [['tern@example.test']],
    'first come, first served',
  );
  const link = linkIn(sent[0]!.mail, '/signup?invite=');
  assert.ok(link);
  assert.match(await (await admin.get('/admin/invitations')).text(), /1 address waits/);

  const invited = new Client(app);
  const form = await invited.get(link);
  assert.equal(form.status, 200);
  const code = decodeURIComponent(link.split('invite=')[1]!);
  assert.ok((await form.text()).includes(`value="${code}"`), 'the code is filled in');
  assert.equal((await signUp(invited, 'tern_joins', code)).status, 303);
  assert.deepEqual(await inviteCodeCounts(db), { all: 1, used: 1 });
  const again = await signUp(new Client(app), 'tern_twice', code);
  assert.equal(again.status, 403);
  assert.match(await again.text(), /not valid or has been used already/);
  assert.equal((await new Client(app).get(link)).status, 403);
  assert.match(await (await admin.get('/admin/audit')).text(), /invitations\.sent/);
});

eachDialect('sign-up by invitation code: admins make codes, shown once; no code, no account', async ({ db }) => {
  const app = testApp(db);
  const admin = await adminIn(db, app, 'invite');
  const closed = await new Client(app).get('/signup');
  assert.equal(closed.status, 403);
  assert.match(await closed.text(), /invitation code/);
  assert.equal((await new Client(app).get('/invite-requests')).status, 404, 'no queue in this mode');
  assert.equal((await signUp(new Client(app), 'no_code_here', 'made-up-code')).status, 403);
  assert.equal((await signUp(new Client(app), 'no_code_here')).status, 403);

  const made = await admin.post('/admin/invitations/codes', { codes: '2' }, { csrfFrom: '/admin/invitations' });
  assert.equal(made.status, 200);
  const codes = [...(await made.text()).matchAll(/\/signup\?invite=([\w-]+)/g)].map((m) => m[1]!);
  assert.equal(codes.length, 2);
  assert.doesNotMatch(await (await admin.get('/admin/invitations')).text(), new RegExp(codes[0]!), 'shown once');
  assert.deepEqual(await inviteCodeCounts(db), { all: 2, used: 0 });
  assert.equal(
    (await admin.post('/admin/invitations/codes', { codes: '500' }, { csrfFrom: '/admin/invitations' })).status,
    400,
  );

  // A form error keeps the code unspent.
  const weak = await new Client(app).post('/signup', {
    username: 'avocet_new',
    email: 'avocet@example.test',
    password: 'short',
    passwordConfirmation: 'short',
    acceptTerms: '1',
    confirmAge: '1',
    invite: codes[0]!,
  });
  assert.equal(weak.status, 400);
  assert.equal((await signUp(new Client(app), 'avocet_new', codes[0])).status, 303);
  assert.equal((await signUp(new Client(app), 'avocet_two', codes[0])).status, 403);
  assert.deepEqual(await inviteCodeCounts(db), { all: 2, used: 1 });
  assert.match(await (await admin.get('/admin/audit')).text(), /invite-codes\.made/);
});
