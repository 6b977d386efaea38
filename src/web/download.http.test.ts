import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, neutralProse } from '../../test/factories.js';
import { listChapters } from '../store/chapter.store.js';
import { Client, testApp } from '../../test/http.js';
import { editChapter } from '../services/chapters.js';
import { editWork } from '../services/edit-work.js';

const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

eachDialect(
  'a work downloads as EPUB, HTML and TXT with its name, type and text; the work page links all three',
  async ({ db }) => {
    const writer = await buildUser(db);
    const id = await buildWork(db, writer, {
      meta: { title: 'Gull Weather: Ædith’s Log' },
      body: 'The gulls sat out the weather on the rail.',
    });
    const guest = new Client(testApp(db));
    const page = await (await guest.get(`/works/${id}`)).text();
    for (const f of ['epub', 'html', 'txt']) assert.ok(page.includes(`href="/works/${id}/download.${f}"`), f);

    const epub = await guest.get(`/works/${id}/download.epub`);
    assert.equal(epub.status, 200);
    assert.equal(epub.headers.get('content-type'), 'application/epub+zip');
    // docs/glossary.md: the title made ASCII, cut to 24 characters, spaces as underscores.
    const name = /^attachment; filename="([^"]+)\.epub"$/.exec(epub.headers.get('content-disposition') ?? '')?.[1];
    assert.ok(name && name.startsWith('Gull_Weather_') && name.length <= 24 && /^[\x21-\x7e]+$/.test(name), name);
    const files = unzipSync(await bytes(epub));
    assert.equal(strFromU8(files.mimetype!), 'application/epub+zip');
    const text = Object.entries(files)
      .filter(([n]) => n.endsWith('.xhtml'))
      .map(([, b]) => strFromU8(b))
      .join('\n');
    assert.ok(text.includes('The gulls sat out the weather on the rail.'));

    const html = await guest.get(`/works/${id}/download.html`);
    assert.match(html.headers.get('content-type')!, /^text\/html/);
    assert.ok((await html.text()).includes('The gulls sat out the weather on the rail.'));
    const txt = await guest.get(`/works/${id}/download.txt`);
    assert.match(txt.headers.get('content-type')!, /^text\/plain/);
    assert.ok((await txt.text()).includes('The gulls sat out the weather on the rail.'));

    const api = await guest.get(`/api/v1/works/${id}/download?format=txt`);
    assert.equal(api.status, 200);
    assert.ok((await api.text()).includes('The gulls sat out'));
    const badFormat = await guest.get(`/api/v1/works/${id}/download?format=pdfx`);
    assert.equal(badFormat.status, 400);
  },
);

eachDialect('downloads obey visibility and the adult gate, on pages and in the API', async ({ db }) => {
  const writer = await buildUser(db);
  const restricted = await buildWork(db, writer, {
    meta: { title: 'Members Only Lamp', restricted: true },
    body: 'A secret kept by the lamp room door.',
  });
  const draft = await buildWork(db, writer, {
    meta: { title: 'Unfinished Lamp' },
    draft: true,
    body: 'Not posted yet, this lamp.',
  });
  const adult = await buildWork(db, writer, {
    meta: { rating: 'Explicit', warnings: ['Major Character Death'] },
    body: 'The storm took the boat at midnight.',
  });
  const guest = new Client(testApp(db));
  for (const id of [restricted, draft]) {
    for (const f of ['epub', 'html', 'txt']) {
      const res = await guest.get(`/works/${id}/download.${f}?view_adult=true`);
      assert.equal(res.status, 404, `${id}.${f}`);
      assert.ok(!(await res.text()).includes('Lamp'));
    }
    assert.equal((await guest.get(`/api/v1/works/${id}/download?format=epub`)).status, 404);
  }
  const gate = await guest.get(`/works/${adult}/download.html`);
  assert.equal(gate.status, 200);
  const gateHtml = await gate.text();
  assert.match(gateHtml, /could have adult content/);
  assert.match(gateHtml, /Major Character Death/);
  assert.ok(!gateHtml.includes('The storm took the boat'));
  assert.ok(gateHtml.includes(`href="/works/${adult}/download.html?view_adult=true"`));
  const api = await guest.get(`/api/v1/works/${adult}/download?format=html`);
  assert.equal(api.status, 403);
  assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'adult_content');
  assert.ok(
    (await (await guest.get(`/works/${adult}/download.html?view_adult=true`)).text()).includes(
      'The storm took the boat',
    ),
  );

  const member = new Client(testApp(db));
  const m = await buildUser(db);
  await member.login(m.username, m.password);
  assert.ok(
    (await (await member.get(`/works/${restricted}/download.txt`)).text()).includes(
      'A secret kept by the lamp room door.',
    ),
  );
  const creator = new Client(testApp(db));
  await creator.login(writer.username, writer.password);
  assert.equal((await creator.get(`/works/${draft}/download.epub`)).status, 200, 'creators download their drafts');
});

