import type { Viewer } from './viewer.js';
import type { Work } from '../domain/work.js';
import { canSeeWork, isCreator } from './work.policy.js';
import { isModeratorUser, isSuspended } from './moderation.policy.js';

type WorkFacts = Pick<Work, 'posted' | 'restricted' | 'hiddenReason' | 'creators' | 'tags'>;

/** A work's comment settings, chosen by its creators. */
export interface CommentSettings {
  who: 'everyone' | 'members' | 'none';
  moderated: boolean;
}

export const DEFAULT_COMMENT_SETTINGS: CommentSettings = Object.freeze({ who: 'everyone', moderated: false });

/** The facts of a comment that decisions look at. */
export interface CommentFacts {
  userId: number | null;
  status: 'published' | 'held' | 'deleted';
  frozen: boolean;
  /** Why a moderator hid it; null when it is not hidden. */
  hiddenReason: string | null;
}

/**
 * Whether this viewer may comment on a work (or reply to `parent`), and if not why:
 * `hidden` — the work (or the comment) does not exist for them; `closed` — its creators turned
 * comments off; `members` — only members may comment; `unconfirmed` — the member has not yet
 * confirmed their address; `blocked` — a creator of the work, or the author of the comment
 * replied to, blocked them; `frozen` — the thread is frozen; `gone` — the comment replied to was
 * deleted, waits for approval or was hidden by a moderator; `suspended` — a moderator suspended them.
 */
export type CommentDecision =
  'ok' | 'hidden' | 'closed' | 'members' | 'unconfirmed' | 'suspended' | 'blocked' | 'frozen' | 'gone';

export function mayComment(
  viewer: Viewer,
  work: WorkFacts,
  settings: CommentSettings,
  context: { blockedBy: readonly number[]; parent?: CommentFacts },
): CommentDecision {
  if (!canSeeWork(viewer, work)) return 'hidden';
  viewer.decisions.push('comment:post');
  // Drafts take no comments, not even their creators'.
  if (!work.posted) return 'hidden';
  const parent = context.parent;
  if (parent && !commentVisibleTo(viewer, work, parent)) return 'hidden';
  const creator = isCreator(viewer, work);
  // A work's creators may always answer on their own work, whatever its settings.
  if (!creator && settings.who === 'none') return 'closed';
  if (!creator && settings.who === 'members' && !viewer.user) return 'members';
  // Signed up but not confirmed: a member in name only, so not a guest's comment either.
  if (viewer.user?.unconfirmed) return 'unconfirmed';
  if (isSuspended(viewer.user)) return 'suspended';
  const me = viewer.user?.id;
  if (me !== undefined) {
    const blockers = new Set(context.blockedBy);
    if (work.creators.some((c) => blockers.has(c.userId))) return 'blocked';
    if (parent?.userId != null && blockers.has(parent.userId)) return 'blocked';
  }
  if (parent?.frozen) return 'frozen';
  if (parent && (parent.status !== 'published' || parent.hiddenReason !== null)) return 'gone';
  return 'ok';
}

/**
 * A comment's own page and text exist for a viewer who can see its work, unless it waits for
 * approval or a moderator hid it: then for its author (and, if held, the work's creators) and moderators.
 */
export function commentVisibleTo(viewer: Viewer, work: WorkFacts, comment: CommentFacts): boolean {
  if (!canSeeWork(viewer, work)) return false;
  viewer.decisions.push('comment:see');
  if (comment.hiddenReason !== null)
    return isModeratorUser(viewer.user) || (viewer.user !== null && viewer.user.id === comment.userId);
  if (comment.status !== 'held') return true;
  return isCreator(viewer, work) || (viewer.user !== null && viewer.user.id === comment.userId);
}

/**
 * Which comments waiting for approval a listing of a work's comments shows: all of them to its
 * creators (to approve), a member's own to that member, none to anyone else.
 */
export interface CommentScope {
  heldOfUserId: number | null;
  allHeld: boolean;
  /** Members whose comments this viewer muted: shown as a placeholder, never their text. */
  mutedUserIds: readonly number[];
  /**
   * Whose comments hidden by a moderator show with their text (and why) rather than as a
   * placeholder: a member's own, and every one to moderators.
   */
  hiddenOfUserId: number | null;
  allHidden: boolean;
}

export function commentScope(viewer: Viewer, work: WorkFacts, mutedUserIds: readonly number[]): CommentScope {
  viewer.decisions.push('comments:list');
  return {
    heldOfUserId: viewer.user?.id ?? null,
    allHeld: isCreator(viewer, work),
    mutedUserIds: viewer.user ? mutedUserIds : [],
    hiddenOfUserId: viewer.user?.id ?? null,
    allHidden: isModeratorUser(viewer.user),
  };
}

/** Only a member edits their own comment, and only while it is not deleted. */
export function canEditComment(viewer: Viewer, comment: CommentFacts): boolean {
  viewer.decisions.push('comment:edit');
  return viewer.user !== null && comment.userId === viewer.user.id && comment.status !== 'deleted';
}

/** A comment's author deletes it; the work's creators delete any comment (and its thread) on the work. */
export function canDeleteComment(viewer: Viewer, work: Pick<Work, 'creators'>, comment: CommentFacts): boolean {
  viewer.decisions.push('comment:delete');
  if (isCreator(viewer, work)) return true;
  return viewer.user !== null && comment.userId === viewer.user.id;
}

/** The work's creators approve held comments, freeze threads and choose the comment settings. */
export function canModerateComments(viewer: Viewer, work: Pick<Work, 'creators'>): boolean {
  viewer.decisions.push('comments:moderate');
  return isCreator(viewer, work);
}

/** A member whose inbox is theirs alone. */
export function canReadInbox(viewer: Viewer): boolean {
  viewer.decisions.push('inbox:read');
  return viewer.user !== null;
}
