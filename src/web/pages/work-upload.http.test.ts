import assert from 'node:assert/strict';
import pino from 'pino';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { eachDialect } from '../../../test/db.js';
import { countRows } from '../../../test/inspect.js';
import { buildUser, buildWork } from '../../../test/factories.js';
import { Client, testApp } from '../../../test/http.js';
import { plainEpub } from '../../../test/formats/import-fixtures.js';
import { DownloadCache } from '../../services/download-cache.js';
import { createApp } from '../app.js';

async function member(db: Kysely<DB>) {
  const u = await buildUser(db);
  const client = new Client(testApp(db));
  await client.login(u.username, u.password);
  const upload = async (name: string, content: Uint8Array | string) => {
    const form = new FormData();
    form.append('_csrf', await client.csrf('/works/new'));
    form.append('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], name));
    return client.request('/works/new/import', { method: 'POST', body: form });
  };
  return { client, upload };
}

const prose = (n: number) => 'The tide came in and went out again. '.repeat(Math.ceil(n / 37)).slice(0, n);

eachDialect(
  'a file bigger than the posting form takes is refused with 413, shown nowhere and saved nowhere',
  async ({ db }) => {
    const { upload } = await member(db);
    const refused = async (name: string, content: Uint8Array | string, message: RegExp) => {
      const res = await upload(name, content);
      assert.equal(res.status, 413, name);
      const html = await res.text();
      assert.match(html, message, name);
      assert.ok(html.length < 100_000, `${name}: nothing echoed (${html.length} characters)`);
      assert.ok(!html.includes('The tide came in and went out again. The tide'), `${name}: no text in the form`);
    };
    // One chapter inflating to 60 MiB (the report's file: it aborted the server).
    const bomb = plainEpub({
      chapters: [{ body: `<p>${'The tide came in and went out again. '.repeat(1_700_000)}</p>` }],
    });
    await refused(
      'bomb.epub',
      bomb,
      /bomb\.epub is too big to read here: the EPUB.{1,6}s text inflates to more than 12 MiB/,
    );
    // Within the budget, but longer than a chapter may be: the form would have shown all of it.
    await refused(
      'long.html',
      `<html><body><p>${prose(600_000)}</p></body></html>`,
      /long\.html is too long for the posting form\. Its text runs to 600,0\d\d characters; a chapter can have at most 500,000/,
    );
    const two = plainEpub({ chapters: [{ body: `<p>${prose(1_000)}</p>` }, { body: `<p>${prose(700_000)}</p>` }] });
    await refused('two.epub', two, /Chapter 2 runs to 7\d\d,\d{3} characters/);
    await refused(
      'notes.md',
      `---\nfandom: Original Work\nsummary: ${prose(20_000)}\n---\n# Notes\n\nA short story.\n`,
      /Its summary runs to [\d,]+ characters; the form takes at most 1,250/,
    );
    assert.equal(await countRows(db, 'works'), 0);
  },
);

eachDialect(
  'a file nested deeper than posting allows is refused on upload, naming the depth, before it fills the form',
  async ({ db }) => {
    const { upload } = await member(db);
    const res = await upload(
      'deep.html',
      `<html><body>${'<div>'.repeat(150)}The innermost room.${'</div>'.repeat(150)}</body></html>`,
    );
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /deep\.html cannot be posted as it is\. Its text nests HTML elements more than 100 deep/);
    assert.ok(!html.includes('The innermost room.'), 'not echoed');
    assert.equal(await countRows(db, 'works'), 0);
  },
);

eachDialect(
  'a deeply nested chapter is refused on posting with the depth in the message, and nothing is stored',
  async ({ db }) => {
    const { client } = await member(db);
    const form = {
      title: 'Nested',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: 'Original Work',
      language: 'en',
      action: 'post',
    };
    const res = await client.post(
      '/works/new',
      { ...form, body: '<b>'.repeat(70_000) + '</b>'.repeat(70_000) },
      { csrfFrom: '/works/new' },
    );
    assert.equal(res.status, 400);
    assert.match(await res.text(), /nests HTML elements more than 100 deep/);
    assert.equal(await countRows(db, 'works'), 0);
  },
);

eachDialect('the server’s download cache is handed to the download routes', async ({ db }) => {
  const writer = await buildUser(db);
  const id = await buildWork(db, writer);
  const downloadCache = new DownloadCache(1024 * 1024);
  const app = createApp({
    db,
    config: { siteName: 'Quire', trustProxy: false },
    logger: pino({ level: 'silent' }),
    downloadCache,
  });
  const first = await app.request(`/works/${id}/download.epub`);
  assert.equal(first.status, 200);
  const held = downloadCache.bytes;
  assert.ok(held > 0);
  const again = await app.request(`/works/${id}/download.epub`);
  assert.deepEqual(new Uint8Array(await again.arrayBuffer()), new Uint8Array(await first.arrayBuffer()));
  assert.equal(downloadCache.bytes, held, 'one file held for one version');
});
