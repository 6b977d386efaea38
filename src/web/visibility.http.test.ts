import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { workRow } from '../../test/inspect.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { tagToUrlSegment } from '../domain/tags.js';
import { commentOn } from '../../test/leak-fixture.js';

/** Every route the app serves, with its parameters filled from `values`. */
function concreteRoutes(app: ReturnType<typeof testApp>, values: Record<string, string>) {
  const seen = new Set<string>();
  const out: Array<{ method: string; path: string; pattern: string }> = [];
  for (const r of app.routes) {
    if (r.method === 'ALL') continue; // middleware
    const path = r.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => {
      const v = values[name];
      if (v === undefined) throw new Error(`no test value for route parameter :${name} in ${r.path}`);
      return v;
    });
    const key = `${r.method} ${path}`;
    if (!seen.has(key)) out.push({ method: r.method, path, pattern: r.path });
    seen.add(key);
  }
  return out;
}

eachDialect(
  'a restricted work never reaches a guest: every GET route, page and API, hides its title',
  async ({ db }) => {
    const writer = await buildUser(db, { username: 'secret_keeper' });
    const id = await buildWork(db, writer, {
      meta: {
        title: 'Members Only Lantern',
        restricted: true,
        fandoms: ['Hidden Harbour Fandom'],
        freeforms: ['Only On The Hidden One'],
      },
    });
    assert.equal(await commentOn(db, await buildUser(db), id, 'Only On The Hidden One, said the reader.'), id);
    const app = testApp(db);
    const guest = new Client(app);
    const routes = concreteRoutes(app, {
      id: String(id),
      position: '1',
      username: writer.username,
      pseud: writer.username,
      name: tagToUrlSegment('Only On The Hidden One'),
      token: 'x'.repeat(32),
    });
    const gets = routes.filter((r) => r.method === 'GET');
    assert.ok(gets.length >= 20, `expected the whole route table, got ${gets.length}`);
    for (const r of gets) {
      for (const path of [r.path, `${r.path}?view_adult=true`, `${r.path}?view_full_work=true`]) {
        const res = await guest.get(path);
        const body = await res.text();
        assert.ok(!body.includes('Members Only Lantern'), `${path} leaked the title (status ${res.status})`);
        assert.ok(!body.includes('Only On The Hidden One'), `${path} leaked a tag used only on the work`);
      }
    }
    // A member sees it, on the page and in the API.
    const reader = await buildUser(db);
    const member = new Client(app);
    await member.login(reader.username, reader.password);
    assert.match(await (await member.get(`/works/${id}`)).text(), /Members Only Lantern/);
    assert.equal(
      ((await (await member.get(`/api/v1/works/${id}`)).json()) as { restricted: boolean }).restricted,
      true,
    );
  },
);

eachDialect(
  'every route asks the visibility policy (X-Quire-Policy-Checks ≥ 1), for a guest and a member',
  async ({ db }) => {
    const writer = await buildUser(db, { username: 'route_writer' });
    const id = await buildWork(db, writer, {
      meta: { freeforms: ['Route Tag'] },
      moreChapters: [{ body: 'A second chapter of text.' }],
    });
    // Routes take one :id for works and comments alike: a comment of the same number exists too.
    assert.equal(await commentOn(db, await buildUser(db), id, 'A note on the route.'), id);
    const app = testApp(db);
    const routes = concreteRoutes(app, {
      id: String(id),
      position: '1',
      username: writer.username,
      pseud: writer.username,
      name: tagToUrlSegment('Route Tag'),
      token: 'x'.repeat(32),
    });
    const reader = await buildUser(db);
    const member = new Client(app);
    await member.login(reader.username, reader.password);
    const guest = new Client(app);
    const unasked: string[] = [];
    for (const r of routes) {
      for (const [who, client] of [
        ['guest', guest],
        ['member', member],
      ] as const) {
        // Skip the member's log-out: it would end the session the loop relies on.
        if (r.path === '/logout' && who === 'member') continue;
        const res =
          r.method === 'GET'
            ? await client.get(r.path)
            : await client.post(r.path, {}, { csrfFrom: who === 'guest' ? '/login' : '/' });
        const checks = Number(res.headers.get('x-quire-policy-checks') ?? '0');
        if (!(checks >= 1)) unasked.push(`${who} ${r.method} ${r.pattern} → ${res.status}`);
      }
    }
    assert.deepEqual(unasked, []);
    // The work itself was not changed by the member's posts to its forms.
    const w = await workRow(db, id);
    assert.equal(w.chapter_count, 2);
  },
);

eachDialect(
  'adult works: guests get the interstitial with rating and warnings, then the text once they proceed',
  async ({ db }) => {
    const writer = await buildUser(db);
    const body = 'The storm came in over the breakwater at midnight.';
    const id = await buildWork(db, writer, {
      meta: { rating: 'Explicit', warnings: ['Rape/Non-Con'] },
      body,
      moreChapters: [{ body: 'Morning came, grey and calm, over the water.' }],
    });
    const guest = new Client(testApp(db));
    const gate = await (await guest.get(`/works/${id}`)).text();
    assert.match(gate, /could have adult content/);
    assert.match(gate, /Explicit/);
    assert.match(gate, /Rape\/Non-Con/);
    assert.ok(!gate.includes(body));
    const chapterGate = await (await guest.get(`/works/${id}/chapters/2`)).text();
    assert.match(chapterGate, /could have adult content/);
    assert.ok(!chapterGate.includes('Morning came'));
    const api = await guest.get(`/api/v1/works/${id}/chapters/1`);
    assert.equal(api.status, 403);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'adult_content');

    const proceed = await (await guest.get(`/works/${id}?view_adult=true`)).text();
    assert.ok(proceed.includes(body));
    // Remembered for the session.
    assert.match(await (await guest.get(`/works/${id}/chapters/2`)).text(), /Morning came/);
    const whole = await (await guest.get(`/works/${id}?view_full_work=true`)).text();
    assert.ok(whole.includes(body) && whole.includes('Morning came'));
    // A new visitor is asked again.
    assert.match(await (await new Client(guest.app).get(`/works/${id}/chapters/2`)).text(), /could have adult content/);
  },
);

eachDialect('members who opted in skip the interstitial; creators too', async ({ db }) => {
  const writer = await buildUser(db);
  const id = await buildWork(db, writer, {
    meta: { rating: 'Mature' },
    body: 'Quiet text behind the gate, nothing more.',
  });
  const app = testApp(db);
  const owner = new Client(app);
  await owner.login(writer.username, writer.password);
  assert.match(await (await owner.get(`/works/${id}`)).text(), /Quiet text behind the gate/);
  const reader = await buildUser(db);
  const member = new Client(app);
  await member.login(reader.username, reader.password);
  assert.match(await (await member.get(`/works/${id}`)).text(), /could have adult content/);
  assert.equal((await member.post('/account/preferences', { viewAdult: '1' })).status, 303);
  assert.match(await (await member.get(`/works/${id}`)).text(), /Quiet text behind the gate/);
});
