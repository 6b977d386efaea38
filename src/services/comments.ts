import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Work } from '../domain/work.js';
import { creatorIds } from '../domain/work.js';
import {
  canDeleteComment,
  canEditComment,
  canModerateComments,
  canSeeWork,
  DEFAULT_COMMENT_SETTINGS,
  isCreator,
  mayComment,
  type CommentDecision,
  type CommentFacts,
  type CommentSettings,
  type Viewer,
} from '../policies/index.js';
import { loadWork } from '../store/work.store.js';
import {
  deleteCommentRows,
  descendantIds,
  insertComment,
  loadComment,
  loadCommentSettings,
  postedSameText,
  saveCommentSettings,
  setCommentStatus,
  setFrozen,
  updateCommentBody,
  withReplies,
  type CommentRow,
} from '../store/comment.store.js';
import { blockersAmong } from '../store/blocklist.store.js';
import { findDefaultPseud } from '../store/pseud.store.js';
import { findUserById } from '../store/user.store.js';
import { deliverToInboxes } from '../store/inbox.store.js';
import { addToCount, logCountChange } from '../store/count-changes.store.js';
import { validateComment, linkCount, type CommentInput } from '../domain/comment-input.js';
import { overRateLimit, TOO_FAST, type RateLimits } from './rate-limits.js';
import type { CommitQueue } from '../store/commit-queue.js';
import type { Executor } from '../store/executor.js';
import { fail, ok, NOT_FOUND, nowIso, type ServiceResult } from './result.js';

/** Where a new comment goes: on a work (its chapter, or the work as a whole), or under another comment. */
export type CommentTarget = { workId: number; chapterId: number | null } | { parentId: number };

/** The request's facts the limits look at. */
export interface CommentContext {
  address: string;
  limits: RateLimits;
  /** Where the comment is written (with the request's count towards the limits), in one commit. */
  commits: CommitQueue;
}

// A new account's (or a guest's) comment with this many links, or repeating its own recent text,
// waits for approval.
const SPAM_LINKS = 3;
const NEW_ACCOUNT_MS = 24 * 3600_000;
const SAME_TEXT_MS = 24 * 3600_000;

const COMMENT_NOT_FOUND = fail(404, { _: 'That comment does not exist, or you cannot see it.' });

export const REFUSALS: Record<Exclude<CommentDecision, 'ok' | 'hidden'>, string> = {
  closed: 'Its creator has turned comments off on this work.',
  members: 'Only members can comment on this work. Log in to comment.',
  unconfirmed: 'Confirm your email address to comment: open the link we mailed you when you signed up.',
  suspended:
    'Your account is suspended: you can read, but not comment. The notice at the top of the page says until when.',
  blocked: 'You can’t comment here: you have been blocked by the member whose work or comment this is.',
  frozen: 'This thread is frozen: it takes no new replies.',
  gone: 'That comment was deleted, is waiting for approval or was hidden by a moderator: it takes no replies.',
};

export function commentFacts(c: CommentRow): CommentFacts {
  return { userId: c.userId, status: c.status, frozen: c.frozen, hiddenReason: c.hiddenReason };
}

export async function commentSettingsOf(db: Kysely<DB>, workId: number): Promise<CommentSettings> {
  return (await loadCommentSettings(db, workId)) ?? DEFAULT_COMMENT_SETTINGS;
}

/** Who of these members blocked the viewer (none for a guest). */
async function blockedBy(db: Kysely<DB>, viewer: Viewer, userIds: Array<number | null>): Promise<number[]> {
  if (!viewer.user) return [];
  const ids = userIds.filter((x): x is number => x !== null);
  return blockersAmong(db, [...new Set(ids)], viewer.user.id);
}

/** Whether the viewer may comment on this work, or reply to `parent` (a form, or its refusal). */
export async function commentDecision(
  db: Kysely<DB>,
  viewer: Viewer,
  work: Work,
  settings: CommentSettings,
  parent?: CommentRow,
): Promise<CommentDecision> {
  const blockers = await blockedBy(db, viewer, [...creatorIds(work), parent?.userId ?? null]);
  return mayComment(viewer, work, settings, {
    blockedBy: blockers,
    ...(parent ? { parent: commentFacts(parent) } : {}),
  });
}

/**
 * Posts a comment or a reply. It is held for the creators' approval when the work is moderated, or
 * when it looks like spam (a new account's or a guest's comment with many links, or the same text
 * again); held comments count nowhere until approved. Refusals change nothing.
 */
