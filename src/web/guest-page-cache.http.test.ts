import http from 'node:http';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import test from 'node:test';
import { DIALECTS, eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { retitleBehindServices } from '../../test/inspect.js';
import { editChapter } from '../services/chapters.js';
import { startServer } from '../main.js';
import { loadConfig } from '../config.js';
import { guestShortcutStats } from './middleware/guest-page-cache.js';
import { servedDatabaseUrl, servedSkip } from '../../test/served-db.js';
import type { DialectName } from '../store/db.js';

eachDialect(
  'anonymous visitors share rendered pages until the next logged change; any change shows on the next request',
  async ({ db }) => {
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
  },
);

eachDialect('pages that start a session, hidden works and member pages are never shared', async ({ db }) => {
  const writer = await buildUser(db);
  const adult = await buildWork(db, writer, {
    meta: { rating: 'Explicit' },
    body: 'Night on the breakwater, told plainly.',
  });
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

/** Where a test server keeps its data: a fresh folder (SQLite) or a fresh schema on the test PostgreSQL server. */
async function serverStore(
  dialect: DialectName,
): Promise<{ dataDir: string; databaseUrl: string | undefined; done(): void }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-shortcut-'));
  const done = () => fs.rmSync(dataDir, { recursive: true, force: true });
  // The harness drops schemas with its prefix after the run.
  const databaseUrl = await servedDatabaseUrl(dialect, `shortcut_${crypto.randomBytes(6).toString('hex')}`);
  return { dataDir, databaseUrl, done };
}

/** A GET through node:http, which sends header names spelled as given and decodes nothing (fetch does both). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .once('error', reject);
  });
}

for (const dialect of DIALECTS) {
  // On SQLite a hit is answered within the request's own callback; on PostgreSQL after the stamp's query.
  const skip = servedSkip(dialect);
  test(
    `the running server answers repeat guest requests before the app, with the same bytes and headers, until the next change [${dialect}]`,
    { skip },
    async () => {
      const store = await serverStore(dialect);
      const server = await startServer(
        loadConfig(
          { ...process.env, LOG_LEVEL: 'silent' },
          { port: 0, host: '127.0.0.1', dataDir: store.dataDir, databaseUrl: store.databaseUrl },
        ),
      );
      try {
        assert.equal(server.database.dialect, dialect);
        const db = server.database.db;
        const writer = await buildUser(db);
        const id = await buildWork(db, writer, {
          meta: { freeforms: ['Quiet Harbour Mornings'] },
          body: 'The lamp was lit before the boats came in.',
        });
        const get = (p: string, headers: Record<string, string> = {}) => fetch(`${server.url}${p}`, { headers });
        // A shared page asks the policy one question (may this render be shared?), not the route's several.
        const comparable = (r: Response) =>
          [...r.headers].filter(
            ([k]) => !['x-request-id', 'x-quire-policy-checks', 'date', 'connection', 'keep-alive'].includes(k),
          );

        for (const p of [`/works/${id}`, '/works?sort=kudos', '/tags/Quiet%20Harbour%20Mornings/works']) {
          const first = await get(p);
          const firstBody = await first.text();
          assert.equal(first.status, 200, p);
          const before = guestShortcutStats.answered;
          const second = await get(p);
          assert.equal(guestShortcutStats.answered, before + 1, `${p} was answered before the app`);
          assert.equal(await second.text(), firstBody);
          assert.deepEqual(comparable(second), comparable(first));
          assert.notEqual(second.headers.get('x-request-id'), first.headers.get('x-request-id'));
          assert.equal(second.headers.get('x-quire-policy-checks'), '1');
          // The shortcut fills a shared header list per request: each answer has its own id.
          const third = await get(p);
          await third.arrayBuffer();
          assert.match(third.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
          assert.notEqual(third.headers.get('x-request-id'), second.headers.get('x-request-id'));
        }

        // Guests that take gzip get the page gzipped, from the first request (the app) on; the
        // others get the plain bytes. Both say Vary: Accept-Encoding, and unzipped the bytes are equal.
        const listing = '/works?sort=title';
        const plainFirst = await rawGet(server.url + listing, {});
        const zipFirst = await rawGet(server.url + listing, { 'Accept-Encoding': 'gzip, deflate, br' });
        const shortcutBefore = guestShortcutStats.answered;
        const zipHit = await rawGet(server.url + listing, { 'accept-encoding': 'br;q=1, gzip;q=0.5' });
        const plainHit = await rawGet(server.url + listing, { 'Accept-Encoding': 'gzip;q=0, identity' });
        assert.equal(guestShortcutStats.answered, shortcutBefore + 2, 'both variants answered before the app');
        for (const [name, r, zipped] of [
          ['first plain', plainFirst, false],
          ['first gzip', zipFirst, true],
          ['hit gzip', zipHit, true],
          ['hit plain', plainHit, false],
        ] as const) {
          assert.equal(r.status, 200, name);
          assert.equal(r.headers.vary, 'accept-encoding', name);
          assert.equal(r.headers['content-encoding'], zipped ? 'gzip' : undefined, name);
          assert.equal(Number(r.headers['content-length']), r.body.length, name);
          assert.deepEqual(zipped ? zlib.gunzipSync(r.body) : r.body, plainFirst.body, name);
        }
        assert.ok(
          plainFirst.body.length > 1024 && zipHit.body.length < plainFirst.body.length / 2,
          'a listing shrinks',
        );
        // Two Accept-Encoding lines are one list: a refusal in either keeps the plain bytes.
        const twoLines = await rawGet(server.url + listing, {
          'Accept-Encoding': ['gzip;q=0', 'gzip'] as unknown as string,
        });
        assert.equal(twoLines.headers['content-encoding'], undefined);
        assert.deepEqual(twoLines.body, plainFirst.body);

        // Writes behind the services are not logged: the shortcut keeps the page (proof it served it);
        // a visitor with a cookie goes to the app.
        await retitleBehindServices(db, id, 'Silently Retitled Lamp');
        assert.ok(!(await (await get(`/works/${id}`)).text()).includes('Silently Retitled Lamp'));
        const before = guestShortcutStats.answered;
        assert.match(
          await (await get(`/works/${id}`, { cookie: 'quire_session=none' })).text(),
          /Silently Retitled Lamp/,
        );
        assert.equal(guestShortcutStats.answered, before);
        // The shortcut reads credentials from the raw header list: any spelling of the names counts.
        for (const headers of [
          { COOKIE: 'quire_session=none' },
          { Authorization: 'Bearer not-a-token' },
          { CoOkIe: 'a=b' },
        ] as Array<Record<string, string>>) {
          await rawGet(`${server.url}/works/${id}`, headers);
          assert.equal(guestShortcutStats.answered, before, JSON.stringify(headers));
        }
        // An empty cookie header is no cookie, as node's own header object has it.
        await rawGet(`${server.url}/works/${id}`, { Cookie: '' });
        assert.equal(guestShortcutStats.answered, before + 1);

        // A change through the services shows on the very next request.
        assert.ok(
          (await editChapter(db, writer.viewer(), id, 1, { body: 'The lamp burned until the last boat was home.' })).ok,
        );
        const after = await (await get(`/works/${id}`)).text();
        assert.match(after, /last boat was home/);
        assert.match(after, /Silently Retitled Lamp/);
      } finally {
        await server.close();
        store.done();
      }
    },
  );
}
