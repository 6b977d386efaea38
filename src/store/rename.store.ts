import type { Executor } from './executor.js';

/** Whose former name this is (its current username), if anyone's. */
export async function findRenamed(
  db: Executor,
  oldName: string,
): Promise<{ userId: number; username: string } | undefined> {
  const r = await db
    .selectFrom('user_renames')
    .innerJoin('users', 'users.id', 'user_renames.user_id')
    .select(['users.id', 'users.username'])
    .where('user_renames.old_key', '=', oldName.trim().toLowerCase())
    .executeTakeFirst();
  return r ? { userId: r.id, username: r.username } : undefined;
}

/** When the member last changed their name, if ever. */
export async function lastRenamedAt(db: Executor, userId: number): Promise<string | undefined> {
  const r = await db
    .selectFrom('user_renames')
    .select((eb) => eb.fn.max('renamed_at').as('at'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.at ?? undefined;
}

/**
 * Gives the member a new name and keeps the old one as theirs (it redirects). Taking back one of
 * their own former names drops it from the list first.
 */
export async function renameUser(
  db: Executor,
  u: { userId: number; oldName: string; newName: string; now: string },
): Promise<void> {
  const newKey = u.newName.toLowerCase();
  await db.deleteFrom('user_renames').where('user_id', '=', u.userId).where('old_key', '=', newKey).execute();
  await db.updateTable('users').set({ username: u.newName, username_key: newKey }).where('id', '=', u.userId).execute();
  await db
    .insertInto('user_renames')
    .values({ user_id: u.userId, old_name: u.oldName, old_key: u.oldName.toLowerCase(), renamed_at: u.now })
    .onConflict((oc) => oc.column('old_key').doUpdateSet({ renamed_at: u.now }))
    .execute();
}

/** Renames the member's pseud named like their old username, if they still have one; its id. */
export async function renamePseudNamed(
  db: Executor,
  u: { userId: number; oldName: string; newName: string },
): Promise<number | undefined> {
  const pseud = await db
    .selectFrom('pseuds')
    .select('id')
    .where('user_id', '=', u.userId)
    .where('name_key', '=', u.oldName.toLowerCase())
    .executeTakeFirst();
  if (!pseud) return undefined;
  // A pseud of the new name already (say "Kestrel" beside "kestrel_w"): leave both as they are.
  const clash = await db
    .selectFrom('pseuds')
    .select('id')
    .where('user_id', '=', u.userId)
    .where('name_key', '=', u.newName.toLowerCase())
    .where('id', '!=', pseud.id)
    .executeTakeFirst();
  if (clash) return undefined;
  await db
    .updateTable('pseuds')
    .set({ name: u.newName, name_key: u.newName.toLowerCase() })
    .where('id', '=', pseud.id)
    .execute();
  return pseud.id;
}

/** The works any of the member's pseuds is credited on (posted or not). */
export async function workIdsOfUser(db: Executor, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .select('creatorships.work_id')
    .distinct()
    .where('pseuds.user_id', '=', userId)
    .orderBy('creatorships.work_id')
    .execute();
  return rows.map((r) => r.work_id);
}
