/**
 * The private primary/replica pair (test/pg-cluster-pair.ts): replication, paused replay,
 * terminated replica connections and a restarted primary all behave as multi-node tests expect.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { type ClusterPair, pgBinariesAvailable, startClusterPair } from './pg-cluster-pair.js';

const skip = pgBinariesAvailable() ? false : 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin';
let pair: ClusterPair | undefined;

before(async () => {
  if (!skip) pair = await startClusterPair();
});
after(async () => {
  await pair?.stop();
});

function cluster(): ClusterPair {
  assert.ok(pair, 'the pair started');
  return pair;
}

/** One statement on a fresh connection, so no test leaves a client behind a restart. */
async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T & pg.QueryResultRow>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const names = async (url: string) =>
  (await query<{ name: string }>(url, 'select name from notes order by id')).map((r) => r.name);

test('a row written on the primary is readable on the replica once replayed', { skip }, async () => {
  const { primaryUrl, replicaUrl, waitForReplay } = cluster();
  await query(primaryUrl, 'create table notes (id serial primary key, name text not null)');
  await query(primaryUrl, 'insert into notes (name) values ($1)', ['first']);
  await waitForReplay();
  assert.deepEqual(await names(replicaUrl), ['first']);
  const [recovery] = await query<{ r: boolean }>(replicaUrl, 'select pg_is_in_recovery() as r');
  assert.equal(recovery?.r, true, 'the replica is a standby');
  await assert.rejects(query(replicaUrl, "insert into notes (name) values ('no')"), /read-only transaction/);
});

test('while replay is paused the replica does not see new rows', { skip }, async () => {
  const { primaryUrl, replicaUrl, waitForReplay, pauseReplay, resumeReplay } = cluster();
  await pauseReplay();
  await query(primaryUrl, 'insert into notes (name) values ($1)', ['second']);
  // Long enough for an unpaused replica to have applied it many times over.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(await names(replicaUrl), ['first']);
  await resumeReplay();
  await waitForReplay();
  assert.deepEqual(await names(replicaUrl), ['first', 'second']);
});

test('terminateReplicaConnections ends open connections; new ones work', { skip }, async () => {
  const { replicaUrl, terminateReplicaConnections } = cluster();
  const open = new pg.Client({ connectionString: replicaUrl });
  // The server's termination arrives as 'error' events; unhandled, they would crash the runner.
  open.on('error', () => {});
  await open.connect();
  await terminateReplicaConnections();
  await assert.rejects(open.query('select 1'), 'the open connection was ended');
  await open.end().catch(() => {});
  assert.deepEqual(await names(replicaUrl), ['first', 'second']);
});

test('after restartPrimary the primary answers and replication resumes', { skip }, async () => {
  const { primaryUrl, replicaUrl, waitForReplay, restartPrimary } = cluster();
  await restartPrimary();
  await query(primaryUrl, 'insert into notes (name) values ($1)', ['third']);
  await waitForReplay();
  assert.deepEqual(await names(replicaUrl), ['first', 'second', 'third']);
});

test('with the primary stopped the replica still serves reads', { skip }, async () => {
  const { primaryUrl, replicaUrl, waitForReplay, stopPrimary, startPrimary } = cluster();
  await stopPrimary();
  await assert.rejects(query(primaryUrl, 'select 1'));
  assert.deepEqual(await names(replicaUrl), ['first', 'second', 'third']);
  await startPrimary();
  await query(primaryUrl, 'insert into notes (name) values ($1)', ['fourth']);
  await waitForReplay();
  assert.deepEqual(await names(replicaUrl), ['first', 'second', 'third', 'fourth']);
});

test('pg_stat_statements is loaded on the primary', { skip }, async () => {
  const rows = await query<{ n: number }>(cluster().primaryUrl, 'select count(*)::int as n from pg_stat_statements');
  assert.ok((rows[0]?.n ?? 0) > 0);
});
