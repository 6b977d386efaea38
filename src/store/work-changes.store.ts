import type { Executor } from './executor.js';
import { sql } from 'kysely';
import { isPostgres } from './dialect.js';
import { insertRows } from './bulk-insert.js';

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

/** The two change logs: changes to works, and to their counts (ADR 010). Both have the same shape. */
export type ChangeLog = 'work_changes' | 'count_changes';

/*
 * A change's position is its place in commit order (docs/decisions/015): on SQLite its `seq`
 * (writers take turns, so numbers commit in order), on PostgreSQL its `gen`, given at commit by
 * migration 024's trigger. Positions have no gaps, and every row of one transaction shares one.
 * Nothing can commit later at a position already seen: a reader never waits for late numbers.
 */

/** The column that holds a change's position. */
const positionColumn = (db: Executor) => (isPostgres(db) ? 'gen' : 'seq');

/** The newest change's position (0 when none). */
export async function latestChangeSeq(db: Executor, log: ChangeLog = 'work_changes'): Promise<number> {
  if (isPostgres(db)) {
    const r = await db
      .selectFrom('change_clock')
      .select(log === 'work_changes' ? 'work_gen as g' : 'count_gen as g')
      .where('id', '=', 1)
      .executeTakeFirst();
    return Number(r?.g ?? 0);
  }
  const r = await db
    .selectFrom(log)
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/**
 * Changes after position `seq`, oldest first: at least the first `limit` and, on PostgreSQL, every
 * other change at the last position read, so that a reader moving to that position misses none.
 */
export async function changesSince(
  db: Executor,
  seq: number,
  limit: number,
  log: ChangeLog = 'work_changes',
): Promise<Array<{ seq: number; workId: number }>> {
  if (isPostgres(db)) {
    const rows = await sql<{ gen: number; work_id: number }>`
      select gen, work_id from ${sql.table(log)}
      where gen > ${seq} and gen <= (select max(gen) from (select gen from ${sql.table(log)} where gen > ${seq} order by gen limit ${limit}) firsts)
      order by gen, seq`.execute(db);
    return rows.rows.map((r) => ({ seq: Number(r.gen), workId: r.work_id }));
  }
  const rows = await db
    .selectFrom(log)
    .select(['seq', 'work_id'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), workId: r.work_id }));
}

/** The oldest position left in the log (after pruning), or undefined when it is empty. */
export async function oldestChangeSeq(db: Executor, log: ChangeLog = 'work_changes'): Promise<number | undefined> {
  const col = positionColumn(db);
  const r = await db
    .selectFrom(log)
    .select((eb) => eb.fn.min(col).as('m'))
    .executeTakeFirst();
  return r?.m === null || r?.m === undefined ? undefined : Number(r.m);
}

/** Forgets changes older than a day that every reader has long applied, whole positions at a time. */
export async function pruneChangeLog(db: Executor, olderThan: string, log: ChangeLog = 'work_changes'): Promise<void> {
  const col = positionColumn(db);
  const r = await db
    .selectFrom(log)
    .select((eb) => eb.fn.max(col).as('m'))
    .where('created_at', '<', olderThan)
    .executeTakeFirst();
  if (r?.m === null || r?.m === undefined) return;
  // The newest old position stays, so SQLite's numbering and the log's start survive.
  await db.deleteFrom(log).where(col, '<', Number(r.m)).execute();
}

/**
 * The change at a position, as "work id@time" of its first row: the same position in a copy of the
 * database restored from a backup and written to since holds another change. Undefined when no row
 * holds the position (none yet, or pruned).
 */
export async function changeMark(
  db: Executor,
  position: number,
  log: ChangeLog = 'work_changes',
): Promise<string | undefined> {
  const r = await db
    .selectFrom(log)
    .select(['work_id', 'created_at'])
    .where(positionColumn(db), '=', position)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return r && `${r.work_id}@${r.created_at}`;
}
