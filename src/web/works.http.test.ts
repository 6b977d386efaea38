import assert from 'node:assert/strict';
import { sqliteTestDb, eachDialect } from '../../test/db.js';
import { chapterRows, countRows, firstUsername, workRow } from '../../test/inspect.js';
import { test } from 'node:test';
import { buildUser, neutralProse } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

const form = {
  title: 'The Lamp Room',
  rating: 'Explicit',
  warnings: ['Rape/Non-Con'],
  fandoms: 'Original Work',
  relationships: 'Keeper/Gull',
  freeforms: 'Slow Burn, Fluff',
  summary: 'A keeper, a lamp.',
  notes: 'Beginning notes here.',
  endNotes: 'Thank you for reading.',
  language: 'en',
  expectedChapters: '2',
  chapterTitle: 'Dusk',
  body: 'The lamp turned.\n\nThe keeper wrote in the log, and the gulls slept.',
  action: 'post',
};

const workCount = (db: Kysely<DB>) => countRows(db, 'works');

async function member(db: Kysely<DB>) {
  const u = await buildUser(db);
  const client = new Client(testApp(db));
  await client.login(u.username, u.password);
  return { u, client };
}

eachDialect('posting a work shows AO3’s preface, paragraphs, notes and stats', async ({ db }) => {
  const { u, client } = await member(db);
  const res = await client.post('/works/new', form);
  assert.equal(res.status, 303);
  const url = res.headers.get('location')!;
  assert.match(url, /^\/works\/\d+$/);
  const html = await (await client.get(url)).text();
  for (const s of [
    'Explicit',
    'Rape/Non-Con',
    'Keeper/Gull',
    'Slow Burn',
    'English',
    'Words:',
    '1/2',
    'The Lamp Room',
    u.username,
    'Beginning notes here.',
    'Thank you for reading.',
  ]) {
    assert.ok(html.includes(s), s);
  }
  assert.ok(html.includes('<p>The lamp turned.</p>'));
  // Warnings and rating come before the text.
  assert.ok(html.indexOf('Rape/Non-Con') < html.indexOf('The lamp turned.'));
});

eachDialect(
  'an invalid work re-displays every typed field with a message per field, and writes nothing',
  async ({ db }) => {
    const { client } = await member(db);
    const typed = {
      ...form,
      rating: '',
      warnings: [],
      fandoms: '',
      title: '',
      body: 'A body the writer must not lose: <em>every word</em> of it.',
    };
    const res = await client.post('/works/new', typed);
    assert.equal(res.status, 400);
    const html = await res.text();
    for (const msg of [
      'Choose a rating.',
      'Choose at least one archive warning',
      'Add at least one fandom.',
      'Title is required.',
    ])
      assert.ok(html.includes(msg), msg);
    assert.ok(
      html.includes('A body the writer must not lose: &lt;em&gt;every word&lt;/em&gt; of it.'),
      'body kept (escaped in the textarea)',
    );
    assert.ok(html.includes('value="Keeper/Gull"'));
    assert.ok(html.includes('Beginning notes here.'));
    assert.equal(await workCount(db), 0);
  },
);

eachDialect('a chapter over the limit gets 413 with a message, keeps the text, and writes nothing', async ({ db }) => {
  const { client } = await member(db);
  const res = await client.post('/works/new', { ...form, body: 'word '.repeat(110_000) });
  assert.equal(res.status, 413);
  const html = await res.text();
  assert.match(html, /at most 500,000 characters/);
  assert.ok(html.includes('word word word'));
  assert.equal(await workCount(db), 0);
});

eachDialect(
  'preview shows the work without saving it; a draft is seen only by its creator until posted',
  async ({ db }) => {
    const { client } = await member(db);
    const preview = await client.post('/works/new', { ...form, action: 'preview' });
    assert.equal(preview.status, 200);
    const ph = await preview.text();
    assert.match(ph, /This is a preview/);
    assert.ok(ph.includes('<p>The lamp turned.</p>'));
    assert.equal(await workCount(db), 0);

    const draft = await client.post('/works/new', { ...form, action: 'draft' });
    const url = draft.headers.get('location')!;
    assert.match(await (await client.get(url)).text(), /This is a draft/);
    const other = await member(db);
    assert.equal((await other.client.get(url)).status, 404);
    assert.equal((await new Client(client.app).get(url)).status, 404);
    const me = await firstUsername(db);
    assert.match(await (await client.get(`/users/${me}/drafts`)).text(), /The Lamp Room/);
    assert.equal((await other.client.get(`/users/${me}/drafts`)).status, 404);

    assert.equal((await client.post(`${url}/publish`, {})).status, 303);
    assert.equal((await other.client.get(url + '?view_adult=true')).status, 200);
  },
);

