import type { Executor } from './executor.js';

export async function recordLoginFailure(db: Executor, keys: string[], at: string): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto('login_attempts')
    .values(keys.map((key) => ({ key, attempted_at: at })))
    .execute();
}

export async function countLoginFailures(db: Executor, key: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clearLoginFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}

export async function purgeLoginFailures(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('attempted_at', '<', before).execute();
}

/**
 * Records an attempt under each key before its password is checked, and returns the rows' ids.
 * Each insert commits on its own (no transaction), so a count made after it sees every attempt
 * that reserved before — however many arrive at once, the Nth sees at least N.
 */
export async function reserveLoginAttempts(db: Executor, keys: string[], at: string): Promise<number[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .insertInto('login_attempts')
    .values(keys.map((key) => ({ key, attempted_at: at })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Per key: the attempts since `since`, other than the rows `exceptIds`, and the latest of them. */
export async function loginAttemptsByKey(
  db: Executor,
  keys: string[],
  since: string,
  exceptIds: number[],
): Promise<Map<string, { count: number; latest: string | null }>> {
  const out = new Map<string, { count: number; latest: string | null }>(
    keys.map((k) => [k, { count: 0, latest: null }]),
  );
  if (keys.length === 0) return out;
  let q = db
    .selectFrom('login_attempts')
    .select((eb) => ['key', eb.fn.countAll<number>().as('n'), eb.fn.max('attempted_at').as('latest')])
    .where('key', 'in', keys)
    .where('attempted_at', '>', since);
  if (exceptIds.length > 0) q = q.where('id', 'not in', exceptIds);
  for (const r of await q.groupBy('key').execute()) out.set(r.key, { count: Number(r.n), latest: r.latest });
  return out;
}

export async function deleteLoginAttempts(db: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('login_attempts').where('id', 'in', ids).execute();
}

export async function clearLoginFailuresOf(db: Executor, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('login_attempts').where('key', 'in', keys).execute();
}
