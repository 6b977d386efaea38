import type { Executor } from './executor.js';
import type { PseudRow } from './schema.js';

export interface PseudWithUser extends PseudRow {
  username: string;
}

export async function insertPseud(
  db: Executor,
  p: { userId: number; name: string; isDefault: boolean; description?: string; now: string },
): Promise<number> {
  const row = await db
    .insertInto('pseuds')
    .values({
      user_id: p.userId,
      name: p.name,
      name_key: p.name.toLowerCase(),
      is_default: p.isDefault ? 1 : 0,
      description: p.description ?? '',
      created_at: p.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listPseudsOfUser(db: Executor, userId: number): Promise<PseudRow[]> {
  return db
    .selectFrom('pseuds')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('is_default', 'desc')
    .orderBy('name_key')
    .execute();
}

export async function findPseud(db: Executor, userId: number, name: string): Promise<PseudRow | undefined> {
  return db
    .selectFrom('pseuds')
    .selectAll()
    .where('user_id', '=', userId)
    .where('name_key', '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findDefaultPseud(db: Executor, userId: number): Promise<PseudRow | undefined> {
  return db
    .selectFrom('pseuds')
    .selectAll()
    .where('user_id', '=', userId)
    .where('is_default', '=', 1)
    .executeTakeFirst();
}

/** Pseuds by name across all users (co-creator look-up); `name` may also be a username. */
export async function findPseudsByName(db: Executor, name: string): Promise<PseudWithUser[]> {
  const key = name.trim().toLowerCase();
  return db
    .selectFrom('pseuds')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .selectAll('pseuds')
    .select('users.username')
    .where((eb) =>
      eb.or([
        eb('pseuds.name_key', '=', key),
        eb.and([eb('users.username_key', '=', key), eb('pseuds.is_default', '=', 1)]),
      ]),
    )
    .orderBy('pseuds.id')
    .execute();
}

/** Every pseud of these users, with the username, default pseud first then by name (as listPseudsOfUser). */
export async function listPseudsOfUsers(db: Executor, userIds: number[]): Promise<PseudWithUser[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('pseuds')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .selectAll('pseuds')
    .select('users.username')
    .where('pseuds.user_id', 'in', userIds)
    .orderBy('pseuds.user_id')
    .orderBy('pseuds.is_default', 'desc')
    .orderBy('pseuds.name_key')
    .execute();
}

/** findPseudsByName for many lower-cased, trimmed names at once: name key → pseuds, by id. */
export async function findPseudsByNames(db: Executor, keys: string[]): Promise<Map<string, PseudWithUser[]>> {
  const out = new Map<string, PseudWithUser[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return out;
  const rows = await db
    .selectFrom('pseuds')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .selectAll('pseuds')
    .select(['users.username', 'users.username_key'])
    .where((eb) =>
      eb.or([
        eb('pseuds.name_key', 'in', keys),
        eb.and([eb('users.username_key', 'in', keys), eb('pseuds.is_default', '=', 1)]),
      ]),
    )
    .orderBy('pseuds.id')
    .execute();
  for (const { username_key, ...p } of rows) {
    if (out.has(p.name_key)) out.get(p.name_key)!.push(p);
    if (username_key !== p.name_key && p.is_default === 1 && out.has(username_key)) out.get(username_key)!.push(p);
  }
  return out;
}
