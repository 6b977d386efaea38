/**
 * Where benchmark corpora live and how they are built: SQLite in a data folder under .tmp/bench/
 * (so `quire serve --data` opens it as it would any archive), PostgreSQL in the database
 * quire_bench, one schema per corpus, on the server of QUIRE_TEST_PG_URL or DATABASE_URL (default:
 * the local test server). A corpus is rebuilt only when the generator's output for its options changes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/store/schema.js';
import { migrateToLatest, openDatabase, type Database, type DialectName } from '../src/store/db.js';
import { loadCorpusBulk, type Progress } from './corpus-load.js';
import type { PostWorkInput } from '../src/services/post-work.js';
import { specTextWords, type CorpusSpec } from './corpus-spec.js';

export const BENCH_ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_PG_URL = 'postgres://quire_test:quire_test@127.0.0.1:5432/quire_test';
const PG_DATABASE = 'quire_bench';
const MARKER_KEY = 'bench.corpus';

/** What identifies a corpus: the generator's options. */
export interface CorpusId {
  seed: number;
  works: number;
  /** --fulltext-words; absent = the generator's default chapter lengths. */
  textWords?: number | undefined;
  /** --tags (tag universe); absent = the generator's default. */
  tags?: number | undefined;
}

/** Stored in the corpus's settings table once it is fully loaded. */
export interface CorpusInfo {
  fingerprint: string;
  seed: number;
  works: number;
  tags: number;
  textWords: number;
  loadSeconds: number;
  worksPerSec: number;
  loadedAt: string;
}

export const pgBaseUrl = (): string => process.env.QUIRE_TEST_PG_URL ?? process.env.DATABASE_URL ?? DEFAULT_PG_URL;

export function corpusSlug(id: CorpusId): string {
  return `s${id.seed}-w${id.works}${id.textWords !== undefined ? `-t${id.textWords}` : ''}${id.tags !== undefined ? `-g${id.tags}` : ''}`;
}

export const sqliteDataDir = (id: CorpusId): string =>
  path.join(BENCH_ROOT, '.tmp', 'bench', `corpus-${corpusSlug(id)}`);
export const pgSchemaName = (id: CorpusId): string => `corpus_${corpusSlug(id).replace(/-/g, '_')}`;

