import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sqliteTestDb } from '../../test/db.js';
import { testApp } from '../../test/http.js';

// Malformed addresses, parameters, cookies and bodies: each gets a clear 4xx answer, never a 500.
const CASES: Array<[string, RequestInit, number]> = [
  ['/tags/%E0%A4%A/works', {}, 404],
  ['/users/%ZZ', {}, 404],
  ['/works/99999999999999999999', {}, 404],
  ['/works/1/chapters/99999999999', {}, 404],
  ['/no/such/page', {}, 404],
  ['/api/v1/tags/%', {}, 404],
  ['/api/v1/works/1/chapters/1?view_adult=maybe', {}, 400],
  ['/works?page=-1', {}, 200],
  ['/works?page=abc', {}, 200],
  ['/', { headers: { cookie: 'quire_session=%%%; other' } }, 200],
  ['/login', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }, 403],
  [
    '/login',
    { method: 'POST', body: '--x\r\nbroken', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
    400,
  ],
  [
    '/works/new',
    { method: 'POST', body: 'a=%ZZ&_csrf=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    403,
  ],
  [
    '/works/new',
    {
      method: 'POST',
      body: `${'a=1&'.repeat(10_001)}_csrf=1`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    413,
  ],
  [
    '/works/new',
    {
      method: 'POST',
      body: 'x'.repeat(5 * 1024 * 1024),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    413,
  ],
];

test('malformed requests get clear 4xx answers and the server keeps serving', async () => {
  const t = await sqliteTestDb();
  try {
    const app = testApp(t.db);
    for (const [path, init, status] of CASES) {
      const res = await app.request(path, init);
      assert.equal(res.status, status, `${init.method ?? 'GET'} ${path.slice(0, 60)}`);
      const body = await res.text();
      assert.doesNotMatch(body, /at \S+\.ts:\d+/, 'no stack trace');
    }
    assert.equal((await app.request('/')).status, 200);
  } finally {
    await t.close();
  }
});
