import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { countRows } from '../../test/inspect.js';
import { tagToUrlSegment } from '../domain/tags.js';

eachDialect(
  '"Add a pseud" loads at /users/NAME/pseuds/new and adds one; "new" cannot be a pseud name',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'many_names' });
    const client = new Client(testApp(db));
    await client.login(u.username, u.password);
    const profile = await (await client.get('/users/many_names')).text();
    assert.match(profile, /href="\/users\/many_names\/pseuds\/new">Add a pseud/);
    const form = await client.get('/users/many_names/pseuds/new');
    assert.equal(form.status, 200);
    assert.match(await form.text(), /<h1>New pseud<\/h1>/);
    const added = await client.post(
      '/users/many_names/pseuds/new',
      { name: 'Harbour Light' },
      { csrfFrom: '/users/many_names/pseuds/new' },
    );
    assert.equal(added.status, 303);
    assert.equal(added.headers.get('location'), '/users/many_names/pseuds/Harbour%20Light');
    assert.equal((await client.get('/users/many_names/pseuds/Harbour%20Light')).status, 200);
    const reserved = await client.post(
      '/users/many_names/pseuds/new',
      { name: 'New' },
      { csrfFrom: '/users/many_names/pseuds/new' },
    );
    assert.equal(reserved.status, 400);
    assert.match(await reserved.text(), /cannot be a pseud name/);
    // A guest gets the 403 page, not a 404.
    assert.equal((await new Client(client.app).get('/users/many_names/pseuds/new')).status, 403);
  },
);

eachDialect('the same filter saved twice is kept once, with a message naming the first', async ({ db }) => {
  const u = await buildUser(db);
  const client = new Client(testApp(db));
  await client.login(u.username, u.password);
  const first = await client.post(
    '/account/filters',
    { name: 'Fluff', query: 'include=Fluff&sort=title' },
    { csrfFrom: '/dashboard' },
  );
  assert.equal(first.status, 303);
  // The page number does not make it another filter.
  const again = await client.post(
    '/account/filters',
    { name: 'Fluff again', query: 'include=Fluff&sort=title&page=3' },
    { csrfFrom: '/dashboard' },
  );
  assert.equal(again.status, 409);
  assert.match(await again.text(), /already saved this filter as “Fluff”/);
  assert.equal(await countRows(db, 'saved_filters'), 1);
  assert.equal(
    (await client.post('/account/filters', { name: 'Angst', query: 'include=Angst' }, { csrfFrom: '/dashboard' }))
      .status,
    303,
  );
  assert.equal(await countRows(db, 'saved_filters'), 2);
});

eachDialect('tag pages say "an additional tag" and "a fandom tag"', async ({ db }) => {
  const u = await buildUser(db);
  await buildWork(db, u, { meta: { freeforms: ['Lighthouses'], fandoms: ['Harbour Tales'] } });
  const client = new Client(testApp(db));
  assert.match(
    await (await client.get(`/tags/${tagToUrlSegment('Lighthouses')}`)).text(),
    /This is an additional tag\./,
  );
  assert.match(await (await client.get(`/tags/${tagToUrlSegment('Harbour Tales')}`)).text(), /This is a fandom tag\./);
});

eachDialect(
  'the Terms of Service the sign-up form asks to accept are a page it links to, as are Privacy and About',
  async ({ db }) => {
    const client = new Client(testApp(db));
    const signup = await (await client.get('/signup')).text();
    assert.match(signup, /accept the\s*<a href="\/tos">Terms of Service<\/a>/);
    for (const [path, heading] of [
      ['/tos', 'Terms of Service'],
      ['/privacy', 'Privacy Policy'],
      ['/about', 'About'],
    ] as const) {
      const res = await client.get(path);
      assert.equal(res.status, 200, path);
      const html = await res.text();
      assert.match(html, new RegExp(`<h1>${heading}</h1>`));
      // Every page's footer links to them.
      assert.match(html, /<footer[^]*href="\/tos"[^]*<\/footer>/);
    }
    assert.match(await (await client.get('/tos')).text(), /13 years of age or older/);
  },
);
