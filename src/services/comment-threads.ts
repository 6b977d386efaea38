import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Work } from '../domain/work.js';
import { creatorIds } from '../domain/work.js';
import {
  canModerateComments,
  canSeeWork,
  commentScope,
  commentVisibleTo,
  type CommentScope,
  type CommentSettings,
  type Viewer,
} from '../policies/index.js';
import { loadWork } from '../store/work.store.js';
import {
  heldComments,
  loadComment,
  repliesInThreads,
  subtree,
  topLevelPage,
  withReplies,
  type CommentPlace,
  type CommentRow,
} from '../store/comment.store.js';
import { mutedUserIds } from '../store/blocklist.store.js';
import { markCommentRead } from '../store/inbox.store.js';
import { commentFacts, commentSettingsOf } from './comments.js';

/** Top-level comments per page, as on AO3. */
export const THREADS_PER_PAGE = 50;
/** Reply levels shown under a comment; deeper replies continue on the comment's own page. */
export const NESTED_LEVELS = 5;
/** The most comments one page renders; a longer page links onward to each thread's own page. */
const MAX_SHOWN = 2000;

/** A comment as a page shows it, with its replies. */
export interface CommentNode {
  comment: CommentRow;
  /** `text`, or a placeholder: its author deleted it, the viewer muted its author, or a moderator hid it. */
  shown: 'text' | 'deleted' | 'muted' | 'hidden';
  byCreator: boolean;
  /** Replies below it are not shown here: follow the comment's own page. */
  continues: boolean;
  replies: CommentNode[];
}

export interface CommentThreads {
  threads: CommentNode[];
  /** Top-level comments in all pages. */
  total: number;
  page: number;
  pages: number;
  settings: CommentSettings;
  canModerate: boolean;
}

/**
 * A page of a work's comment threads for a viewer who may read the work (the caller asked
 * `workAccess`): top-level comments oldest first, each with its replies nested `NESTED_LEVELS` deep.
 */
export async function commentThreads(
  db: Kysely<DB>,
  viewer: Viewer,
  work: Work,
  place: CommentPlace,
  page: number,
): Promise<CommentThreads> {
  const scope = await scopeFor(db, viewer, work);
  const top = await topLevelPage(db, work.id, place, scope, page, THREADS_PER_PAGE);
  const replies = await repliesInThreads(
    db,
    top.rows.map((r) => r.id),
    NESTED_LEVELS,
    scope,
    MAX_SHOWN,
  );
  const threads = await buildTrees(db, work, scope, top.rows, replies, NESTED_LEVELS);
  return {
    threads,
    total: top.total,
    page,
    pages: Math.max(1, Math.ceil(top.total / THREADS_PER_PAGE)),
    settings: await commentSettingsOf(db, work.id),
    canModerate: canModerateComments(viewer, work),
  };
}

async function scopeFor(db: Kysely<DB>, viewer: Viewer, work: Work): Promise<CommentScope> {
  return commentScope(viewer, work, viewer.user ? await mutedUserIds(db, viewer.user.id) : []);
}

/** Makes a comment's node, without replies: a placeholder when deleted, hidden or by a muted member. */
function nodeMaker(work: Work, scope: Pick<CommentScope, 'mutedUserIds' | 'hiddenOfUserId' | 'allHidden'>) {
  const creators = new Set(creatorIds(work));
  const muted = new Set(scope.mutedUserIds);
  const shownAs = (c: CommentRow): CommentNode['shown'] => {
    if (c.status === 'deleted') return 'deleted';
    if (c.hiddenReason !== null && !scope.allHidden && (c.userId === null || c.userId !== scope.hiddenOfUserId))
      return 'hidden';
    return c.userId !== null && muted.has(c.userId) ? 'muted' : 'text';
  };
  return (c: CommentRow): CommentNode => {
    const shown = shownAs(c);
    return {
      // A placeholder's row carries no text, so no view can show it by mistake.
      comment: shown === 'text' ? c : { ...c, body: '', hiddenReason: null },
      shown,
      byCreator: c.userId !== null && creators.has(c.userId),
      continues: false,
      replies: [],
    };
  };
}

