// Two Quire nodes on one PostgreSQL primary with a streaming replica (docs/decisions/015): node A
// reads the primary, node B reads the replica where it may. What one node does, the other shows at
// once; a member reads their own write through a lagging replica; both nodes outlive the replica's
// connections ending and the primary restarting; the cluster's chores and jobs run once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { loadConfig } from '../src/config.js';
import { startServer, type Running } from '../src/main.js';
import { openDatabase, type Database } from '../src/store/db.js';
import { enqueueMail } from '../src/services/mail.js';
import { claimChore } from '../src/store/chore.store.js';
import { MAX_FAILURES_PER_ACCOUNT } from '../src/services/log-in.js';
import { logWorkChange, logWorkChanges } from '../src/store/work-changes.store.js';
import type { AppEnv } from '../src/web/context.js';
import { buildUser, buildWork, type TestUser } from './factories.js';
import { Client } from './http.js';
import { pgBinariesAvailable, startClusterPair, type ClusterPair } from './pg-cluster-pair.js';
import { heldOpen } from './late-commit.js';

const skip = !pgBinariesAvailable() && 'needs Debian’s PostgreSQL binaries (initdb, pg_basebackup)';

let pair: ClusterPair;
let primary: Database;
let nodeA: Running;
let nodeB: Running;
const dirs: string[] = [];

/** A browser against a served node: cookies kept, CSRF tokens filled in, redirects not followed. */
function browser(node: Running): Client {
  const app = {
    request: (p: string, init: RequestInit) => fetch(node.url + p, { ...init, redirect: 'manual' }),
  } as unknown as Hono<AppEnv>;
  return new Client(app);
}

async function startNode(replicaUrls: string[]): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-node-'));
  dirs.push(dataDir);
  return startServer(
    loadConfig(
      { LOG_LEVEL: 'silent' },
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: pair.primaryUrl, replicaUrls, replicaMaxLagMs: 60_000 },
    ),
  );
}

