import type { Executor } from './executor.js';

/** The stored values of these keys of the `settings` table (absent keys are left out). */
export async function readSettings(db: Executor, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** Stores each value, replacing what the key held. */
export async function putSettings(db: Executor, entries: ReadonlyArray<[string, string]>): Promise<void> {
  for (const [key, value] of entries)
    await db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
}
