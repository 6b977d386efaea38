// New connections are accepted and answered while keep-alive readers keep the server busy: libuv
// accepts one connection per turn of the event loop, so a turn must not run every ready request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { AsyncLocalStorage } from 'node:async_hooks';
import { requestTurns } from './request-turns.js';
import { loadConfig } from './config.js';
import { startServer } from './main.js';
import { buildUser, buildWork } from '../test/factories.js';

const READERS = 40;
const NEWCOMERS = 30;

function get(
  url: string,
  agent: http.Agent | false,
  headers: Record<string, string> = {},
): Promise<{ status: number; cookie: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        res.resume().on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            cookie: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '),
          }),
        );
      })
      .on('error', reject);
  });
}

/**
 * Runs `measure` against a server kept busy by READERS keep-alive readers with a session (every
 * listing rendered by the app), with the count of their pages answered so far.
 */
async function whileReadersAreBusy(measure: (url: string, answered: () => number) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-turns-'));
  process.env.QUIRE_FILTER_INDEX = '0';
  const running = await startServer(loadConfig({ LOG_LEVEL: 'silent' }, { port: 0, host: '127.0.0.1', dataDir }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: READERS });
  try {
    const u = await buildUser(running.database.db);
    for (let i = 0; i < 30; i++) await buildWork(running.database.db, u);
    const { cookie } = await get(`${running.url}/login`, false);
    assert.ok(cookie);
    let answered = 0;
    let stop = false;
    const reader = async () => {
      // Bounded: stops when the measurement is done, or after a number of pages no run needs.
      while (!stop && answered < 50_000) {
        assert.equal((await get(`${running.url}/works?page=1`, agent, { cookie })).status, 200);
        answered++;
      }
    };
    const readers = Array.from({ length: READERS }, reader);
    while (answered < 2 * READERS) await new Promise((r) => setImmediate(r));
    try {
      await measure(running.url, () => answered);
    } finally {
      stop = true;
      await Promise.all(readers);
    }
  } finally {
    agent.destroy();
    await running.close();
    delete process.env.QUIRE_FILTER_INDEX;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

test(
  'a new visitor waits about one round of the busy keep-alive readers, not one round per waiting connection',
  { timeout: 120_000 },
  () =>
    whileReadersAreBusy(async (url, answered) => {
      // Newcomers: fresh connections, no cookie, each to a page no one has asked for yet.
      const waited = await Promise.all(
        Array.from({ length: NEWCOMERS }, async (_, i) => {
          const before = answered();
          const r = await get(`${url}/works?page=1&newcomer=${i}`, false);
          assert.equal(r.status, 200);
          return answered() - before;
        }),
      );
      const worst = Math.max(...waited);
      // Before: each waiting connection was accepted a whole round of readers after the previous one
      // (here the last of 30 waited through 939 readers' pages). Now one round (41) for all of them.
      assert.ok(
        worst < 4 * READERS,
        `the slowest newcomer waited while readers got ${worst} pages (${waited.join(' ')})`,
      );
    }),
);

test(
  'a load balancer’s probe is answered at once on a busy node, not after a round of readers',
  { timeout: 120_000 },
  () =>
    whileReadersAreBusy(async (url, answered) => {
      const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const waited: number[] = [];
        for (let i = 0; i < 20; i++) {
          const before = answered();
          assert.equal((await get(`${url}/${i % 2 ? 'healthz' : 'readyz'}`, probeAgent)).status, 200);
          waited.push(answered() - before);
        }
        waited.sort((a, b) => a - b);
        const median = waited[waited.length >> 1]!;
        // Queued, each probe waited for about one round of readers (40 pages); skipping the queue, a few.
        assert.ok(median < READERS / 4, `a probe waited while readers got ${median} pages (${waited.join(' ')})`);
      } finally {
        probeAgent.destroy();
      }
    }),
);

test('each request starts in its own async context, whichever request scheduled its turn', async () => {
  const turns = requestTurns();
  const context = new AsyncLocalStorage<string>();
  const seen: Array<[string, string | undefined]> = [];
  await new Promise<void>((resolve) => {
    for (const name of ['a', 'b', 'c'])
      context.run(name, () =>
        turns.admit(() => {
          seen.push([name, context.getStore()]);
          if (seen.length === 3) resolve();
        }),
      );
  });
  assert.deepEqual(seen, [
    ['a', 'a'],
    ['b', 'b'],
    ['c', 'c'],
  ]);
});
