import type { Executor } from './user.store.js';
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
  return db.selectFrom('pseuds').selectAll().where('user_id', '=', userId).orderBy('is_default', 'desc').orderBy('name_key').execute();
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
  return db.selectFrom('pseuds').selectAll().where('user_id', '=', userId).where('is_default', '=', 1).executeTakeFirst();
}

/** Pseuds by name across all users (co-creator look-up); `name` may also be a username. */
export async function findPseudsByName(db: Executor, name: string): Promise<PseudWithUser[]> {
  const key = name.trim().toLowerCase();
  return db
    .selectFrom('pseuds')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .selectAll('pseuds')
    .select('users.username')
    .where((eb) => eb.or([eb('pseuds.name_key', '=', key), eb.and([eb('users.username_key', '=', key), eb('pseuds.is_default', '=', 1)])]))
    .orderBy('pseuds.id')
    .execute();
}