/** Nests rows under their parents; placeholders for deleted and muted comments, dropped when nothing hangs under them. */
async function buildTrees(
  db: Kysely<DB>,
  work: Work,
  scope: CommentScope,
  roots: CommentRow[],
  rows: CommentRow[],
  maxDepth: number,
  keepRoots = false,
): Promise<CommentNode[]> {
  const toNode = nodeMaker(work, scope);
  const nodes = new Map<number, CommentNode>();
  const make = (c: CommentRow): CommentNode => {
    const node = toNode(c);
    nodes.set(c.id, node);
    return node;
  };
  const out = roots.map(make);
  for (const r of rows) {
    const parent = r.parentId !== null ? nodes.get(r.parentId) : undefined;
    if (parent) parent.replies.push(make(r));
  }
  // The deepest comments shown: those with replies continue on their own page.
  const deepest = [...nodes.values()].filter((n) => n.comment.depth - (roots[0]?.depth ?? 0) >= maxDepth);
  const hasMore = await withReplies(
    db,
    deepest.map((n) => n.comment.id),
  );
  for (const n of deepest) n.continues = hasMore.has(n.comment.id);
  if (rows.length >= MAX_SHOWN) for (const n of out) n.continues = true;
  return prune(out, keepRoots);
}

function prune(list: CommentNode[], keep = false): CommentNode[] {
  const kept: CommentNode[] = [];
  for (const n of list) {
    n.replies = prune(n.replies);
    if (keep || n.shown === 'text' || n.replies.length > 0 || n.continues) kept.push(n);
  }
  return kept;
}

/** What a comment's own page shows: the comment with its replies, its work, and where it sits. */
export interface CommentPage {
  work: Work;
  node: CommentNode;
  /** The top-level comment of its thread, when this is a reply. */
  threadId: number | null;
  parentId: number | null;
  canModerate: boolean;
  settings: CommentSettings;
}

/**
 * A comment with the replies below it, for its permalink. Undefined when it does not exist for the
 * viewer (its work hidden, or it waits for approval and the viewer is neither its author nor a
 * creator). The caller applies the work's adult gate and blocklist, as on the work's own page.
 */
export async function commentPage(db: Kysely<DB>, viewer: Viewer, id: number): Promise<CommentPage | undefined> {
  const comment = await loadComment(db, id);
  const work = comment ? await loadWork(db, comment.workId) : undefined;
  if (!comment || !work || !commentVisibleTo(viewer, work, commentFacts(comment))) return undefined;
  const scope = await scopeFor(db, viewer, work);
  const rows = await subtree(db, id, NESTED_LEVELS, scope, MAX_SHOWN);
  const [node] = await buildTrees(db, work, scope, [comment], rows, NESTED_LEVELS, true);
  if (viewer.user) await markCommentRead(db, viewer.user.id, id);
  return {
    work,
    node: node!,
    threadId: comment.parentId !== null ? comment.threadId : null,
    parentId: comment.parentId,
    canModerate: canModerateComments(viewer, work),
    settings: await commentSettingsOf(db, work.id),
  };
}

/** The work's comments waiting for approval and its settings, for its creators. */
export async function commentsToReview(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
): Promise<{ work: Work; held: CommentNode[]; settings: CommentSettings } | 'hidden' | 'forbidden'> {
  const work = await loadWork(db, workId);
  if (!work || !canSeeWork(viewer, work)) return 'hidden';
  if (!canModerateComments(viewer, work)) return 'forbidden';
  const held = (await heldComments(db, workId, 500)).map(
    nodeMaker(work, { mutedUserIds: [], hiddenOfUserId: null, allHidden: false }),
  );
  return { work, held, settings: await commentSettingsOf(db, workId) };
}
