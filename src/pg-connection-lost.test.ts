// An operator ends the server's PostgreSQL connections (pg_terminate_backend, or a PostgreSQL
// restart does it): the archive keeps answering on new connections.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { loadConfig } from './config.js';
import { startServer } from './main.js';
import { openDatabase } from './store/db.js';
import { pgTestTarget } from '../test/pg-url.js';
import { testApp } from '../test/http.js';

const target = pgTestTarget();

test(
  'the server outlives the loss of its pooled PostgreSQL connections',
  { skip: target.kind !== 'server' && 'needs a PostgreSQL server' },
  async () => {
    if (target.kind !== 'server') return;
    const tag = crypto.randomBytes(6).toString('hex');
    const schema = `${process.env.QUIRE_TEST_SCHEMA_PREFIX ?? 't_'}${tag}`;
    // Only this server's connections carry this application name: nobody else's are ended.
    const appName = `quire_lost_${tag}`;
    const admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-pg-lost-'));
    process.env.QUIRE_FILTER_INDEX = '0';
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(target.url);
      url.searchParams.set('application_name', appName);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const running = await startServer(
        loadConfig({ LOG_LEVEL: 'silent' }, { port: 0, host: '127.0.0.1', dataDir, databaseUrl: url.toString() }),
      );
      try {
        const answers = async () => {
          // Side by side, so that the pool holds several connections; /login writes a session row.
          const all = await Promise.all(
            ['/works', '/login', '/', '/login', '/works?sort=title'].map((p) => fetch(running.url + p)),
          );
          for (const r of all) await r.arrayBuffer();
          return all.map((r) => r.status);
        };
        assert.deepEqual(await answers(), [200, 200, 200, 200, 200]);
        const ours = `select pid from pg_stat_activity where application_name = $1`;
        assert.ok((await admin.query(ours, [appName])).rows.length > 0, 'the pool holds idle connections');

        const ended = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`,
          [appName],
        );
        assert.ok(ended.rows.length > 0);
        for (let i = 0; i < 200 && (await admin.query(ours, [appName])).rows.length > 0; i++)
          await new Promise((r) => setTimeout(r, 25));

        assert.deepEqual(await answers(), [200, 200, 200, 200, 200], 'answers on new connections');
      } finally {
        await running.close();
      }
    } finally {
      delete process.env.QUIRE_FILTER_INDEX;
      await admin.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
);

test('while PostgreSQL cannot be reached, pages answer 503 with Retry-After, not 500', async () => {
  // Port 1 on loopback: nothing listens, so every connection is refused.
  const database = openDatabase({ databaseUrl: 'postgres://quire:quire@127.0.0.1:1/quire' });
  try {
    const app = testApp(database.db);
    const page = await app.request('/works');
    assert.equal(page.status, 503);
    assert.equal(page.headers.get('retry-after'), '30');
    assert.match(await page.text(), /database is not answering/);
    const api = await app.request('/api/v1/works');
    assert.equal(api.status, 503);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'unavailable');
  } finally {
    await database.close();
  }
});