async function until(what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ready = (node: Running) => async () => (await fetch(`${node.url}/readyz`)).status === 200;

async function guestSees(node: Running, p: string, text: string): Promise<boolean> {
  const r = await fetch(node.url + p);
  return r.status === 200 && (await r.text()).includes(text);
}

before(async () => {
  if (skip) return;
  pair = await startClusterPair();
  primary = openDatabase({ databaseUrl: pair.primaryUrl });
  nodeA = await startNode([]);
  nodeB = await startNode([pair.replicaUrl]);
  await until('node A ready', ready(nodeA));
  await until('node B ready', ready(nodeB));
});

after(async () => {
  if (skip) return;
  await nodeB?.close();
  await nodeA?.close();
  await primary?.close();
  await pair?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function writerOnA(): Promise<{ writer: TestUser; client: Client }> {
  const writer = await buildUser(primary.db);
  const client = browser(nodeA);
  assert.equal((await client.login(writer.username, writer.password)).status, 303);
  return { writer, client };
}

const workForm = (title: string) => ({
  title,
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: 'Original Work',
  language: 'en',
  chapterTitle: 'One',
  body: 'The tide came in over the flat sand, and the birds moved up the beach.',
  action: 'post',
});

test('a work restricted on node A leaves node B’s guest pages at once, though B’s replica lags', { skip }, async () => {
  const { client } = await writerOnA();
  const posted = await client.post('/works/new', workForm('The Tide Table'));
  assert.equal(posted.status, 303);
  const url = new URL(posted.headers.get('location')!, nodeA.url).pathname;
  await pair.waitForReplay();
  const replicaReads = () => nodeB.database.replicas!.status()[0]!.reads;
  const readsBefore = replicaReads();
  // Node B shows it to guests, and keeps the pages it rendered.
  for (const p of [url, '/works', '/works/feed.atom', '/opds/recent'])
    await until(`node B shows the work at ${p}`, () => guestSees(nodeB, p, 'The Tide Table'));
  assert.ok(await guestSees(nodeB, url, 'The Tide Table'), 'the shared page, now from the cache');
  assert.ok(replicaReads() > readsBefore, 'node B read its guests’ pages from the replica');

  await pair.pauseReplay();
  try {
    const edit = await client.post(
      `${url}/edit`,
      { ...workForm('The Tide Table'), restricted: '1' },
      { csrfFrom: `${url}/edit` },
    );
    assert.equal(edit.status, 303);
    // The very next request to node B, with its replica not yet replayed the change.
    const page = await fetch(nodeB.url + url);
    const html = await page.text();
    assert.doesNotMatch(html, /The tide came in/);
    for (const p of ['/works', '/works/feed.atom', '/opds/recent', '/search?q=tide'])
      assert.ok(!(await guestSees(nodeB, p, 'The Tide Table')), `gone from ${p} on node B`);
  } finally {
    await pair.resumeReplay();
  }
});

test(
  'a change that commits on the primary after a 1,200-change import reaches node B’s next page',
  { skip },
  async () => {
    const writer = await buildUser(primary.db);
    const work = await buildWork(primary.db, writer, { meta: { title: 'Slow Lantern' } });
    const other = await buildWork(primary.db, writer, { meta: { title: 'Busy Quay' } });
    await until('node B lists the work', () => guestSees(nodeB, '/works?late=1', 'Slow Lantern'));
    // An edit logs its change first and commits last, as one rebuilding a long work's text would.
    const slow = await heldOpen(primary.db, async (trx) => {
      await trx.updateTable('works').set({ restricted: 1 }).where('id', '=', work).execute();
      await logWorkChange(trx, work);
    });
    await logWorkChanges(
      primary.db,
      Array.from({ length: 1200 }, () => other),
    );
    assert.ok(await guestSees(nodeB, `/works/${work}`, 'Slow Lantern'), 'not yet committed: still shown');
    await slow.commit();
    // The very next requests, on either node, with no time for replication or notification.
    for (const node of [nodeB, nodeA]) {
      assert.ok(!(await guestSees(node, `/works/${work}`, 'Slow Lantern')), 'the work page is gone');
      assert.ok(!(await guestSees(node, '/works?late=1', 'Slow Lantern')), 'the listing leaves it out');
    }
  },
);

test('a member reads their own write on node B through a replica that has not replayed it', { skip }, async () => {
  const writer = await buildUser(primary.db);
  const work = await buildWork(primary.db, writer, { meta: { title: 'Harbour Lights' } });
  await pair.waitForReplay();
  const reader = await buildUser(primary.db);
  await pair.waitForReplay();
  const client = browser(nodeB);
  assert.equal((await client.login(reader.username, reader.password)).status, 303);
  await pair.waitForReplay();
  await pair.pauseReplay();
  try {
    // A subscription logs no change at all: only the browser's own write position says to wait for it.
    const subscribed = await client.post(
      '/subscriptions',
      { kind: 'work', target_id: String(work), return_to: `/works/${work}` },
      { csrfFrom: `/works/${work}` },
    );
    assert.equal(subscribed.status, 303);
    assert.match(await (await client.get(`/works/${work}`)).text(), />Unsubscribe<\/button>/);
    const saved = await client.post(
      `/works/${work}/bookmarks`,
      { notes: 'Read again in winter.', tags: '' },
      { csrfFrom: `/works/${work}` },
    );
    assert.equal(saved.status, 303);
    const mine = await client.get(`/users/${reader.username}/bookmarks`);
    assert.equal(mine.status, 200);
    assert.match(await mine.text(), /Harbour Lights/, 'the bookmark shows on the next page');
    // A guest on node B, with no write of their own, is served by the replica (or the primary): either
    // way what they see is at least as new as the primary's clock when they asked.
    assert.ok(await guestSees(nodeB, `/works/${work}`, 'Harbour Lights'));
  } finally {
    await pair.resumeReplay();
  }
});

test('both nodes serve again after the replica’s connections end and the primary restarts', { skip }, async () => {
  const writer = await buildUser(primary.db);
  const work = await buildWork(primary.db, writer, { meta: { title: 'Salt Marsh' } });
  await pair.waitForReplay();
  await until('node B shows the work', () => guestSees(nodeB, `/works/${work}`, 'Salt Marsh'));

  await pair.terminateReplicaConnections();
  assert.ok(
    await guestSees(nodeB, `/works/${work}?view_full_work=true`, 'Salt Marsh'),
    'node B reads the primary meanwhile',
  );

  await pair.restartPrimary();
  for (const node of [nodeA, nodeB])
    await until('the node serves after the restart', () => guestSees(node, `/works/${work}?restart=1`, 'Salt Marsh'));
  // Writes work again too: a new work shows on the other node.
  const again = await buildWork(primary.db, writer, { meta: { title: 'Mudflat Evening' } }).catch(async () => {
    // The test's own pool may hold a connection the restart ended: one retry on a fresh one.
    return buildWork(primary.db, writer, { meta: { title: 'Mudflat Evening' } });
  });
  await until('node B shows a work written after the restart', () =>
    guestSees(nodeB, `/works/${again}`, 'Mudflat Evening'),
  );
  await until('node A is ready', ready(nodeA));
  await until('node B is ready', ready(nodeB));
  const status = (await (await fetch(`${nodeB.url}/readyz`)).json()) as { replicas: Array<{ up: boolean }> };
  assert.equal(status.replicas.length, 1);
  await until('node B sees its replica answer again', async () => {
    const r = (await (await fetch(`${nodeB.url}/readyz`)).json()) as { replicas: Array<{ up: boolean }> };
    return r.replicas[0]!.up;
  });
});

test('the cluster’s chores and jobs run once, whichever node gets to them', { skip }, async () => {
  // The hourly clean-up: both nodes ask at once, one is given it.
  const claims = await Promise.all([0, 1].map(() => claimChore(primary.db, 'multi-node-test', 3_600_000)));
  assert.deepEqual(claims.filter(Boolean).length, 1);
  // Mail jobs: both nodes' runners claim from the same table; each message is written once.
  const n = 12;
  for (let i = 0; i < n; i++)
    await enqueueMail(primary.db, {
      to: `reader${i}@example.test`,
      subject: `Note ${i}`,
      text: 'A short note.',
      html: '<p>A short note.</p>',
    });
  const outboxes = dirs.map((d) => path.join(d, 'outbox'));
  const sent = () =>
    outboxes.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.eml')) : []));
  await until('every message written', async () => sent().length >= n);
  await new Promise((r) => setTimeout(r, 500));
  const files = sent();
  assert.equal(new Set(files).size, files.length, 'no message written by both nodes');
  const texts = outboxes.flatMap((d) =>
    fs.existsSync(d) ? fs.readdirSync(d).map((f) => fs.readFileSync(path.join(d, f), 'utf8')) : [],
  );
  for (let i = 0; i < n; i++)
    assert.equal(
      texts.filter((t) => t.includes(`Subject: Note ${i}\r\n`) || t.includes(`Subject: Note ${i}\n`)).length,
      1,
    );
});

test(
  '40 wrong passwords for one account sent to both nodes at once: at most the limit are checked',
  { skip },
  async () => {
    const target = await buildUser(primary.db);
    const clients = [browser(nodeA), browser(nodeB)];
    const tokens = await Promise.all(clients.map((c) => c.csrf()));
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        clients[i % 2]!.request('/login', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: tokens[i % 2]!, username: target.username, password: `wrong-${i}` }),
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    const checked = statuses.filter((s) => s === 400).length;
    assert.ok(checked <= MAX_FAILURES_PER_ACCOUNT, `checked ${checked} of 40`);
    assert.equal(statuses.filter((s) => s === 429).length, 40 - checked);
  },
);