eachDialect('chapters: add, edit, reorder, delete; counts and positions follow', async ({ db }) => {
  const { client } = await member(db);
  const url = (
    await client.post('/works/new', { ...form, rating: 'General Audiences', warnings: ['No Archive Warnings Apply'] })
  ).headers.get('location')!;
  const id = Number(url.split('/').pop());
  const add = await client.post(`${url}/chapters/new`, { chapterTitle: 'Dawn', body: neutralProse(2) });
  assert.equal(add.headers.get('location'), `${url}/chapters/2`);
  const ch2 = await (await client.get(`${url}/chapters/2`)).text();
  assert.match(ch2, /Chapter 2: Dawn/);
  assert.match(ch2, /Previous Chapter/);
  assert.match(ch2, /Entire Work/);

  assert.equal(
    (await client.post(`${url}/chapters/2/edit`, { chapterTitle: 'Dawn, revised', body: 'A new text for the dawn.' }))
      .status,
    303,
  );
  assert.match(await (await client.get(`${url}/chapters/2`)).text(), /Dawn, revised/);

  assert.equal((await client.post(`${url}/chapters/manage`, { position_1: '2', position_2: '1' })).status, 303);
  const chapters = await chapterRows(db, id);
  assert.deepEqual(
    chapters.map((c) => c.title),
    ['Dawn, revised', 'Dusk'],
  );

  const confirm = await client.get(`${url}/chapters/1/delete`);
  assert.match(await confirm.text(), /Yes, Delete Chapter/);
  assert.equal((await client.post(`${url}/chapters/1/delete`, {})).status, 303);
  const w = await workRow(db, id);
  assert.equal(w.chapter_count, 1);
  assert.equal(w.word_count, 13, 'only Dusk is left: 3 + 10 words');
  const last = await client.post(`${url}/chapters/1/delete`, {});
  assert.equal(last.status, 409);
  assert.match(await last.text(), /Delete the work instead/);
});

eachDialect('edit and delete a work (with confirmation); others cannot', async ({ db }) => {
  const { client } = await member(db);
  const url = (await client.post('/works/new', form)).headers.get('location')!;
  const other = await member(db);
  assert.equal((await other.client.get(`${url}/edit`)).status, 403);
  assert.equal((await other.client.post(`${url}/delete`, {})).status, 403);

  const edit = await client.get(`${url}/edit`);
  assert.match(await edit.text(), /value="The Lamp Room"/);
  assert.equal(
    (await client.post(`${url}/edit`, { ...form, title: 'The Lamp Room, Revised', rating: 'Teen And Up Audiences' }))
      .status,
    303,
  );
  assert.match(await (await client.get(url)).text(), /The Lamp Room, Revised/);

  assert.match(await (await client.get(`${url}/delete`)).text(), /cannot be undone/);
  assert.equal((await client.post(`${url}/delete`, {})).status, 200);
  assert.equal((await client.get(url)).status, 404);
  assert.equal(await workCount(db), 0);
});

test('a free tag used as another type is refused with a message and nothing is written', async () => {
  const t = await sqliteTestDb();
  try {
    const { client } = await member(t.db);
    await client.post('/works/new', { ...form, characters: 'The Keeper' });
    const res = await client.post('/works/new', { ...form, title: 'Second', fandoms: 'The Keeper' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /already a character tag/);
    assert.equal(await workCount(t.db), 1);
  } finally {
    await t.close();
  }
});

test('a database failure is a 500 page with a request id and no stack trace; the server keeps answering', async () => {
  const t = await sqliteTestDb();
  const app = testApp(t.db);
  await t.db.schema.dropTable('work_tags').execute();
  const u = await buildUser(t.db);
  const client = new Client(app);
  await client.login(u.username, u.password);
  const res = await client.get('/works');
  assert.equal(res.status, 200, 'listing with no works needs no tags');
  const broken = await client.post('/works/new', form);
  assert.equal(broken.status, 500);
  const html = await broken.text();
  assert.match(html, /Request id: [0-9a-f-]{36}/);
  assert.doesNotMatch(html, /at .*\.ts:\d+|SqliteError|no such table/);
  assert.equal((await client.get('/')).status, 200);
  await t.close();
});

eachDialect('readers never get a stale cached page: edits to text, title and tags show at once', async ({ db }) => {
  const { client } = await member(db);
  const url = (
    await client.post('/works/new', { ...form, rating: 'General Audiences', warnings: ['No Archive Warnings Apply'] })
  ).headers.get('location')!;
  const reader = new Client(client.app);
  assert.match(await (await reader.get(url)).text(), /The lamp turned\./);
  assert.match(await (await reader.get(url)).text(), /The lamp turned\./, 'second read (from the cache) is the same');
  await client.post(`${url}/chapters/1/edit`, { body: 'The lamp went dark for a while, then lit.' });
  const after = await (await reader.get(url)).text();
  assert.match(after, /The lamp went dark/);
  assert.doesNotMatch(after, /The lamp turned\./);
  await client.post(`${url}/edit`, {
    ...form,
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    title: 'Renamed Lamp',
    freeforms: 'Hurt/Comfort',
  });
  const renamed = await (await reader.get(url)).text();
  assert.match(renamed, /Renamed Lamp/);
  assert.match(renamed, /Hurt\/Comfort/);
});
