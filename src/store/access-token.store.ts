import type { Executor } from './executor.js';
import type { AccessTokenRow } from './schema.js';

export async function insertAccessToken(
  db: Executor,
  t: { userId: number; name: string; tokenHash: string; hint: string; now: string },
): Promise<AccessTokenRow> {
  return db
    .insertInto('access_tokens')
    .values({
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      hint: t.hint,
      created_at: t.now,
      last_used_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listAccessTokensOfUser(db: Executor, userId: number): Promise<AccessTokenRow[]> {
  return db.selectFrom('access_tokens').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
}

export async function countAccessTokensOfUser(db: Executor, userId: number): Promise<number> {
  const r = await db
    .selectFrom('access_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findAccessTokenByHash(db: Executor, tokenHash: string): Promise<AccessTokenRow | undefined> {
  return db.selectFrom('access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Deletes one of a user's tokens; false when the user has no token with that id. */
export async function deleteAccessToken(db: Executor, userId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('access_tokens').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Records a use, unless one was recorded after `notBefore` (one write a minute, not one a request). */
export async function touchAccessToken(db: Executor, id: number, now: string, notBefore: string): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notBefore)]))
    .execute();
}

/** Deletes every token of a user (a password change ends them); returns how many there were. */
export async function deleteAccessTokensOfUser(db: Executor, userId: number): Promise<number> {
  const r = await db.deleteFrom('access_tokens').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
