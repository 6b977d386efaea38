import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { setRole } from '../store/user.store.js';

const ADMIN_GETS = [
  '/admin',
  '/admin/members',
  '/admin/audit',
  '/admin/settings',
  '/admin/invitations',
  '/admin/outbox',
];

eachDialect('admin area: a guest, a member and a moderator are refused every page and form', async ({ db }) => {
  const app = testApp(db);
  const target = await buildUser(db, { username: 'plover_t' });
  const member = await buildUser(db, { username: 'plover_m' });
  const moderator = await buildUser(db, { username: 'plover_mod' });
  await setRole(db, moderator.id, 'moderator', true);
  const clients: Array<[string, Client]> = [['guest', new Client(app)]];
  for (const u of [member, moderator]) {
    const c = new Client(app);
    await c.login(u.username, u.password);
    clients.push([u.username, c]);
  }
  for (const [who, c] of clients) {
    const from = { csrfFrom: who === 'guest' ? '/login' : '/' };
    for (const path of ADMIN_GETS) {
      const res = await c.get(path);
      assert.equal(res.status, 403, `${who} ${path}`);
      assert.doesNotMatch(await res.text(), /plover_t@example\.test/);
    }
    const post = await c.post(`/admin/members/${target.id}/roles`, { role: 'admin', granted: '1' }, from);
    assert.equal(post.status, 403, `${who} grants a role`);
    const settings = await c.post('/admin/settings', { archiveName: 'Taken Over' }, from);
    assert.equal(settings.status, 403);
  }
  const audit = await new Client(app).get('/admin/audit');
  assert.equal(audit.status, 403);
  const admin = await buildUser(db, { username: 'plover_admin', isAdmin: true });
  const c = new Client(app);
  await c.login(admin.username, admin.password);
  assert.doesNotMatch(await (await c.get('/admin/audit')).text(), /role\./, 'nothing was recorded');
  assert.doesNotMatch(await (await c.get('/')).text(), /Taken Over/);
});

eachDialect('admin area: find members, grant and remove roles, all in the audit log', async ({ db }) => {
  const app = testApp(db);
  const admin = await buildUser(db, { username: 'curlew_admin', isAdmin: true });
  const target = await buildUser(db, { username: 'Curlew_Reader' });
  await buildUser(db, { username: 'godwit_other' });
  const c = new Client(app);
  await c.login(admin.username, admin.password);

  const index = await (await c.get('/admin')).text();
  for (const href of [
    '/admin/members',
    '/moderation',
    '/admin/audit',
    '/admin/settings',
    '/admin/invitations',
    '/admin/outbox',
  ])
    assert.ok(index.includes(`href="${href}"`), href);

  const byName = await (await c.get('/admin/members?q=CURLEW_r')).text();
  assert.match(byName, /Curlew_Reader/);
  assert.doesNotMatch(byName, /godwit_other/);
  const byEmail = await (await c.get('/admin/members?q=godwit_other%40example')).text();
  assert.match(byEmail, /godwit_other/);
  assert.doesNotMatch(byEmail, /Curlew_Reader/);
  // A LIKE wildcard is searched for as itself.
  assert.match(await (await c.get('/admin/members?q=%25')).text(), /No member matches/);

  const grant = await c.post(
    `/admin/members/${target.id}/roles`,
    { role: 'moderator', granted: '1' },
    { csrfFrom: '/' },
  );
  assert.equal(grant.status, 303);
  assert.match(await (await c.get('/admin/members?q=curlew_reader')).text(), /<td>moderator<\/td>/);
  const wrangler = await c.post(
    `/admin/members/${target.id}/roles`,
    { role: 'wrangler', granted: '1' },
    { csrfFrom: '/' },
  );
  assert.equal(wrangler.status, 303);
  const remove = await c.post(
    `/admin/members/${target.id}/roles`,
    { role: 'moderator', granted: '0' },
    { csrfFrom: '/' },
  );
  assert.equal(remove.status, 303);
  assert.match(await (await c.get('/admin/members?q=curlew_reader')).text(), /<td>wrangler<\/td>/);

  // A made-up role and the admin's own admin role are refused, and nothing is recorded for them.
  assert.equal(
    (await c.post(`/admin/members/${target.id}/roles`, { role: 'owner', granted: '1' }, { csrfFrom: '/' })).status,
    400,
  );
  const self = await c.post(`/admin/members/${admin.id}/roles`, { role: 'admin', granted: '0' }, { csrfFrom: '/' });
  assert.equal(self.status, 403);
  assert.match(await (await c.get('/admin')).text(), /Admin area/, 'still an admin');

  const audit = await (await c.get('/admin/audit')).text();
  const actions = [...audit.matchAll(/<td>(role\.[a-z]+)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(actions, ['role.removed', 'role.granted', 'role.granted'], 'newest first');
  assert.match(audit, /curlew_admin/);
  assert.match(audit, new RegExp(`user ${target.id}`));

  // The new moderator's viewer carries the role: the admin area stays closed to them.
  const mod = new Client(app);
  await mod.login(target.username, 'correct horse battery');
  assert.equal((await mod.get('/admin')).status, 403);
});
