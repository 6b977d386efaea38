import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';

interface ApiWork {
  id: number;
  title: string;
  creators: Array<{ pseud: string; username: string }>;
  rating: string;
  warnings: string[];
  chapters: Array<{ position: number; title: string; wordCount: number }>;
  [k: string]: unknown;
}

eachDialect('GET /api/v1/works/{id} returns every metadata field', async ({ db }) => {
  const u = await buildUser(db, { username: 'api_writer' });
  const id = await buildWork(db, u, {
    meta: {
      title: 'Signal Fires',
      rating: 'Teen And Up Audiences',
      warnings: ['Major Character Death'],
      categories: ['Gen'],
      characters: ['The Signalman'],
      expectedChapters: null,
      notes: 'Hello.',
      endNotes: 'Bye.',
    },
    body: 'one two three',
    moreChapters: [{ title: 'Two', body: 'four five six seven' }],
  });
  const res = await new Client(testApp(db)).get(`/api/v1/works/${id}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const w = (await res.json()) as ApiWork;
  const keys = [
    'id',
    'title',
    'creators',
    'rating',
    'warnings',
    'categories',
    'fandoms',
    'relationships',
    'characters',
    'freeforms',
    'summary',
    'notes',
    'endNotes',
    'gated',
    'language',
    'wordCount',
    'chapterCount',
    'kudosCount',
    'hitsCount',
    'commentsCount',
    'bookmarksCount',
    'expectedChapters',
    'complete',
    'restricted',
    'publishedAt',
    'updatedAt',
    'chapters',
    'series',
  ];
  assert.deepEqual(Object.keys(w).sort(), [...keys].sort());
  assert.equal(w.title, 'Signal Fires');
  assert.deepEqual(w.creators, [{ pseud: 'api_writer', username: 'api_writer' }]);
  assert.equal(w.rating, 'Teen And Up Audiences');
  assert.deepEqual(w.warnings, ['Major Character Death']);
  assert.deepEqual(w.characters, ['The Signalman']);
  assert.equal(w.wordCount, 7);
  assert.equal(w.chapterCount, 2);
  assert.equal(w.expectedChapters, null);
  assert.equal(w.complete, false);
  assert.equal(w.notes, '<p>Hello.</p>');
  assert.deepEqual(w.chapters, [
    { position: 1, title: '', wordCount: 3 },
    { position: 2, title: 'Two', wordCount: 4 },
  ]);
});

eachDialect('chapters come with sanitized html; the list is newest first and paged by 20', async ({ db }) => {
  const u = await buildUser(db);
  const first = await buildWork(db, u, { body: '<p onclick="x()">Safe <script>alert(1)</script>text here.</p>' });
  for (let i = 0; i < 21; i++) await buildWork(db, u);
  const client = new Client(testApp(db));
  const ch = (await (await client.get(`/api/v1/works/${first}/chapters/1`)).json()) as {
    html: string;
    position: number;
  };
  assert.equal(ch.position, 1);
  assert.equal(ch.html, '<p>Safe text here.</p>');
  const p1 = (await (await client.get('/api/v1/works')).json()) as {
    works: ApiWork[];
    total: number;
    page: number;
    pages: number;
  };
  assert.equal(p1.total, 22);
  assert.equal(p1.pages, 2);
  assert.equal(p1.works.length, 20);
  const p2 = (await (await client.get('/api/v1/works?page=2')).json()) as { works: ApiWork[] };
  assert.equal(p2.works.length, 2);
  assert.equal(p2.works.at(-1)?.id, first, 'the oldest work is last');
});

eachDialect('errors are JSON {error: {code, message}} with the right status', async ({ db }) => {
  const client = new Client(testApp(db));
  const cases: Array<[string, number, string]> = [
    ['/api/v1/works/999', 404, 'not_found'],
    ['/api/v1/works/abc', 400, 'bad_request'],
    ['/api/v1/works?page=zero', 400, 'bad_request'],
    ['/api/v1/works/1/chapters/0', 400, 'bad_request'],
    ['/api/v1/tags/No%20Such%20Tag', 404, 'not_found'],
    ['/api/v1/nothing-here', 404, 'not_found'],
  ];
  for (const [path, status, code] of cases) {
    const res = await client.get(path);
    assert.equal(res.status, status, path);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, code, path);
    assert.ok(body.error.message.length > 5, path);
  }
});

eachDialect('GET /api/v1/tags/{name} counts only works the viewer can see', async ({ db }) => {
  const u = await buildUser(db);
  await buildWork(db, u, { meta: { freeforms: ['Lantern Light'] } });
  await buildWork(db, u, { meta: { freeforms: ['Lantern Light'], restricted: true } });
  await buildWork(db, u, { meta: { freeforms: ['Lantern Light'] }, draft: true });
  const app = testApp(db);
  const guest = (await (await new Client(app).get('/api/v1/tags/lantern%20light')).json()) as {
    name: string;
    type: string;
    workCount: number;
  };
  assert.deepEqual(guest, {
    name: 'Lantern Light',
    type: 'freeform',
    canonical: false,
    synonymOf: null,
    synonyms: [],
    metaTags: [],
    subTags: [],
    parentFandoms: [],
    workCount: 1,
    hiddenByBlocklist: 0,
  });
  const member = new Client(app);
  await member.login(u.username, u.password);
  assert.equal(
    ((await (await member.get('/api/v1/tags/Lantern%20Light')).json()) as { workCount: number }).workCount,
    2,
  );
  const rel = await new Client(app).get('/api/v1/tags/F*s*M');
  assert.equal(((await rel.json()) as { name: string }).name, 'F/M');
});

eachDialect('the OpenAPI document is served and lists every API route', async ({ db }) => {
  const app = testApp(db);
  const doc = (await (await new Client(app).get('/api/v1/openapi.json')).json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  assert.match(doc.openapi, /^3\./);
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${p.replace(/\{(\w+)\}/g, ':$1')}`),
    ),
  );
  const served = app.routes
    .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && r.path !== '/api/v1/openapi.json')
    .map((r) => `${r.method} ${r.path}`);
  assert.ok(served.length >= 4);
  for (const r of served) assert.ok(documented.has(r), `${r} is not in the OpenAPI document`);
});

