import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canAdminister, canChangeRole, type Viewer } from '../policies/index.js';
import { searchMembers, type MemberRow } from '../store/member-search.store.js';
import { findUserById, ROLES, setRole, type Role } from '../store/user.store.js';
import { recordAudit } from './audit-log.js';
import { fail, ok, type ServiceResult } from './result.js';

export type { MemberRow, Role };
export { ROLES };

export const MEMBERS_PAGE_SIZE = 50;

const ADMINS_ONLY = fail(403, { _: 'Only admins can do that.' });

/** A page of members whose name or address contains `q`, for the admin area. */
export async function findMembers(
  db: Kysely<DB>,
  viewer: Viewer,
  q: string,
  page: number,
): Promise<ServiceResult<{ members: MemberRow[]; more: boolean }>> {
  if (!canAdminister(viewer)) return ADMINS_ONLY;
  const rows = await searchMembers(db, q.slice(0, 320), MEMBERS_PAGE_SIZE + 1, (page - 1) * MEMBERS_PAGE_SIZE);
  return ok({ members: rows.slice(0, MEMBERS_PAGE_SIZE), more: rows.length > MEMBERS_PAGE_SIZE });
}

const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/** Grants or removes one role of a member, with its audit entry, in one transaction. */
export async function changeRole(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { userId: number; role: string; granted: boolean },
): Promise<ServiceResult<{ username: string }>> {
  if (!canAdminister(viewer)) return ADMINS_ONLY;
  if (!isRole(input.role)) return fail(400, { _: `A role is one of: ${ROLES.join(', ')}.` });
  const role = input.role;
  if (!canChangeRole(viewer, input.userId, role, input.granted))
    return fail(403, { _: 'You cannot remove your own admin role: ask another admin.' });
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, input.userId);
    if (!user) return fail(404, { _: 'There is no such member.' });
    await setRole(trx, user.id, role, input.granted);
    await recordAudit(
      trx,
      viewer.user,
      input.granted ? 'role.granted' : 'role.removed',
      { kind: 'user', id: user.id },
      { username: user.username, role },
    );
    return ok({ username: user.username });
  });
}
