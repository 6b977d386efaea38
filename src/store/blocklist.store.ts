import type { Executor } from './executor.js';

export async function listBlockedTagPatterns(
  db: Executor,
  userId: number,
): Promise<Array<{ id: number; pattern: string }>> {
  return db
    .selectFrom('blocked_tags')
    .select(['id', 'pattern'])
    .where('user_id', '=', userId)
    .orderBy('pattern_key')
    .execute();
}

export async function insertBlockedTag(db: Executor, userId: number, pattern: string, now: string): Promise<void> {
  await db
    .insertInto('blocked_tags')
    .values({ user_id: userId, pattern, pattern_key: pattern.toLowerCase(), created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'pattern_key']).doNothing())
    .execute();
}

export async function deleteBlockedTag(db: Executor, userId: number, id: number): Promise<void> {
  await db.deleteFrom('blocked_tags').where('user_id', '=', userId).where('id', '=', id).execute();
}

export async function listMutedUsers(db: Executor, userId: number): Promise<Array<{ id: number; username: string }>> {
  return db
    .selectFrom('muted_users')
    .innerJoin('users', 'users.id', 'muted_users.muted_user_id')
    .select(['users.id', 'users.username'])
    .where('muted_users.user_id', '=', userId)
    .orderBy('users.username_key')
    .execute();
}

export async function insertMutedUser(db: Executor, userId: number, mutedId: number, now: string): Promise<void> {
  await db
    .insertInto('muted_users')
    .values({ user_id: userId, muted_user_id: mutedId, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'muted_user_id']).doNothing())
    .execute();
}

export async function deleteMutedUser(db: Executor, userId: number, mutedId: number): Promise<void> {
  await db.deleteFrom('muted_users').where('user_id', '=', userId).where('muted_user_id', '=', mutedId).execute();
}

export async function listSavedFilters(
  db: Executor,
  userId: number,
): Promise<Array<{ id: number; name: string; query: string }>> {
  return db
    .selectFrom('saved_filters')
    .select(['id', 'name', 'query'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

export async function insertSavedFilter(
  db: Executor,
  userId: number,
  name: string,
  query: string,
  now: string,
): Promise<number> {
  const r = await db
    .insertInto('saved_filters')
    .values({ user_id: userId, name, query, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteSavedFilter(db: Executor, userId: number, id: number): Promise<void> {
  await db.deleteFrom('saved_filters').where('user_id', '=', userId).where('id', '=', id).execute();
}

/** Renames exact-name blocks (wildcard patterns are left as the reader wrote them). */
export async function renameBlockedTag(db: Executor, oldKey: string, newName: string): Promise<void> {
  // A reader who already blocks the new name keeps that one block.
  await db
    .deleteFrom('blocked_tags')
    .where('pattern_key', '=', oldKey)
    .where('user_id', 'in', (eb) =>
      eb.selectFrom('blocked_tags').select('user_id').where('pattern_key', '=', newName.toLowerCase()),
    )
    .execute();
  await db
    .updateTable('blocked_tags')
    .set({ pattern: newName, pattern_key: newName.toLowerCase() })
    .where('pattern_key', '=', oldKey)
    .where('pattern', 'not like', '%*%')
    .execute();
}

/** Saved filters that name any tag (include/exclude); the caller checks which tag. */
export async function savedFiltersMentioning(db: Executor): Promise<Array<{ id: number; query: string }>> {
  return db
    .selectFrom('saved_filters')
    .select(['id', 'query'])
    .where((eb) => eb.or([eb('query', 'like', '%include=%'), eb('query', 'like', '%exclude=%')]))
    .execute();
}

export async function updateSavedFilterQuery(db: Executor, id: number, query: string): Promise<void> {
  await db.updateTable('saved_filters').set({ query }).where('id', '=', id).execute();
}

export async function listBlockedUsers(db: Executor, userId: number): Promise<Array<{ id: number; username: string }>> {
  return db
    .selectFrom('blocked_users')
    .innerJoin('users', 'users.id', 'blocked_users.blocked_user_id')
    .select(['users.id', 'users.username'])
    .where('blocked_users.user_id', '=', userId)
    .orderBy('users.username_key')
    .execute();
}

export async function insertBlockedUser(db: Executor, userId: number, blockedId: number, now: string): Promise<void> {
  await db
    .insertInto('blocked_users')
    .values({ user_id: userId, blocked_user_id: blockedId, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'blocked_user_id']).doNothing())
    .execute();
}

export async function deleteBlockedUser(db: Executor, userId: number, blockedId: number): Promise<void> {
  await db.deleteFrom('blocked_users').where('user_id', '=', userId).where('blocked_user_id', '=', blockedId).execute();
}

/** Which of `userIds` have blocked `memberId`. */
export async function blockersAmong(db: Executor, userIds: readonly number[], memberId: number): Promise<number[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('blocked_users')
    .select('user_id')
    .where('blocked_user_id', '=', memberId)
    .where('user_id', 'in', [...userIds])
    .execute();
  return rows.map((r) => r.user_id);
}

/** The ids of the members this member muted. */
export async function mutedUserIds(db: Executor, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('muted_users').select('muted_user_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.muted_user_id);
}