eachDialect('the ETag changes with any change to the work and answers 304 otherwise', async ({ db }) => {
  const writer = await buildUser(db);
  const id = await buildWork(db, writer, {
    meta: { title: 'Tide Table' },
    body: 'High water at six, low water at noon.',
  });
  const guest = new Client(testApp(db));
  const first = await guest.get(`/works/${id}/download.epub`);
  const etag = first.headers.get('etag')!;
  assert.match(etag, /^"[\w-]+"$/);
  assert.equal(
    (await guest.get(`/works/${id}/download.epub`)).headers.get('etag'),
    etag,
    'stable while nothing changes',
  );
  const again = await guest.get(`/works/${id}/download.epub`, { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.notEqual((await guest.get(`/works/${id}/download.html`)).headers.get('etag'), etag, 'one tag per format');

  assert.ok((await editChapter(db, writer.viewer(), id, 1, { body: 'High water at seven, low water at one.' })).ok);
  const afterChapter = await guest.get(`/works/${id}/download.epub`, { 'if-none-match': etag });
  assert.equal(afterChapter.status, 200);
  const etag2 = afterChapter.headers.get('etag')!;
  assert.notEqual(etag2, etag);

  // A metadata edit does not move the "updated" date, but it changes the file: a new tag.
  assert.ok(
    (
      await editWork(db, writer.viewer(), id, {
        meta: {
          title: 'Tide Table',
          rating: 'General Audiences',
          warnings: ['No Archive Warnings Apply'],
          fandoms: ['Original Work'],
          freeforms: ['Tides'],
        },
      })
    ).ok,
  );
  const afterMeta = await guest.get(`/works/${id}/download.epub`, { 'if-none-match': etag2 });
  assert.equal(afterMeta.status, 200);
  assert.notEqual(afterMeta.headers.get('etag'), etag2);
});

eachDialect(
  'the posting form fills itself from an uploaded file; a file of several chapters becomes a draft',
  async ({ db }) => {
    const writer = await buildUser(db);
    const client = new Client(testApp(db));
    await client.login(writer.username, writer.password);
    const upload = async (name: string, text: string) => {
      const form = new FormData();
      form.append('_csrf', await client.csrf('/works/new'));
      form.append('file', new File([text], name));
      return client.request('/works/new/import', { method: 'POST', body: form });
    };
    const md = await upload(
      'harbour.md',
      '---\nfandom: Original Work\nrating: Teen And Up Audiences\n---\n# Harbour Song\n\nThe boats came home *singing*.\n',
    );
    assert.equal(md.status, 200);
    const html = await md.text();
    assert.match(html, /name="title"[^>]*value="Harbour Song"/);
    assert.ok(html.includes('&lt;em&gt;singing&lt;/em&gt;'), 'the body, as HTML, in the textarea');

    const bad = await upload('notes.txt', '\u0000\u0001\u0002 binary');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /could not be read: not a text file/);

    const multi = await upload(
      'log.md',
      '---\nfandom: Original Work\n---\n# Two Watches\n\n## First\n\nThe first watch was calm and long.\n\n## Second\n\nThe second watch was calmer still.\n',
    );
    assert.equal(multi.status, 303);
    const draftPage = await (await client.get(multi.headers.get('location')!)).text();
    assert.match(draftPage, /This is a draft/);
    assert.match(draftPage, /Two Watches/);
  },
);

eachDialect(
  'a work longer than the whole-work limit is refused, with its length, as a download and as one page; its chapters still open',
  async ({ db }) => {
    const writer = await buildUser(db);
    const id = await buildWork(db, writer, {
      meta: { title: 'The Long Log' },
      body: neutralProse(40),
      moreChapters: [{ body: neutralProse(30) }],
    });
    const stored = (await listChapters(db, id)).reduce((n, ch) => n + ch.body.length, 0);
    const over = new Client(testApp(db, { wholeWorkMaxChars: stored - 1 }));
    for (const f of ['epub', 'html', 'txt']) {
      const res = await over.get(`/works/${id}/download.${f}`);
      assert.equal(res.status, 413, f);
      const text = await res.text();
      assert.ok(
        text.includes('The Long Log') &&
          text.includes(stored.toLocaleString('en')) &&
          text.includes((stored - 1).toLocaleString('en')),
        text,
      );
    }
    const api = await over.get(`/api/v1/works/${id}/download?format=epub`);
    assert.equal(api.status, 413);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'too_large');
    assert.equal((await over.get(`/works/${id}?view_full_work=true`)).status, 413, 'the entire work on one page');
    for (const p of [`/works/${id}`, `/works/${id}/chapters/2`]) assert.equal((await over.get(p)).status, 200, p);

    // At the limit, everything is built as before.
    const at = new Client(testApp(db, { wholeWorkMaxChars: stored }));
    const epub = await at.get(`/works/${id}/download.epub`);
    assert.equal(epub.status, 200);
    assert.ok(Object.keys(unzipSync(await bytes(epub))).some((n) => n.endsWith('.xhtml')));
    assert.equal((await at.get(`/works/${id}?view_full_work=true`)).status, 200);
  },
);