eachDialect(
  'GET /api/v1/works shows a gated work as its interstitial does: no notes nor chapter titles before consent',
  async ({ db }) => {
    const u = await buildUser(db);
    const id = await buildWork(db, u, {
      meta: {
        rating: 'Explicit',
        notes: 'Behind the gate.',
        endNotes: 'Also behind.',
        summary: 'Shown before consent.',
      },
      moreChapters: [{ title: 'Second Tide', body: 'More text of the second chapter.' }],
    });
    const guest = new Client(testApp(db));
    const gated = (await (await guest.get(`/api/v1/works/${id}`)).json()) as ApiWork & { gated: boolean };
    assert.deepEqual(
      [gated.gated, gated.notes, gated.endNotes, gated.chapters.map((c) => c.title)],
      [true, null, null, [null, null]],
    );
    assert.match(String(gated.summary), /Shown before consent/);
    const listed = (await (await guest.get('/api/v1/works')).json()) as {
      works: Array<{ gated: boolean; notes: string | null }>;
    };
    assert.deepEqual(
      listed.works.map((w) => [w.gated, w.notes]),
      [[true, null]],
    );
    const consented = (await (await guest.get(`/api/v1/works/${id}?view_adult=true`)).json()) as ApiWork & {
      gated: boolean;
    };
    assert.deepEqual(
      [consented.gated, consented.notes, consented.chapters.map((c) => c.title)],
      [false, '<p>Behind the gate.</p>', ['', 'Second Tide']],
    );
  },
);

eachDialect(
  'the works filter has one set of rules: what a page lists anyway with a message, the API refuses',
  async ({ db }) => {
    const app = testApp(db);
    for (const query of [
      'sort=bogus',
      'crossover=maybe',
      'complete=perhaps',
      'page=zero',
      'wordsFrom=many',
      'language=xx-nowhere',
    ]) {
      const api = await new Client(app).get(`/api/v1/works?${query}`);
      assert.equal(api.status, 400, query);
      const body = (await api.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'bad_request', query);
      const page = await new Client(app).get(`/works?${query}`);
      const html = await page.text();
      // The page's message is the API's, from the same parser.
      const head = body.error.message.split('“')[0]!.trim();
      assert.ok(head.length > 10 && html.includes(head), `${query}: the page does not say “${head}”`);
    }
  },
);