export async function postComment(
  db: Kysely<DB>,
  viewer: Viewer,
  target: CommentTarget,
  input: CommentInput,
  ctx: CommentContext,
): Promise<ServiceResult<{ id: number; workId: number; held: boolean }>> {
  let parent: CommentRow | undefined;
  let workId: number;
  let chapterId: number | null;
  if ('parentId' in target) {
    parent = await loadComment(db, target.parentId);
    if (!parent) return COMMENT_NOT_FOUND;
    workId = parent.workId;
    chapterId = parent.chapterId;
  } else {
    workId = target.workId;
    chapterId = target.chapterId;
  }
  const work = await loadWork(db, workId);
  if (!work) return NOT_FOUND;
  if (chapterId !== null && !work.chapters.some((ch) => ch.id === chapterId)) return NOT_FOUND;
  const settings = await commentSettingsOf(db, workId);
  const decision = await commentDecision(db, viewer, work, settings, parent);
  if (decision === 'hidden') return parent ? COMMENT_NOT_FOUND : NOT_FOUND;
  if (decision !== 'ok') return fail(403, { _: REFUSALS[decision] });
  const valid = validateComment(input, viewer.user === null);
  if (!valid.ok) return fail(422, valid.errors);
  const userId = viewer.user?.id ?? null;
  const creator = isCreator(viewer, work);
  // Spam is held for the moderators' spam queue as well as the creators' approval.
  const spam = !creator && (await looksLikeSpam(db, viewer, valid.value));
  const held = !creator && (settings.moderated || spam);
  const pseud = userId !== null ? await findDefaultPseud(db, userId) : undefined;
  const at = nowIso();
  const id = await ctx.commits.run(async (trx) => {
    if (await overRateLimit(trx, ctx.limits, 'comment', { userId, address: ctx.address })) return undefined;
    const newId = await insertComment(trx, {
      workId,
      chapterId,
      parent: parent ? { id: parent.id, threadId: parent.threadId, depth: parent.depth } : null,
      userId,
      pseudId: pseud?.id ?? null,
      guestName: valid.value.guestName,
      guestEmail: valid.value.guestEmail,
      body: valid.value.body,
      status: held ? 'held' : 'published',
      spam,
      at,
    });
    if (!held) await addToCount(trx, workId, 'comments_count', 1);
    await deliver(trx, work, { id: newId, userId, parentUserId: parent?.userId ?? null }, held, at);
    return newId;
  });
  if (id === undefined) return fail(429, { _: TOO_FAST.comment });
  return ok({ id, workId, held });
}

/**
 * Puts a comment in the inboxes it belongs in: every creator of the work (but its author), and
 * the author of the comment it answers. A held comment reaches only the creators, who approve it.
 */
async function deliver(
  db: Executor,
  work: Work,
  c: { id: number; userId: number | null; parentUserId: number | null },
  held: boolean,
  at: string,
): Promise<void> {
  const creators = creatorIds(work).filter((id) => id !== c.userId);
  await deliverToInboxes(db, creators, c.id, 'comment', at);
  const p = c.parentUserId;
  if (!held && p !== null && p !== c.userId && !creators.includes(p))
    await deliverToInboxes(db, [p], c.id, 'reply', at);
}

async function looksLikeSpam(
  db: Kysely<DB>,
  viewer: Viewer,
  c: { body: string; guestEmail: string | null },
): Promise<boolean> {
  // Only guests and accounts younger than a day: a regular's "Thank you for writing!" on many works is not spam.
  if (viewer.user) {
    const user = await findUserById(db, viewer.user.id);
    if (user && Date.now() - Date.parse(user.created_at) >= NEW_ACCOUNT_MS) return false;
  }
  if (linkCount(c.body) >= SPAM_LINKS) return true;
  const since = new Date(Date.now() - SAME_TEXT_MS).toISOString();
  const who = viewer.user ? { userId: viewer.user.id } : { guestEmail: c.guestEmail ?? '' };
  return postedSameText(db, who, c.body, since);
}

/** A comment and its work, when the viewer can see both. */
async function commentAndWork(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
): Promise<{ comment: CommentRow; work: Work } | undefined> {
  const comment = await loadComment(db, id);
  const work = comment ? await loadWork(db, comment.workId) : undefined;
  if (!comment || !work || !canSeeWork(viewer, work)) return undefined;
  return { comment, work };
}

/** The author edits their comment's text; it is marked "Last edited". */
export async function editComment(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  body: string,
): Promise<ServiceResult<{ id: number; workId: number }>> {
  const found = await commentAndWork(db, viewer, id);
  if (!found) return COMMENT_NOT_FOUND;
  if (!canEditComment(viewer, commentFacts(found.comment)))
    return fail(403, { _: 'Only its author can edit a comment.' });
  const valid = validateComment({ body }, false);
  if (!valid.ok) return fail(422, valid.errors);
  await db.transaction().execute(async (trx) => {
    await updateCommentBody(trx, id, valid.value.body, nowIso());
    await logCountChange(trx, found.work.id);
  });
  return ok({ id, workId: found.work.id });
}

/** A comment for the edit form: only to its author. */
export async function commentToEdit(db: Kysely<DB>, viewer: Viewer, id: number): Promise<ServiceResult<CommentRow>> {
  const found = await commentAndWork(db, viewer, id);
  if (!found) return COMMENT_NOT_FOUND;
  if (!canEditComment(viewer, commentFacts(found.comment)))
    return fail(403, { _: 'Only its author can edit a comment.' });
  return ok(found.comment);
}

