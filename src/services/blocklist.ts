import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canManageAccount, type Viewer } from '../policies/index.js';
import {
  deleteBlockedTag,
  deleteMutedUser,
  insertBlockedTag,
  insertMutedUser,
  listBlockedTagPatterns,
  listMutedUsers,
  listBlockedUsers,
  insertBlockedUser,
  deleteBlockedUser,
} from '../store/blocklist.store.js';
import { findUserByUsername } from '../store/user.store.js';
import { cleanTagName, TAG_NAME_MAX } from '../domain/tags.js';
import { FORBIDDEN, fail, nowIso, ok, type ServiceResult } from './result.js';

export const MAX_BLOCKED_TAGS = 500;
export const MAX_MUTED_USERS = 500;

export interface Blocklist {
  tags: Array<{ id: number; pattern: string }>;
  muted: Array<{ id: number; username: string }>;
  blocked: Array<{ id: number; username: string }>;
}

export async function getBlocklist(db: Kysely<DB>, viewer: Viewer): Promise<ServiceResult<Blocklist>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  const [tags, muted, blocked] = await Promise.all([
    listBlockedTagPatterns(db, id),
    listMutedUsers(db, id),
    listBlockedUsers(db, id),
  ]);
  return ok({ tags, muted, blocked });
}

/** Blocks a tag (with its synonyms and sub tags) or a wildcard pattern such as `*Non-Con*`. */
export async function blockTag(
  db: Kysely<DB>,
  viewer: Viewer,
  raw: string,
): Promise<ServiceResult<{ pattern: string }>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  const pattern = cleanTagName(raw);
  if (!pattern || /^\*+$/.test(pattern))
    return fail(400, { pattern: 'Type a tag name, or a pattern with * such as *Non-Con*.' });
  if (pattern.length > TAG_NAME_MAX)
    return fail(400, { pattern: `A pattern can be at most ${TAG_NAME_MAX} characters.` });
  if ((await listBlockedTagPatterns(db, id)).length >= MAX_BLOCKED_TAGS)
    return fail(400, { pattern: `Your blocklist is full (${MAX_BLOCKED_TAGS} tags).` });
  await insertBlockedTag(db, id, pattern, nowIso());
  return ok({ pattern });
}

export async function unblockTag(db: Kysely<DB>, viewer: Viewer, blockedId: number): Promise<ServiceResult<null>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  await deleteBlockedTag(db, id, blockedId);
  return ok(null);
}

/** Hides every work by a member from the viewer's listings. */
export async function muteUser(
  db: Kysely<DB>,
  viewer: Viewer,
  username: string,
): Promise<ServiceResult<{ username: string }>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  const target = await findUserByUsername(db, username);
  if (!target) return fail(404, { username: `There is no member named “${username}”.` });
  if (target.id === id) return fail(400, { username: 'You cannot mute yourself.' });
  if ((await listMutedUsers(db, id)).length >= MAX_MUTED_USERS)
    return fail(400, { username: `You have muted the most members allowed (${MAX_MUTED_USERS}).` });
  await insertMutedUser(db, id, target.id, nowIso());
  return ok({ username: target.username });
}

export async function unmuteUser(db: Kysely<DB>, viewer: Viewer, mutedId: number): Promise<ServiceResult<null>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  await deleteMutedUser(db, id, mutedId);
  return ok(null);
}

/**
 * Blocks a member: besides what muting does for the blocker's own reading, the blocked member can
 * no longer comment on or leave kudos on the blocker's works, nor reply to their comments.
 */
export async function blockUser(
  db: Kysely<DB>,
  viewer: Viewer,
  username: string,
): Promise<ServiceResult<{ username: string }>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  const target = await findUserByUsername(db, username);
  if (!target) return fail(404, { blockUsername: `There is no member named “${username}”.` });
  if (target.id === id) return fail(400, { blockUsername: 'You cannot block yourself.' });
  if ((await listBlockedUsers(db, id)).length >= MAX_MUTED_USERS)
    return fail(400, { blockUsername: `You have blocked the most members allowed (${MAX_MUTED_USERS}).` });
  await insertBlockedUser(db, id, target.id, nowIso());
  return ok({ username: target.username });
}

export async function unblockUser(db: Kysely<DB>, viewer: Viewer, blockedId: number): Promise<ServiceResult<null>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  await deleteBlockedUser(db, id, blockedId);
  return ok(null);
}
