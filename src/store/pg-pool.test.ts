import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresPool } from './pg-pool.js';
import { isDatabaseUnavailable } from './db-faults.js';

test('once PostgreSQL cannot be reached, new connections are refused at once for a while, then tried again', async () => {
  // Port 1 on loopback: nothing listens, so the server refuses every attempt.
  const pool = postgresPool('postgres://quire:quire@127.0.0.1:1/quire', undefined, () => {}, 2);
  try {
    const failure = async (): Promise<Error> => {
      try {
        await pool.query('select 1');
      } catch (err) {
        return err as Error;
      }
      assert.fail('the query should fail');
    };
    const tried = await failure();
    assert.ok(isDatabaseUnavailable(tried));
    assert.doesNotMatch(tried.message, /a moment ago/, 'the first attempt reaches for the server');
    const gated = await failure();
    assert.match(gated.message, /could not be reached a moment ago/, 'within the back-off, refused at once');
    assert.ok(isDatabaseUnavailable(gated), 'so pages answer 503');
    await new Promise((r) => setTimeout(r, 300));
    assert.doesNotMatch((await failure()).message, /a moment ago/, 'after the back-off, tried again');
    assert.match((await failure()).message, /a moment ago/, 'and the next wait is longer');
  } finally {
    await pool.end();
  }
});
