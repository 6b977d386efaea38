import type { Insertable } from 'kysely';
import type { Executor } from './user.store.js';
import type { DB } from './schema.js';

// Below SQLite's 32,766 bound variables per statement (PostgreSQL allows 65,535).
const MAX_PARAMS = 30_000;

/** How many rows of `columns` values fit in one statement. */
export const rowsPerStatement = (columns: number): number => Math.max(1, Math.floor(MAX_PARAMS / columns));

/** Inserts rows with as few multi-row statements as the bound-variable limit allows. */
export async function insertRows<T extends keyof DB>(db: Executor, table: T, rows: Array<Insertable<DB[T]>>): Promise<void> {
  if (rows.length === 0) return;
  const per = rowsPerStatement(Object.keys(rows[0]!).length);
  for (let i = 0; i < rows.length; i += per) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + per))
      .execute();
  }
}
