import { CompiledQuery, sql, type Insertable, type RawBuilder } from 'kysely';
import type { Executor } from './executor.js';
import type { DB } from './schema.js';
import { isPostgres } from './dialect.js';

// Below SQLite's 32,766 bound variables per statement (PostgreSQL allows 65,535).
const MAX_PARAMS = 30_000;
// Rows per JSON statement: big enough that statements are few, small enough to keep each moderate.
const JSON_ROWS = 2_000;

/** How many rows of `columns` values fit in one statement. */
export const rowsPerStatement = (columns: number): number => Math.max(1, Math.floor(MAX_PARAMS / columns));

type Row = Record<string, unknown>;

// String.prototype.isWellFormed is in node 20 but not in the ES2022 library the compiler knows.
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

// Longer strings are bound as values: SQLite re-reads a JSON row for every column it takes out of it,
// which costs far more than binding on text the size of chapters.
const JSON_MAX_STRING = 200;

/**
 * Whether rows can travel as JSON: only numbers, nulls and short strings. (Lone surrogates would
 * also reach the database differently through JSON than as bound strings.)
 */
export const jsonFriendly = (rows: Row[]): boolean =>
  rows.every((r) =>
    Object.values(r).every((v) => typeof v !== 'string' || (v.length <= JSON_MAX_STRING && isWellFormed(v))),
  );

/**
 * The rows as a SELECT over one JSON parameter: one short statement to prepare and one string to
 * bind however many rows there are (SQLite's json_each, PostgreSQL's json_populate_recordset typed
 * by the table's own columns). Values are numbers, strings and nulls.
 */
function selectFromJson(db: Executor, table: string, cols: string[], rows: Row[]): RawBuilder<unknown> {
  if (isPostgres(db)) {
    const list = sql.join(cols.map((c) => sql.ref(c)));
    return sql`select ${list} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)`;
  }
  const values = sql.join(cols.map((_, i) => sql`value ->> ${sql.lit(i)}`));
  return sql`select ${values} from json_each(${JSON.stringify(rows.map((r) => cols.map((c) => r[c] ?? null)))})`;
}

/**
 * A multi-row VALUES insert written as text with its parameters in one flat list. Built through
 * Kysely's sql template, each of up to 30,000 values became a node to visit and freeze: a twentieth of
 * a bulk import's time. Names come from our own row objects and are quoted; values are all bound.
 */
function valuesInsert(
  db: Executor,
  table: string,
  cols: string[],
  rows: Row[],
  returning: boolean,
): CompiledQuery<{ id: number }> {
  const params: unknown[] = [];
  for (const r of rows) for (const c of cols) params.push(r[c] ?? null);
  // PostgreSQL numbers its placeholders; SQLite's are the same for every row.
  const sqliteTuple = `(${cols.map(() => '?').join(', ')})`;
  const tuples = isPostgres(db)
    ? rows.map((_, k) => `(${cols.map((_, i) => `$${k * cols.length + i + 1}`).join(', ')})`)
    : rows.map(() => sqliteTuple);
  const names = cols.map(quoted).join(', ');
  return CompiledQuery.raw(
    `insert into ${quoted(table)} (${names}) values ${tuples.join(', ')}${returning ? ' returning "id"' : ''}`,
    params,
  );
}

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Inserts rows with as few statements as it can (narrow rows as one JSON parameter per few thousand). */
export async function insertRows<T extends keyof DB>(
  db: Executor,
  table: T,
  rows: Array<Insertable<DB[T]>>,
): Promise<void> {
  await insertRowsReturningIds(db, table, rows, false);
}

/**
 * insertRows that returns the new rows' ids in the order of `rows`. Inside one transaction a
 * statement numbers its rows in the order it reads them (SQLite's one writer takes the next rowids;
 * a PostgreSQL identity draws increasing values row by row), so the ascending ids are the rows' ids.
 */
export async function insertRowsReturningIds<T extends keyof DB>(
  db: Executor,
  table: T,
  rows: Array<Insertable<DB[T]>>,
  returning = true,
): Promise<number[]> {
  const ids: number[] = [];
  if (rows.length === 0) return ids;
  const cols = Object.keys(rows[0]!);
  const target = sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})`;
  const json = jsonFriendly(rows);
  const per = json ? JSON_ROWS : rowsPerStatement(cols.length);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per) as Row[];
    if (!json) {
      const result = await db.executeQuery(valuesInsert(db, table, cols, chunk, returning));
      if (returning) ids.push(...checkedIds(table, chunk.length, result.rows));
      continue;
    }
    const select = selectFromJson(db, table, cols, chunk);
    if (!returning) {
      await sql`${target} ${select}`.execute(db);
      continue;
    }
    // "where true" keeps SQLite from reading a following RETURNING as part of an upsert clause.
    ids.push(
      ...checkedIds(
        table,
        chunk.length,
        (
          await sql<{
            id: number;
          }>`${target} ${select} ${isPostgres(db) ? sql`` : sql`where true`} returning id`.execute(db)
        ).rows,
      ),
    );
  }
  return ids;
}

/** The new rows' ids in ascending order (see insertRowsReturningIds), after checking there is one per row. */
function checkedIds(table: string, rows: number, got: Array<{ id: number }>): number[] {
  const ids = got.map((r) => r.id).sort((a, b) => a - b);
  if (ids.length !== rows) throw new Error(`insert into ${table}: ${rows} rows but ${ids.length} ids`);
  return ids;
}
