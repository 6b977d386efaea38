import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { retitleBehindServices } from '../../test/inspect.js';
import { editChapter } from '../services/chapters.js';

eachDialect('anonymous visitors share rendered pages until the next logged change; any change shows on the next request', async ({ db }) => {
  const writer = await buildUser(db);
  const id = await buildWork(db, writer, { body: 'The first version of the harbour text.' });
  const app = testApp(db);
  const anon = () => app.request(`/works/${id}`);
  assert.match(await (await anon()).text(), /first version/);

  // A write that bypasses the services (and so the change log) is not seen by anonymous visitors:
  // proof that the page came from the cache. A visitor with a cookie gets a fresh render.
  await retitleBehindServices(db, id, 'Silently Retitled Harbour');
  const cached = await anon();
  assert.ok(!(await cached.text()).includes('Silently Retitled Harbour'));
  assert.ok(Number(cached.headers.get('x-quire-policy-checks')) >= 1, 'a cached answer is still a policy answer');
  const withCookie = await app.request(`/works/${id}`, { headers: { cookie: 'quire_session=none' } });
  assert.match(await withCookie.text(), /Silently Retitled Harbour/);

  // Through the services, the change is logged and the very next anonymous request shows it.
  assert.ok((await editChapter(db, writer.viewer(), id, 1, { body: 'The second version of the harbour text.' })).ok);
  assert.match(await (await anon()).text(), /second version/);
});

eachDialect('pages that start a session, hidden works and member pages are never shared', async ({ db }) => {
  const writer = await buildUser(db);
  const adult = await buildWork(db, writer, { meta: { rating: 'Explicit' }, body: 'Night on the breakwater, told plainly.' });
  const hidden = await buildWork(db, writer, { meta: { restricted: true, title: 'Members Only Breakwater' } });
  const app = testApp(db);
  // Consent starts a session (Set-Cookie): that page is the consenting visitor's alone.
  const consent = await app.request(`/works/${adult}?view_adult=true`);
  assert.ok(consent.headers.get('set-cookie'));
  assert.match(await consent.text(), /Night on the breakwater/);
  const other = await (await app.request(`/works/${adult}?view_adult=true`)).text();
  assert.match(other, /Night on the breakwater/, 'each consenting visitor renders their own');
  const gate = await (await app.request(`/works/${adult}`)).text();
  assert.match(gate, /could have adult content/);
  assert.ok(!gate.includes('Night on the breakwater'));
  assert.equal((await app.request(`/works/${hidden}`)).status, 404);
  // A member with a session sees the restricted work; that render is not stored for guests.
  const member = new Client(app);
  const m = await buildUser(db);
  await member.login(m.username, m.password);
  assert.match(await (await member.get(`/works/${hidden}`)).text(), /Members Only Breakwater/);
  assert.equal((await app.request(`/works/${hidden}`)).status, 404);
});
