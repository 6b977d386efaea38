import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { backdateRenames, pseudNames } from '../../test/inspect.js';
import { Client, testApp } from '../../test/http.js';

eachDialect(
  'change username: old pages redirect, the name stays reserved, once a week, works found by it',
  async ({ db }) => {
    const app = testApp(db);
    const u = await buildUser(db, { username: 'shag_old' });
    const id = await buildWork(db, u, { meta: { title: 'Cormorant Rock' } });
    const c = new Client(app);
    await c.login(u.username, u.password);
    const ask = (username: string, password = u.password) =>
      c.post('/account/username', { username, password }, { csrfFrom: '/account/username' });

    assert.equal((await c.get('/account/username')).status, 200);
    const wrong = await ask('shag_new', 'not my password');
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Your password is incorrect/);
    assert.equal((await ask('bad name!')).status, 400);
    assert.match(await (await ask('orphan_account')).text(), /reserved/);
    await buildUser(db, { username: 'taken_name' });
    assert.match(await (await ask('Taken_Name')).text(), /That username is taken/);

    const done = await ask('Shag_New');
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/users/Shag_New');
    assert.deepEqual(await pseudNames(db, u.id), ['Shag_New'], 'the pseud of the old name follows');

    const guest = new Client(app);
    for (const [from, to] of [
      ['/users/shag_old', '/users/Shag_New'],
      ['/users/SHAG_OLD/works', '/users/Shag_New/works'],
      ['/users/shag_old/bookmarks?page=2', '/users/Shag_New/bookmarks?page=2'],
      ['/users/shag_old/pseuds/shag_old', '/users/Shag_New/pseuds/shag_old'],
      ['/users/shag_old/feed.atom', '/users/Shag_New/feed.atom'],
    ]) {
      const r = await guest.get(from!);
      assert.equal(r.status, 301, from);
      assert.equal(r.headers.get('location'), to);
    }
    const profile = await (await guest.get('/users/Shag_New')).text();
    assert.match(profile, /Cormorant Rock/);
    // Listings, the work and full-text search know the new name.
    assert.match(await (await guest.get(`/works/${id}`)).text(), /Shag_New/);
    assert.match(await (await guest.get('/search?q=Shag_New')).text(), /Cormorant Rock/);
    assert.doesNotMatch(await (await guest.get('/search?q=shag_old')).text(), /Cormorant Rock/);

    // Nobody else takes the old name, by signing up or renaming.
    const signup = await new Client(app).post('/signup', {
      username: 'shag_old',
      email: 'someone@example.test',
      password: 'correct horse battery',
      passwordConfirmation: 'correct horse battery',
      acceptTerms: '1',
      confirmAge: '1',
    });
    assert.equal(signup.status, 400);
    assert.match(await signup.text(), /That username is taken/);

    // Once a week.
    const soon = await ask('shag_third');
    assert.equal(soon.status, 429);
    assert.match(await soon.text(), /once a week/);
    await backdateRenames(db, u.id, 8 * 86_400_000);
    // Taking back one's own old name is allowed; the name just left redirects in turn.
    assert.equal((await ask('shag_old')).status, 303);
    const back = await guest.get('/users/Shag_New/stats');
    assert.equal(back.status, 301);
    assert.equal(back.headers.get('location'), '/users/shag_old/stats');
    assert.equal((await guest.get('/users/shag_old')).status, 200);

    const admin = await buildUser(db, { username: 'rename_admin', isAdmin: true });
    const a = new Client(app);
    await a.login(admin.username, admin.password);
    assert.match(await (await a.get('/admin/audit')).text(), /username\.changed/);
  },
);
