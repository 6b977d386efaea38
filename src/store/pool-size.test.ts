// Several nodes share one PostgreSQL server's connections: each process opens at most
// QUIRE_DB_POOL_SIZE of them, however many queries wait.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../config.js';
import { openDatabase } from './db.js';
import { pgTestTarget } from '../../test/pg-url.js';

const target = pgTestTarget();

test(
  'a process opens at most its pool size of PostgreSQL connections',
  { skip: target.kind !== 'server' && 'needs a PostgreSQL server' },
  async () => {
    if (target.kind !== 'server') return;
    const url = new URL(target.url);
    url.searchParams.set('application_name', `quire_pool_${crypto.randomBytes(6).toString('hex')}`);
    for (const poolSize of [1, 3]) {
      const database = openDatabase({ databaseUrl: url.toString(), poolSize });
      try {
        // Twelve queries at once, each holding its connection a moment: the backends they ran on.
        const pids = await Promise.all(
          Array.from({ length: 12 }, async () => {
            const r = await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(database.db);
            return r.rows[0]!.pid;
          }),
        );
        assert.equal(new Set(pids).size, poolSize);
      } finally {
        await database.close();
      }
    }
  },
);

test('the pool size comes from QUIRE_DB_POOL_SIZE, 10 unless set, and a wrong one stops the start', () => {
  assert.equal(loadConfig({}).dbPoolSize, 10);
  assert.equal(loadConfig({ QUIRE_DB_POOL_SIZE: '4' }).dbPoolSize, 4);
  for (const bad of ['0', 'many', '2.5'])
    assert.throws(() => loadConfig({ QUIRE_DB_POOL_SIZE: bad }), /QUIRE_DB_POOL_SIZE/);
});
