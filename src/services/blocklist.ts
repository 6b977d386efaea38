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

// The viewer's two lists of members: muted (their works and comments leave the viewer's pages) and
// blocked (they may not comment on, reply to or leave kudos on the viewer's works and comments).
const MEMBER_LISTS = {
  mute: {
    field: 'username',
    verb: 'mute',
    done: 'muted',
    list: listMutedUsers,
    add: insertMutedUser,
    remove: deleteMutedUser,
  },
  block: {
    field: 'blockUsername',
    verb: 'block',
    done: 'blocked',
    list: listBlockedUsers,
    add: insertBlockedUser,
    remove: deleteBlockedUser,
  },
} as const;

async function addToMemberList(
  db: Kysely<DB>,
  viewer: Viewer,
  username: string,
  kind: keyof typeof MEMBER_LISTS,
): Promise<ServiceResult<{ username: string }>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  const l = MEMBER_LISTS[kind];
  const target = await findUserByUsername(db, username);
  if (!target) return fail(404, { [l.field]: `There is no member named “${username}”.` });
  if (target.id === id) return fail(400, { [l.field]: `You cannot ${l.verb} yourself.` });
  if ((await l.list(db, id)).length >= MAX_MUTED_USERS)
    return fail(400, { [l.field]: `You have ${l.done} the most members allowed (${MAX_MUTED_USERS}).` });
  await l.add(db, id, target.id, nowIso());
  return ok({ username: target.username });
}

async function removeFromMemberList(
  db: Kysely<DB>,
  viewer: Viewer,
  memberId: number,
  kind: keyof typeof MEMBER_LISTS,
): Promise<ServiceResult<null>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  await MEMBER_LISTS[kind].remove(db, id, memberId);
  return ok(null);
}

/** Hides every work by a member from the viewer's listings, and their comments from the viewer. */
export const muteUser = (db: Kysely<DB>, viewer: Viewer, username: string) =>
  addToMemberList(db, viewer, username, 'mute');

export const unmuteUser = (db: Kysely<DB>, viewer: Viewer, mutedId: number) =>
  removeFromMemberList(db, viewer, mutedId, 'mute');

/**
 * Blocks a member: they can no longer comment on or leave kudos on the blocker's works, nor reply to
 * their comments. Unlike muting, it leaves what the blocker reads as it was.
 */
export const blockUser = (db: Kysely<DB>, viewer: Viewer, username: string) =>
  addToMemberList(db, viewer, username, 'block');

export const unblockUser = (db: Kysely<DB>, viewer: Viewer, blockedId: number) =>
  removeFromMemberList(db, viewer, blockedId, 'block');
