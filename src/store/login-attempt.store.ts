import type { Executor } from './user.store.js';

export async function recordLoginFailure(db: Executor, keys: string[], at: string): Promise<void> {
  if (keys.length === 0) return;
  await db.insertInto('login_attempts').values(keys.map((key) => ({ key, attempted_at: at }))).execute();
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