/**
 * Deletes a comment. Its author's deletion (or a creator's of one comment) keeps a placeholder,
 * "(Previous comment deleted.)", while replies hang under it; `thread` — the work's creators only —
 * deletes the comment and every reply below it.
 */
export async function deleteComment(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  thread = false,
): Promise<ServiceResult<{ workId: number }>> {
  const found = await commentAndWork(db, viewer, id);
  if (!found) return COMMENT_NOT_FOUND;
  const { comment, work } = found;
  if (!canDeleteComment(viewer, work, commentFacts(comment)))
    return fail(403, { _: 'Only its author or the work’s creators can delete a comment.' });
  if (thread && !canModerateComments(viewer, work))
    return fail(403, { _: 'Only the work’s creators can delete a whole thread.' });
  await db.transaction().execute(async (trx) => {
    let removed = 0;
    if (thread) removed = await deleteCommentRows(trx, await descendantIds(trx, id));
    else if ((await withReplies(trx, [id])).size > 0) {
      if (comment.status === 'published' && comment.hiddenReason === null) removed = 1;
      await setCommentStatus(trx, id, 'deleted');
    } else removed = await deleteCommentRows(trx, [id]);
    await removeEmptyPlaceholders(trx, comment.parentId);
    if (removed) await addToCount(trx, work.id, 'comments_count', -removed);
    else await logCountChange(trx, work.id);
  });
  return ok({ workId: work.id });
}

/** Deleted comments left without replies go too, up the thread. */
async function removeEmptyPlaceholders(db: Kysely<DB>, parentId: number | null): Promise<void> {
  let id = parentId;
  while (id !== null) {
    const p = await loadComment(db, id);
    if (!p || p.status !== 'deleted' || (await withReplies(db, [id])).size > 0) return;
    await deleteCommentRows(db, [id]);
    id = p.parentId;
  }
}

/** The work's creators freeze a thread (the comment and every reply below it) or thaw it. */
export async function freezeThread(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
  frozen: boolean,
): Promise<ServiceResult<{ workId: number }>> {
  const found = await commentAndWork(db, viewer, id);
  if (!found) return COMMENT_NOT_FOUND;
  if (!canModerateComments(viewer, found.work))
    return fail(403, { _: 'Only the work’s creators can freeze a thread.' });
  await db.transaction().execute(async (trx) => {
    await setFrozen(trx, await descendantIds(trx, id), frozen);
    await logCountChange(trx, found.work.id);
  });
  return ok({ workId: found.work.id });
}

/** The work's creators publish a held comment; it then counts and reaches the inbox it answers. */
export async function approveComment(
  db: Kysely<DB>,
  viewer: Viewer,
  id: number,
): Promise<ServiceResult<{ workId: number }>> {
  const found = await commentAndWork(db, viewer, id);
  if (!found) return COMMENT_NOT_FOUND;
  const { comment, work } = found;
  if (!canModerateComments(viewer, work)) return fail(403, { _: 'Only the work’s creators can approve comments.' });
  if (comment.status !== 'held') return fail(409, { _: 'That comment is not waiting for approval.' });
  await db.transaction().execute((trx) => publishHeld(trx, work, comment));
  return ok({ workId: work.id });
}

/**
 * Publishes a held comment, approved by a creator or found not to be spam by a moderator: it then
 * counts and reaches the inbox of the author it answers. Call inside a transaction.
 */
export async function publishHeld(trx: Executor, work: Work, comment: CommentRow): Promise<void> {
  const parent = comment.parentId !== null ? await loadComment(trx, comment.parentId) : undefined;
  await setCommentStatus(trx, comment.id, 'published');
  await addToCount(trx, work.id, 'comments_count', comment.hiddenReason === null ? 1 : 0);
  const p = parent?.userId ?? null;
  if (p !== null && p !== comment.userId && !creatorIds(work).includes(p))
    await deliverToInboxes(trx, [p], comment.id, 'reply', nowIso());
}

/** The work's creators choose who may comment and whether comments wait for approval. */
export async function setCommentSettings(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  asked: { who: string; moderated: boolean },
): Promise<ServiceResult<CommentSettings>> {
  const work = await loadWork(db, workId);
  if (!work || !canSeeWork(viewer, work)) return NOT_FOUND;
  if (!canModerateComments(viewer, work))
    return fail(403, { _: 'Only the work’s creators can change its comment settings.' });
  const who = asked.who;
  if (who !== 'everyone' && who !== 'members' && who !== 'none')
    return fail(400, { who: 'Choose who may comment: everyone, members only or no one.' });
  const settings: CommentSettings = { who, moderated: asked.moderated };
  await db.transaction().execute(async (trx) => {
    await saveCommentSettings(trx, workId, settings);
    await logCountChange(trx, workId);
  });
  return ok(settings);
}
