import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { FilterIndex } from '../search/filter-index/filter-index.js';
import { migrationDrift, pingDatabase } from '../store/readiness.store.js';

/** Whether this process should be sent requests, and what each check found. */
export interface Readiness {
  ready: boolean;
  checks: { database: string; migrations: string; filterIndex: string };
}

interface Check {
  ok: boolean;
  state: string;
}

/** How long each check may take: a load balancer's check gives up after a few seconds. */
export const CHECK_WITHIN_MS = 1500;

const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT when it takes longer than `ms` (it goes on in the background). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

// An AggregateError (every address of a host refused) has no message of its own; its code says why.
function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return err.message || (typeof code === 'string' ? code : err.name);
}

async function checkDatabase(db: Kysely<DB>, ms: number): Promise<Check> {
  try {
    if ((await within(pingDatabase(db), ms)) === TIMED_OUT)
      return { ok: false, state: `unreachable: no answer within ${ms} ms` };
    return { ok: true, state: 'ok' };
  } catch (err) {
    return { ok: false, state: `unreachable: ${messageOf(err)}` };
  }
}

/**
 * Current means the database's migrations are exactly this code's: a node whose code is older than
 * the database (another node upgraded it) is not ready either, as `quire serve` would refuse to start on it.
 */
async function checkMigrations(db: Kysely<DB>, ms: number): Promise<Check> {
  try {
    const drift = await within(migrationDrift(db), ms);
    if (drift === TIMED_OUT) return { ok: false, state: `unreadable: no answer within ${ms} ms` };
    const problems = [
      ...(drift.pending.length ? [`pending: ${drift.pending.join(', ')}`] : []),
      ...(drift.unknown.length ? [`unknown to this version: ${drift.unknown.join(', ')}`] : []),
    ];
    return problems.length ? { ok: false, state: problems.join('; ') } : { ok: true, state: 'ok' };
  } catch (err) {
    return { ok: false, state: `unreadable: ${messageOf(err)}` };
  }
}

/**
 * The index's own state, read without a query; undefined when it is ready and must be caught up.
 * No index (turned off, or in tests) and one refused by its memory budget leave listings to SQL for
 * good, so both count as ready.
 */
function filterIndexState(index: FilterIndex | undefined): Check | undefined {
  if (!index) return { ok: true, state: 'off' };
  if (index.status === 'refused') return { ok: true, state: 'refused' };
  return index.ready() ? undefined : { ok: false, state: index.status };
}

/**
 * Catches a ready index up from the change log, as before any answer: a node that no listing reaches
 * (out of the pool) would otherwise stay behind for ever.
 */
async function catchUpFilterIndex(index: FilterIndex, ms: number): Promise<Check> {
  try {
    if ((await within(index.catchUp(), ms)) === TIMED_OUT) return { ok: false, state: 'catching up' };
  } catch (err) {
    return { ok: false, state: `behind: ${messageOf(err)}` };
  }
  // A long backlog starts a rebuild instead of a catch-up.
  return index.ready() ? { ok: true, state: 'ok' } : { ok: false, state: index.status };
}

/**
 * Whether this process is ready for requests: its database answers, its migrations are this code's,
 * and its filter index (if one runs) is built and caught up with the change log. Each check takes
 * at most `ms`; when the database does not answer, the migrations and the catch-up are not tried.
 */
export async function checkReadiness(
  db: Kysely<DB>,
  filterIndex: FilterIndex | undefined,
  ms = CHECK_WITHIN_MS,
): Promise<Readiness> {
  // As the request found it, before any query.
  const indexState = filterIndexState(filterIndex);
  const database = await checkDatabase(db, ms);
  const skipped: Check = { ok: false, state: 'not checked' };
  const migrations = database.ok ? await checkMigrations(db, ms) : skipped;
  const index = indexState ?? (database.ok && filterIndex ? await catchUpFilterIndex(filterIndex, ms) : skipped);
  return {
    ready: database.ok && migrations.ok && index.ok,
    checks: { database: database.state, migrations: migrations.state, filterIndex: index.state },
  };
}
