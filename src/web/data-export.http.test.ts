import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, toolWrites } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { dataExportRows, exportChunkCount } from '../../test/inspect.js';
import { epubcheckProblems } from '../../test/epubcheck.js';
import { JobRunner } from '../services/job-runner.js';
import { DATA_EXPORT_JOB, dataExportHandler, EXPORT_JSON_FILES } from '../services/data-export-build.js';
import { leaveKudos } from '../services/kudos.js';
import { bookmarkWork } from '../services/bookmarks.js';
import { postComment } from '../services/comments.js';
import { subscribe } from '../services/subscriptions.js';
import { markForLater } from '../services/reading-history.js';
import { createAccessToken } from '../services/access-tokens.js';
import { createSearchState } from '../search/search-state.js';

async function must<T>(r: Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }>) {
  const done = await r;
  if (!done.ok) throw new Error(JSON.stringify(done.errors));
  return done.value;
}

type Json = Record<string, unknown>;

eachDialect('a member exports their data: JSON of what the archive holds and an EPUB of each work', async ({ db }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-export-'));
  try {
    const writer = await buildUser(db, { username: 'puffin_export' });
    const other = await buildUser(db, { username: 'auk_other' });
    const posted = await buildWork(db, writer, {
      meta: { title: 'Puffin Burrows', summary: 'Under the turf.' },
      moreChapters: [{ title: 'Second', body: 'Another chapter, about the cliff.' }],
    });
    const draft = await buildWork(db, writer, { meta: { title: 'Half a Nest' }, draft: true });
    const theirs = await buildWork(db, other, { meta: { title: 'Auk Ledge' } });
    const writes = toolWrites(db);
    await must(leaveKudos(db, writer.viewer(), theirs, undefined, writes));
    await must(bookmarkWork(db, writer.viewer(), theirs, { notes: 'Ledges!', tags: 'cliffs' }));
    await must(postComment(db, writer.viewer(), { workId: theirs, chapterId: null }, { body: 'So high.' }, writes));
    await must(subscribe(createSearchState(db), writer.viewer(), 'work', theirs));
    await must(markForLater(db, writer.viewer(), theirs, true));
    const secret = (await must(createAccessToken(db, writer.viewer(), { name: 'Cliff reader' }))).secret;

    const app = testApp(db, { dataDir });
    const client = new Client(app);
    await client.login(writer.username, writer.password);
    const intro = await client.get('/account/export');
    assert.equal(intro.status, 200);
    assert.match(await intro.text(), /Export My Data/);
    assert.equal((await client.post('/account/export', {}, { csrfFrom: '/account/export' })).status, 303);
    const twice = await client.post('/account/export', {}, { csrfFrom: '/account/export' });
    assert.equal(twice.status, 409, 'one export at a time');
    assert.match(await (await client.get('/account/export')).text(), /Waiting to be built/);
    const [queued] = await dataExportRows(db, writer.id);
    assert.equal((await client.get(`/account/export/${queued!.id}/download`)).status, 409);

    const dir = path.join(dataDir, 'exports');
    const handler = dataExportHandler(db, {
      dir,
      site: () => ({ archiveName: 'Quire', siteUrl: 'http://quire.test/' }),
      chunkBytes: 4096,
    });
    assert.equal(await new JobRunner(db, { [DATA_EXPORT_JOB]: handler }).runDue(), 1);
    const [row] = await dataExportRows(db, writer.id);
    assert.equal(row!.status, 'ready');
    assert.equal(row!.total_steps, EXPORT_JSON_FILES.length + 2);
    assert.equal(row!.done_steps, row!.total_steps);
    // Kept in the database, in pieces, for any node to serve; nothing is left in the build folder.
    assert.ok((await exportChunkCount(db, row!.id)) > 1, 'stored in several pieces');
    assert.deepEqual(fs.readdirSync(dir), []);
    const page = await (await client.get('/account/export')).text();
    assert.match(page, new RegExp(`/account/export/${row!.id}/download`));

    // Only its member may download it; to anyone else it does not exist.
    const stranger = new Client(app);
    await stranger.login(other.username, other.password);
    assert.equal((await stranger.get(`/account/export/${row!.id}/download`)).status, 404);
    assert.equal((await new Client(app).get(`/account/export/${row!.id}/download`)).status, 404);

    const res = await client.get(`/account/export/${row!.id}/download`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="Quire-data-/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const json = (name: string) => JSON.parse(strFromU8(files[name]!)) as unknown;
    const epubs = Object.keys(files).filter((n) => n.startsWith('works/'));
    assert.deepEqual(
      Object.keys(files)
        .filter((n) => !n.startsWith('works/'))
        .sort(),
      [...EXPORT_JSON_FILES].sort(),
    );
    assert.deepEqual(epubs.sort(), [`works/${draft}-Half_a_Nest.epub`, `works/${posted}-Puffin_Burrows.epub`].sort());

    const member = json('member.json') as { user: Json; pseuds: Json[] };
    assert.equal(member.user.username, 'puffin_export');
    assert.equal(member.user.email, 'puffin_export@example.test');
    assert.deepEqual(
      member.pseuds.map((p) => p.name),
      ['puffin_export'],
    );
    const works = json('works.json') as Json[];
    assert.deepEqual(works.map((w) => [w.title, w.posted]).sort(), [
      ['Half a Nest', false],
      ['Puffin Burrows', true],
    ]);
    assert.deepEqual(
      (json('comments.json') as Json[]).map((c) => [c.work_id, c.body]),
      [[theirs, '<p>So high.</p>']],
    );
    assert.deepEqual(
      (json('kudos.json') as Json[]).map((k) => k.work_title),
      ['Auk Ledge'],
    );
    assert.deepEqual(
      (json('bookmarks.json') as Json[]).map((b) => [b.work_id, b.tags]),
      [[theirs, ['cliffs']]],
    );
    assert.deepEqual(
      (json('subscriptions.json') as Json[]).map((s) => [s.kind, s.target_id]),
      [['work', theirs]],
    );
    assert.deepEqual(
      (json('history.json') as Json[]).map((h) => [h.work_id, h.marked_for_later]),
      [[theirs, 1]],
    );
    const sessions = json('sessions.json') as Json[];
    assert.ok(sessions.length >= 1 && sessions.every((s) => Object.keys(s).sort().join() === 'created_at,expires_at'));
    const tokens = json('access-tokens.json') as Json[];
    assert.deepEqual(
      tokens.map((t) => [Object.keys(t).sort().join(), t.name]),
      [['created_at,last_used_at,name', 'Cliff reader']],
    );
    const everything = Object.values(files)
      .map((f) => Buffer.from(f).toString('latin1'))
      .join('');
    assert.ok(!everything.includes(secret) && !everything.includes(secret.slice(5)), 'no token secret in the export');

    // Each EPUB passes epubcheck.
    for (const name of epubs) {
      const file = path.join(dataDir, path.basename(name));
      fs.writeFileSync(file, files[name]!);
      assert.deepEqual(await epubcheckProblems(file), [], name);
    }

    // Once: the zip is gone, a second download is told so, and another export waits a day.
    assert.equal(await exportChunkCount(db, row!.id), 0);
    const second = await client.get(`/account/export/${row!.id}/download`);
    assert.equal(second.status, 410);
    assert.match(await second.text(), /Ask for a new export/);
    assert.equal((await dataExportRows(db, writer.id))[0]!.status, 'downloaded');
    assert.equal((await client.post('/account/export', {}, { csrfFrom: '/account/export' })).status, 429);
    assert.equal((await new Client(app).get('/account/export')).status, 303);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
