import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { commentIds, userRow } from '../../test/inspect.js';
import { Client, testApp } from '../../test/http.js';
import { TERMS_VERSION } from '../domain/terms.js';

const SETTINGS = {
  archiveName: 'Quire',
  signupMode: 'open',
  guestsMayComment: '1',
  banner: '',
  termsVersion: TERMS_VERSION,
  tos: '',
  privacy: '',
  about: '',
};

eachDialect('site settings: the name, the banner and the pages change for everyone, sanitized', async ({ db }) => {
  const app = testApp(db);
  const admin = await buildUser(db, { username: 'heron_admin', isAdmin: true });
  const c = new Client(app);
  await c.login(admin.username, admin.password);
  const guest = new Client(app);
  // A guest page is shared before the change: it must not outlive it.
  assert.match(await (await guest.get('/works')).text(), /<title>Works \| Quire<\/title>/);
  assert.match(await (await guest.get('/about')).text(), /is an archive of fan works/);

  const bad = await c.post(
    '/admin/settings',
    { ...SETTINGS, archiveName: ' ', signupMode: 'sometimes' },
    { csrfFrom: '/' },
  );
  assert.equal(bad.status, 400);
  const badText = await bad.text();
  assert.match(badText, /Give the archive a name/);
  assert.match(badText, /Choose how visitors sign up/);

  const saved = await c.post(
    '/admin/settings',
    {
      ...SETTINGS,
      archiveName: 'Heron Shelf',
      banner: 'Maintenance on <Sunday> at noon.',
      about: '<p>We keep <em>heron</em> stories.</p><script>alert(1)</script>',
      tos: 'Be kind.',
      termsVersion: '2027-01-15',
    },
    { csrfFrom: '/' },
  );
  assert.equal(saved.status, 303);

  const works = await (await guest.get('/works')).text();
  assert.match(works, /<title>Works \| Heron Shelf<\/title>/);
  assert.match(works, /Maintenance on &lt;Sunday&gt; at noon\./);
  const about = await (await guest.get('/about')).text();
  assert.match(about, /We keep <em>heron<\/em> stories\./);
  assert.doesNotMatch(about, /<script>alert/);
  assert.doesNotMatch(about, /is an archive of fan works/);
  const tos = await (await guest.get('/tos')).text();
  assert.match(tos, /Version 2027-01-15\./);
  assert.match(tos, /<p>Be kind\.<\/p>/);
  // Feeds and the catalog name the archive as its pages do.
  assert.match(await (await guest.get('/works/feed.atom')).text(), /<title type="text">Works \| Heron Shelf<\/title>/);
  assert.match(await (await guest.get('/opds')).text(), /Heron Shelf/);
  // The privacy page kept its built-in text, under the new name.
  assert.match(await (await guest.get('/privacy')).text(), /Heron Shelf keeps as little about you/);

  // Sign-up records the version the admins gave the terms.
  const joined = await new Client(app).post('/signup', {
    username: 'egret_new',
    email: 'egret_new@example.test',
    password: 'correct horse battery',
    passwordConfirmation: 'correct horse battery',
    acceptTerms: '1',
    confirmAge: '1',
  });
  assert.equal(joined.status, 303);
  assert.equal((await userRow(db, 'egret_new')).terms_version, '2027-01-15');

  const audit = await (await c.get('/admin/audit')).text();
  assert.match(audit, /settings\.changed/);
  assert.match(audit, /archive_name/);
  // The form shows what is stored.
  const form = await (await c.get('/admin/settings')).text();
  assert.match(form, /value="Heron Shelf"/);
});

eachDialect('site settings: with guest comments off a guest is refused, a member is not', async ({ db }) => {
  const app = testApp(db);
  const admin = await buildUser(db, { username: 'ibis_admin', isAdmin: true });
  const writer = await buildUser(db, { username: 'ibis_writer' });
  const id = await buildWork(db, writer, { meta: { title: 'Ibis at Dusk' } });
  const c = new Client(app);
  await c.login(admin.username, admin.password);
  assert.equal((await c.post('/admin/settings', { ...SETTINGS, guestsMayComment: '' }, { csrfFrom: '/' })).status, 303);
  const guest = new Client(app);
  const page = await (await guest.get(`/works/${id}`)).text();
  assert.match(page, /Comments on this archive are for members/);
  assert.doesNotMatch(page, /name="guest_name"/);
  const sent = await guest.post(
    `/works/${id}/comments`,
    { body: 'Lovely ibis.', guest_name: 'Wren', guest_email: 'wren@example.org' },
    { csrfFrom: `/login` },
  );
  assert.equal(sent.status, 403);
  assert.match(await sent.text(), /Comments on this archive are for members/);
  assert.deepEqual(await commentIds(db), []);

  const member = new Client(app);
  await member.login(admin.username, admin.password);
  const ok = await member.post(`/works/${id}/comments`, { body: 'Lovely ibis.' }, { csrfFrom: `/works/${id}` });
  assert.equal(ok.status, 303);
  assert.equal((await commentIds(db)).length, 1);
});
