import type { Executor } from './executor.js';
import { sql } from 'kysely';
import { sqliteHandle } from './db.js';
import { isPostgres } from './dialect.js';
import { insertRows } from './bulk-insert.js';
import { turnStamp } from './turn-stamp.js';

/** work_id of a change to the tag graph rather than to one work. */
export const TAG_GRAPH_CHANGE = 0;

/** Records that a work changed (posted, edited, deleted, re-tagged); call inside the change's transaction. */
export async function logWorkChange(db: Executor, workId: number): Promise<void> {
  await db.insertInto('work_changes').values({ work_id: workId, created_at: new Date().toISOString() }).execute();
}

/** logWorkChange for many works at once, in the order given. */
export async function logWorkChanges(db: Executor, workIds: number[]): Promise<void> {
  const created_at = new Date().toISOString();
  await insertRows(
    db,
    'work_changes',
    workIds.map((work_id) => ({ work_id, created_at })),
  );
}

/** Records a wrangling change that can alter how tags group (synonyms, meta/sub, parents). */
export async function logTagGraphChange(db: Executor): Promise<void> {
  await logWorkChange(db, TAG_GRAPH_CHANGE);
}

/** How a database's change stamp is read: at once where that needs no waiting, else by a query. */
interface StampReader {
  /** The stamp, read synchronously, or undefined when only `read` can give it. */
  now(): string | undefined;
  read(): Promise<string>;
}

const stampReaders = new WeakMap<object, StampReader>();
// Changes below the newest that may still commit late (PostgreSQL; see changeStamp).
const LATE_WINDOW = 1000;

/**
 * A value that moves with every committed change, for caches that hold until the next one (shared
 * guest pages, tag expansions, listed works). On SQLite writers take turns (BEGIN IMMEDIATE), so
 * numbers commit in order and the newest number is enough. On PostgreSQL a transaction can commit
 * its number after a later one has: the stamp adds how many of the last LATE_WINDOW numbers exist,
 * which such a late commit moves. Read with a statement prepared once (on SQLite's raw connection:
 * Kysely prepares each query anew). Kysely holds SQLite's one connection for a whole transaction;
 * while one is open the raw connection would see its uncommitted number (which a rollback hands
 * out again), so then the read waits its turn through Kysely like any other query.
 */
export function changeStamp(db: Executor): Promise<string> {
  const reader = readerFor(db);
  const now = reader.now();
  return now === undefined ? reader.read() : Promise.resolve(now);
}

/**
 * The change stamp without a promise, where it can be read at once (SQLite, no transaction open on
 * the connection); otherwise undefined, and the caller awaits `changeStamp`. A cached page's whole
 * answer can then run in the request's own callback, without a promise.
 */
export function changeStampNow(db: Executor): string | undefined {
  return readerFor(db).now();
}

function readerFor(db: Executor): StampReader {
  let reader = stampReaders.get(db);
  if (!reader) {
    reader = isPostgres(db) ? postgresReader(db) : sqliteReader(db);
    stampReaders.set(db, reader);
  }
  return reader;
}

function postgresReader(db: Executor): StampReader {
  const compiled = sql<{
    m: number | null;
    n: number;
  }>`select m, (select count(*) from work_changes where seq > m - ${LATE_WINDOW}) as n from (select max(seq) as m from work_changes) latest`.compile(
    db,
  );
  return {
    now: () => undefined,
    read: async () => {
      const r = (await db.executeQuery(compiled)).rows[0];
      return `${Number(r?.m ?? 0)}:${Number(r?.n ?? 0)}`;
    },
  };
}

function sqliteReader(db: Executor): StampReader {
  const compiled = db
    .selectFrom('work_changes')
    .select((eb) => eb.fn.max('seq').as('m'))
    .compile();
  const read = async () => String(Number((await db.executeQuery(compiled)).rows[0]?.m ?? 0));
  const raw = sqliteHandle(db);
  const stmt = raw?.prepare('select max(seq) from work_changes').pluck();
  if (!raw || !stmt) return { now: () => undefined, read };
  const current = () => String(Number(stmt.get() ?? 0));
  return { now: () => (raw.inTransaction ? undefined : turnStamp(raw, current)), read };
}

/** The two change logs: changes to works, and to their counts (ADR 010). Both have the same shape. */
export type ChangeLog = 'work_changes' | 'count_changes';

/** The newest change's number (0 when none). */
export async function latestChangeSeq(db: Executor, log: ChangeLog = 'work_changes'): Promise<number> {
  const r = await db
    .selectFrom(log)
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Changes after `seq`, oldest first, at most `limit`. */
export async function changesSince(
  db: Executor,
  seq: number,
  limit: number,
  log: ChangeLog = 'work_changes',
): Promise<Array<{ seq: number; workId: number }>> {
  const rows = await db
    .selectFrom(log)
    .select(['seq', 'work_id'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), workId: r.work_id }));
}

/** Forgets changes older than a day that every reader has long applied. */
export async function pruneChangeLog(db: Executor, olderThan: string, log: ChangeLog = 'work_changes'): Promise<void> {
  const latest = await latestChangeSeq(db, log);
  // Keep the newest row so the sequence number survives on dialects that would reuse it.
  await db.deleteFrom(log).where('created_at', '<', olderThan).where('seq', '<', latest).execute();
}
