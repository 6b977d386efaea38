import type { UserRow } from './schema.js';
import type { Executor } from './executor.js';

export async function insertUser(
  db: Executor,
  u: {
    username: string;
    email: string;
    passwordHash: string;
    isAdmin: boolean;
    now: string;
    confirmed: boolean;
    /** The Terms' version accepted (with the age confirmation), when the member signed up themselves. */
    termsVersion?: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: u.username,
      username_key: u.username.toLowerCase(),
      email: u.email,
      password_hash: u.passwordHash,
      is_admin: u.isAdmin ? 1 : 0,
      view_adult: 0,
      created_at: u.now,
      password_changed_at: u.now,
      confirmed_at: u.confirmed ? u.now : null,
      terms_version: u.termsVersion ?? null,
      terms_accepted_at: u.termsVersion ? u.now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username_key', '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Executor, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updatePasswordHash(db: Executor, userId: number, hash: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: now })
    .where('id', '=', userId)
    .execute();
}

export async function updateViewAdult(db: Executor, userId: number, viewAdult: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ view_adult: viewAdult ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

/** The roles an admin grants; each is a column of `users`. */
export const ROLES = ['admin', 'moderator', 'wrangler'] as const;
export type Role = (typeof ROLES)[number];

const ROLE_COLUMN = { admin: 'is_admin', moderator: 'is_moderator', wrangler: 'is_wrangler' } as const;

export async function setRole(db: Executor, userId: number, role: Role, granted: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ [ROLE_COLUMN[role]]: granted ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

export async function setWrangler(db: Executor, userId: number, isWrangler: boolean): Promise<void> {
  await setRole(db, userId, 'wrangler', isWrangler);
}

/** Records the member's address as confirmed (by the link mailed to it). */
export async function setEmailConfirmed(db: Executor, userId: number, now: string): Promise<void> {
  await db.updateTable('users').set({ confirmed_at: now }).where('id', '=', userId).execute();
}

/** Puts the account at a new address, confirmed by the link that was mailed to it. */
export async function setEmail(db: Executor, userId: number, email: string, now: string): Promise<void> {
  await db.updateTable('users').set({ email, confirmed_at: now }).where('id', '=', userId).execute();
}
