// A full disk, simulated with SQLite's max_page_count: the file may not grow, and every write that
// needs a new page fails with SQLITE_FULL ("database or disk is full"), as it does on a full disk.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { sqliteTestDb } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { countRows } from '../../test/inspect.js';
import { Client } from '../../test/http.js';
import { createApp } from './app.js';
import { sqliteHandle } from '../store/db.js';

const form = {
  title: 'The Lamp Room',
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: 'Original Work',
  language: 'en',
  action: 'post',
};

/** Lets the file grow no further, then fills the sessions table until a new session row needs a page. */
function fillTheDisk(sqlite: NonNullable<ReturnType<typeof sqliteHandle>>): void {
  const pages = sqlite.pragma('page_count', { simple: true }) as number;
  sqlite.pragma(`max_page_count = ${pages}`);
  const insert = sqlite.prepare(
    "insert into sessions (id, user_id, csrf_token, view_adult, created_at, expires_at) values (?, null, 'x', 0, '2026-01-01', '2999-01-01')",
  );
  for (let i = 0; i < 1_000_000; i++) {
    try {
      insert.run(`filler-${i}`);
    } catch (err) {
      assert.equal((err as { code?: string }).code, 'SQLITE_FULL');
      return;
    }
  }
  assert.fail('the database never filled up');
}

test('on a full disk a post answers 507 keeping its text, the cause is logged, and reading goes on', async () => {
  const t = await sqliteTestDb();
  try {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    const app = createApp({ db: t.db, config: { siteName: 'Quire', trustProxy: false }, logger });
    const u = await buildUser(t.db);
    const gated = await buildWork(t.db, u, {
      meta: {
        title: 'Night Tide',
        rating: 'Explicit',
        warnings: ['No Archive Warnings Apply'],
        fandoms: ['Original Work'],
      },
      body: 'The tide came in over the lamp room steps.',
    });
    const writer = new Client(app);
    await writer.login(u.username, u.password);
    const csrf = await writer.csrf('/works/new');

    fillTheDisk(sqliteHandle(t.db)!);
    const body = `Every word of this must survive. ${'The keeper wrote in the log. '.repeat(2000)}`;
    const posted = await writer.post('/works/new', { ...form, body }, { csrf });
    assert.equal(posted.status, 507);
    const html = await posted.text();
    assert.match(html, /storage is full/);
    assert.ok(html.includes(body), 'the posted text is back in the form');
    assert.ok(html.includes('value="The Lamp Room"'), 'and so is the title');
    assert.equal(await countRows(t.db, 'works'), 1, 'nothing was half-written');

    const chapter = await writer.post(`/works/${gated}/chapters/new`, { chapterTitle: 'Ebb', body }, { csrf });
    assert.equal(chapter.status, 507);
    assert.ok((await chapter.text()).includes(body), 'a new chapter’s text is kept too');

    const log = lines.join('');
    assert.match(log, /database or disk is full/, 'the real cause is logged');
    assert.doesNotMatch(log, /cannot rollback/);

    // A new visitor: pages that start a session (log-in form, adult gate) still answer.
    const guest = new Client(app);
    for (const path of ['/', '/works', '/login', `/works/${gated}`, '/api/v1/works']) {
      const res = await guest.get(path);
      assert.equal(res.status, 200, `GET ${path}`);
      await res.arrayBuffer();
    }
    const proceed = await guest.get(`/works/${gated}?view_adult=true`);
    assert.equal(proceed.status, 200);
    assert.match(await proceed.text(), /The tide came in/);
    assert.equal(guest.cookies.size, 0, 'no cookie for a session that was not saved');

    // Space again: the same post goes through.
    sqliteHandle(t.db)!.pragma('max_page_count = 1073741823');
    const again = await writer.post('/works/new', { ...form, body }, { csrf });
    assert.equal(again.status, 303);
  } finally {
    await t.close();
  }
});
