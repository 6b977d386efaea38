import { sql } from 'kysely';
import type { Executor } from './executor.js';

export interface MemberRow {
  id: number;
  username: string;
  email: string;
  isAdmin: boolean;
  isModerator: boolean;
  isWrangler: boolean;
  confirmedAt: string | null;
  createdAt: string;
}

/**
 * Members whose username or address contains `q` (any case), by username, a page of `limit`
 * after skipping `offset`; every member when `q` is empty.
 */
export async function searchMembers(db: Executor, q: string, limit: number, offset: number): Promise<MemberRow[]> {
  let query = db
    .selectFrom('users')
    .select(['id', 'username', 'email', 'is_admin', 'is_moderator', 'is_wrangler', 'confirmed_at', 'created_at'])
    .orderBy('username_key')
    .limit(limit)
    .offset(offset);
  const needle = q.trim().toLowerCase();
  if (needle) {
    const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`username_key`, 'like', sql<string>`${like} escape '\\'`),
        eb(sql<string>`lower(email)`, 'like', sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    email: r.email,
    isAdmin: r.is_admin === 1,
    isModerator: r.is_moderator === 1,
    isWrangler: r.is_wrangler === 1,
    confirmedAt: r.confirmed_at,
    createdAt: r.created_at,
  }));
}