/** The quire_bench database's URL, and with a schema, one whose connections use that schema. */
export function pgCorpusUrl(schema?: string): string {
  const url = new URL(pgBaseUrl());
  url.pathname = `/${PG_DATABASE}`;
  if (schema) url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** How `quire serve` is pointed at a corpus: extra arguments and environment. */
export function serveTarget(dialect: DialectName, id: CorpusId): { args: string[]; env: Record<string, string> } {
  return dialect === 'sqlite'
    ? { args: ['--data', sqliteDataDir(id)], env: {} }
    : { args: [], env: { DATABASE_URL: pgCorpusUrl(pgSchemaName(id)) } };
}

/** Changes whenever the generator's output for these options changes, so a stale corpus is rebuilt. */
export function fingerprint(spec: CorpusSpec): string {
  const step = Math.max(1, Math.floor(spec.works.length / 200));
  const sample = spec.works
    .filter((_, i) => i % step === 0)
    .map((w) => [w.title, w.fandoms, w.freeforms, w.chapters, w.nominalWords, w.kudos]);
  const h = crypto
    .createHash('sha256')
    .update(JSON.stringify({ tags: spec.tags.length, users: spec.users.length, sample }))
    .digest('hex');
  return `seed=${spec.seed} works=${spec.works.length} v3 ${h.slice(0, 16)}`;
}

async function pgAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Opens a corpus's database (creating the empty folder or schema if need be). */
export async function openCorpusDatabase(dialect: DialectName, id: CorpusId): Promise<Database> {
  if (dialect === 'sqlite') return openDatabase({ dataDir: sqliteDataDir(id) });
  await pgAdmin(pgBaseUrl(), async (c) => {
    const exists = await c.query('select 1 from pg_database where datname = $1', [PG_DATABASE]);
    if (exists.rowCount === 0) await c.query(`create database ${PG_DATABASE}`);
  });
  const schema = pgSchemaName(id);
  await pgAdmin(pgCorpusUrl(), (c) => c.query(`create schema if not exists ${schema}`));
  return openDatabase({ databaseUrl: pgCorpusUrl(), pgSchema: schema });
}

export async function readCorpusInfo(db: Kysely<DB>): Promise<CorpusInfo | undefined> {
  try {
    const v = (await db.selectFrom('settings').select('value').where('key', '=', MARKER_KEY).executeTakeFirst())?.value;
    if (!v?.startsWith('{')) return undefined;
    return JSON.parse(v) as CorpusInfo;
  } catch {
    return undefined; // no schema or no tables yet
  }
}

/** Empties a corpus's database, so a load starts from a fresh, migrated archive. */
async function resetCorpus(dialect: DialectName, id: CorpusId, database: Database): Promise<Database> {
  await database.close();
  if (dialect === 'sqlite') {
    fs.rmSync(sqliteDataDir(id), { recursive: true, force: true });
  } else {
    const schema = pgSchemaName(id);
    await pgAdmin(pgCorpusUrl(), async (c) => {
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.query(`create schema ${schema}`);
    });
  }
  const fresh = await openCorpusDatabase(dialect, id);
  await migrateToLatest(fresh.db);
  return fresh;
}

export interface OpenedCorpus {
  database: Database;
  info: CorpusInfo;
  /** False when an existing, matching corpus was reused. */
  built: boolean;
}

/**
 * Opens the corpus for `spec`, loading it first (through the bulk loader the equivalence test
 * covers, with the spec's long-tailed word counts and engagement) unless a matching one exists.
 */
export async function ensureCorpus(
  dialect: DialectName,
  id: CorpusId,
  spec: CorpusSpec,
  opts: { rebuild?: boolean; onProgress?: Progress; inputs?: readonly PostWorkInput[] } = {},
): Promise<OpenedCorpus> {
  let database = await openCorpusDatabase(dialect, id);
  const mark = fingerprint(spec);
  const existing = await readCorpusInfo(database.db);
  if (!opts.rebuild && existing?.fingerprint === mark) {
    await migrateToLatest(database.db);
    return { database, info: existing, built: false };
  }
  database = await resetCorpus(dialect, id, database);
  // For this connection only, while loading: a 2 GB page cache (index pages of a million works stay
  // in memory) and no fsync per batch (a crash mid-load means loading again anyway).
  if (dialect === 'sqlite')
    for (const p of ['cache_size = -2000000', 'synchronous = off', 'temp_store = memory'])
      await sql.raw(`pragma ${p}`).execute(database.db);
  const started = performance.now();
  await loadCorpusBulk(database.db, spec, opts.onProgress, {
    wordCounts: 'nominal',
    engagement: true,
    ...(opts.inputs ? { inputs: opts.inputs } : {}),
  });
  const loadSeconds = (performance.now() - started) / 1000;
  // PostgreSQL's autovacuum would analyze the new tables within minutes; SQLite's app never runs ANALYZE.
  if (dialect === 'postgres') await sql`analyze`.execute(database.db);
  const info: CorpusInfo = {
    fingerprint: mark,
    seed: spec.seed,
    works: spec.works.length,
    tags: spec.tags.length,
    textWords: specTextWords(spec),
    loadSeconds: Math.round(loadSeconds * 10) / 10,
    worksPerSec: Math.round(spec.works.length / loadSeconds),
    loadedAt: new Date().toISOString(),
  };
  const value = JSON.stringify(info);
  await database.db
    .insertInto('settings')
    .values({ key: MARKER_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
  return { database, info, built: true };
}
