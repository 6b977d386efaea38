import assert from 'node:assert/strict';
import net from 'node:net';
import test from 'node:test';
import { Migrator } from 'kysely';
import { DIALECTS, eachDialect, sqliteTestDb } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { testApp } from '../../test/http.js';
import { createSearchState } from '../search/search-state.js';
import { startFilterIndex } from '../search/filter-index/start.js';
import { hasBit } from '../search/filter-index/bitset.js';
import { openDatabase } from '../store/db.js';
import { migrationProvider } from '../store/migrations/index.js';
import type { Readiness } from '../services/readiness.js';
import type { Hono } from 'hono';
import pino from 'pino';
import { createApp } from './app.js';
import type { AppEnv } from './context.js';

async function readyz(app: Hono<AppEnv>): Promise<{ status: number; body: Readiness }> {
  const res = await app.request('/readyz');
  assert.equal(res.headers.get('set-cookie'), null, '/readyz starts no session');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return { status: res.status, body: (await res.json()) as Readiness };
}

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}

eachDialect('/healthz answers ok as plain text, uncached and without a session', async ({ db }) => {
  const res = await testApp(db).request('/healthz');
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'ok');
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('set-cookie'), null);
  assert.ok(Number(res.headers.get('x-quire-policy-checks')) >= 1);
});

eachDialect('/readyz is ready with the database answering, migrations current and no filter index', async ({ db }) => {
  const { status, body } = await readyz(testApp(db));
  assert.equal(status, 200);
  assert.deepEqual(body, { ready: true, checks: { database: 'ok', migrations: 'ok', filterIndex: 'off' } });
});

eachDialect('/readyz waits for the filter index to be built, then catches it up', async ({ db }) => {
  const writer = await buildUser(db);
  await buildWork(db, writer);
  const running = startFilterIndex(db, { verifyEveryMs: 0 });
  try {
    const app = testApp(db, {}, { search: createSearchState(db, running.index) });
    // The check reads the index's state before its first query; the build has many still to make.
    const building = await readyz(app);
    assert.equal(building.status, 503);
    assert.deepEqual(building.body, {
      ready: false,
      checks: { database: 'ok', migrations: 'ok', filterIndex: 'building' },
    });

    assert.ok(await running.index.build());
    const built = await readyz(app);
    assert.equal(built.status, 200);
    assert.equal(built.body.checks.filterIndex, 'ok');

    // A change logged after the build is applied by the check itself, as before a listing's answer.
    const later = await buildWork(db, writer);
    assert.ok(!hasBit(running.index.peek()!.live, later));
    assert.equal((await readyz(app)).status, 200);
    assert.ok(hasBit(running.index.peek()!.live, later));
  } finally {
    await running.stop();
  }
});

test('/readyz names the pending migrations of a database behind this code', async () => {
  // On SQLite only: Kysely's migrator lists the tables of every schema on PostgreSQL, other test runs' included.
  const t = await sqliteTestDb();
  try {
    const { error, results } = await new Migrator({ db: t.db, provider: migrationProvider }).migrateDown();
    assert.equal(error, undefined);
    const undone = results![0]!.migrationName;
    const { status, body } = await readyz(testApp(t.db));
    assert.equal(status, 503);
    assert.deepEqual(body.checks, { database: 'ok', migrations: `pending: ${undone}`, filterIndex: 'off' });
  } finally {
    await t.close();
  }
});

for (const dialect of DIALECTS) {
  test(`/readyz names an unreachable database, /healthz still answers [${dialect}]`, async () => {
    // SQLite: a handle already closed; PostgreSQL: a pool pointed at a port nothing listens on.
    const t =
      dialect === 'sqlite'
        ? await sqliteTestDb()
        : openDatabase({ databaseUrl: `postgres://quire:quire@127.0.0.1:${await closedPort()}/quire` });
    try {
      const app = testApp(t.db);
      if (dialect === 'sqlite') await t.db.destroy();
      const { status, body } = await readyz(app);
      assert.equal(status, 503);
      assert.equal(body.ready, false);
      assert.match(body.checks.database, /^unreachable: ./);
      assert.deepEqual([body.checks.migrations, body.checks.filterIndex], ['not checked', 'off']);
      const alive = await app.request('/healthz');
      assert.equal(alive.status, 200);
      assert.equal(await alive.text(), 'ok');
    } finally {
      await t.close();
    }
  });
}

eachDialect('a load balancer’s probes are logged at debug level, other requests at info', async ({ db }) => {
  const lines: Array<{ level: number; path?: string }> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as never) });
  const app = createApp({
    db,
    config: { siteName: 'Quire', trustProxy: false, publicUrl: 'http://quire.test' },
    logger,
  });
  assert.equal((await app.request('/healthz')).status, 200);
  assert.equal((await app.request('/readyz')).status, 200);
  assert.equal((await app.request('/works')).status, 200);
  assert.deepEqual(
    lines.filter((l) => l.path !== undefined).map((l) => l.path),
    ['/works'],
  );
});
