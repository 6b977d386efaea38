import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { CommentPermission, CommentStatus } from './schema.js';

/** A comment as pages and the API show it, with its author's names. */
export interface CommentRow {
  id: number;
  workId: number;
  chapterId: number | null;
  parentId: number | null;
  threadId: number;
  depth: number;
  userId: number | null;
  username: string | null;
  pseud: string | null;
  guestName: string | null;
  body: string;
  status: CommentStatus;
  frozen: boolean;
  createdAt: string;
  editedAt: string | null;
  /** Why a moderator hid it; null when it is not hidden. */
  hiddenReason: string | null;
}

/** Which comments waiting for approval a read includes (see policies/comment.policy.ts). */
export interface HeldScope {
  heldOfUserId: number | null;
  allHeld: boolean;
  /** Whose comments hidden by a moderator the read shows: a member's own, or all (moderators). */
  hiddenOfUserId?: number | null;
  allHidden?: boolean;
}

/** Which comments of a work: all, those on the work as a whole, or those on one chapter. */
export type CommentPlace = 'all' | { chapterId: number | null };

const fromComments = (db: Executor) => db.selectFrom('comments as c');
type CommentsQuery = ReturnType<typeof fromComments>;

/** The comments a filtered query names, with their authors' names. */
function withAuthors(q: CommentsQuery) {
  return q
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('pseuds as p', 'p.id', 'c.pseud_id')
    .select([
      'c.id',
      'c.work_id',
      'c.chapter_id',
      'c.parent_id',
      'c.thread_id',
      'c.depth',
      'c.user_id',
      'u.username',
      'p.name as pseud',
      'c.guest_name',
      'c.body',
      'c.status',
      'c.frozen',
      'c.created_at',
      'c.edited_at',
      'c.hidden_reason',
    ]);
}

const selectComments = (db: Executor) => withAuthors(fromComments(db));

/** Leaves out comments waiting for approval, but those the scope may see. */
function heldIn(q: CommentsQuery, scope: HeldScope): CommentsQuery {
  if (scope.allHeld) return q;
  const me = scope.heldOfUserId;
  return q.where((eb) => eb.or([eb('c.status', '!=', 'held'), ...(me !== null ? [eb('c.user_id', '=', me)] : [])]));
}

/**
 * Leaves out comments a moderator hid that nothing hangs under, but those the scope may see: the
 * others show as a placeholder only while replies hang under them, so they neither count nor fill a page.
 */
function hiddenIn(q: CommentsQuery, scope: HeldScope): CommentsQuery {
  if (scope.allHidden) return q;
  const me = scope.hiddenOfUserId ?? null;
  return q.where((eb) =>
    eb.or([
      eb('c.hidden_reason', 'is', null),
      ...(me !== null ? [eb('c.user_id', '=', me)] : []),
      eb.exists(eb.selectFrom('comments as r').select(eb.lit(1).as('one')).whereRef('r.parent_id', '=', 'c.id')),
    ]),
  );
}

type Raw = Awaited<ReturnType<ReturnType<typeof selectComments>['execute']>>[number];

function toRow(r: Raw): CommentRow {
  return {
    id: r.id,
    workId: r.work_id,
    chapterId: r.chapter_id,
    parentId: r.parent_id,
    threadId: r.thread_id ?? r.id,
    depth: r.depth,
    userId: r.user_id,
    username: r.username ?? null,
    pseud: r.pseud ?? null,
    guestName: r.guest_name,
    body: r.body,
    status: r.status,
    frozen: r.frozen === 1,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    hiddenReason: r.hidden_reason,
  };
}

export interface NewComment {
  workId: number;
  chapterId: number | null;
  parent: { id: number; threadId: number; depth: number } | null;
  userId: number | null;
  pseudId: number | null;
  guestName: string | null;
  guestEmail: string | null;
  body: string;
  status: 'published' | 'held';
  /** Held by the spam check: shown in the moderators' spam queue. */
  spam?: boolean;
  at: string;
}

export async function insertComment(db: Executor, c: NewComment): Promise<number> {
  const { id } = await db
    .insertInto('comments')
    .values({
      work_id: c.workId,
      chapter_id: c.chapterId,
      parent_id: c.parent?.id ?? null,
      thread_id: c.parent?.threadId ?? null,
      depth: c.parent ? c.parent.depth + 1 : 0,
      user_id: c.userId,
      pseud_id: c.pseudId,
      guest_name: c.guestName,
      guest_email: c.guestEmail,
      body: c.body,
      status: c.status,
      frozen: 0,
      created_at: c.at,
      edited_at: null,
      spam: c.spam ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!c.parent) await db.updateTable('comments').set({ thread_id: id }).where('id', '=', id).execute();
  return id;
}

export async function loadComment(db: Executor, id: number): Promise<CommentRow | undefined> {
  const r = await selectComments(db).where('c.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** These comments (missing ids left out). */
export async function loadComments(db: Executor, ids: readonly number[]): Promise<CommentRow[]> {
  if (ids.length === 0) return [];
  return (
    await selectComments(db)
      .where('c.id', 'in', [...ids])
      .execute()
  ).map(toRow);
}

/** The top-level comments of one page (oldest thread first, as on AO3) and how many there are. */
export async function topLevelPage(
  db: Executor,
  workId: number,
  place: CommentPlace,
  scope: HeldScope,
  page: number,
  perPage: number,
): Promise<{ rows: CommentRow[]; total: number }> {
  let q = hiddenIn(heldIn(fromComments(db).where('c.work_id', '=', workId).where('c.depth', '=', 0), scope), scope);
  if (place !== 'all')
    q = place.chapterId === null ? q.where('c.chapter_id', 'is', null) : q.where('c.chapter_id', '=', place.chapterId);
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = (
    await withAuthors(q)
      .orderBy('c.id')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute()
  ).map(toRow);
  return { rows, total: Number(n) };
}

/** The replies in these threads down to `maxDepth`, oldest first, at most `limit` of them. */
export async function repliesInThreads(
  db: Executor,
  threadIds: readonly number[],
  maxDepth: number,
  scope: HeldScope,
  limit: number,
): Promise<CommentRow[]> {
  if (threadIds.length === 0) return [];
  const q = withAuthors(
    heldIn(
      fromComments(db)
        .where('c.thread_id', 'in', [...threadIds])
        .where('c.depth', '>', 0)
        .where('c.depth', '<=', maxDepth),
      scope,
    ),
  );
  return (await q.orderBy('c.id').limit(limit).execute()).map(toRow);
}

/** The replies below a comment, to `maxDepth` levels under it, oldest first. */
export async function subtree(
  db: Executor,
  rootId: number,
  maxDepth: number,
  scope: HeldScope,
  limit: number,
): Promise<CommentRow[]> {
  const ids = (await descendantIds(db, rootId, maxDepth)).filter((id) => id !== rootId);
  if (ids.length === 0) return [];
  const rows = await withAuthors(heldIn(fromComments(db).where('c.id', 'in', ids.slice(0, limit)), scope))
    .orderBy('c.id')
    .execute();
  return rows.map(toRow);
}

/** Ids of a comment and the replies below it, at most `maxDepth` levels down (no bound when undefined). */
export async function descendantIds(db: Executor, rootId: number, maxDepth?: number): Promise<number[]> {
  const bound = maxDepth ?? 1_000_000;
  const r = await sql<{ id: number }>`
    WITH RECURSIVE sub(id, level) AS (
      SELECT id, 0 FROM comments WHERE id = ${rootId}
      UNION ALL
      SELECT c.id, sub.level + 1 FROM comments c JOIN sub ON c.parent_id = sub.id WHERE sub.level < ${bound}
    )
    SELECT id FROM sub`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

/** Which of these comments have replies (of any status). */
export async function withReplies(db: Executor, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('comments')
    .select('parent_id')
    .distinct()
    .where('parent_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.parent_id!));
}

export async function updateCommentBody(db: Executor, id: number, body: string, at: string): Promise<void> {
  await db.updateTable('comments').set({ body, edited_at: at }).where('id', '=', id).execute();
}

export async function setCommentStatus(db: Executor, id: number, status: CommentStatus): Promise<void> {
  await db
    .updateTable('comments')
    .set(status === 'deleted' ? { status, body: '' } : { status })
    .where('id', '=', id)
    .execute();
}

export async function setFrozen(db: Executor, ids: readonly number[], frozen: boolean): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('comments')
    .set({ frozen: frozen ? 1 : 0 })
    .where('id', 'in', [...ids])
    .execute();
}

/** Deletes these comments' rows; returns how many of them counted (published and not hidden by a moderator). */
export async function deleteCommentRows(db: Executor, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  let published = 0;
  // In slices: a thread can hold more comments than one statement takes parameters.
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const { n } = await db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', slice)
      .where('status', '=', 'published')
      .where('hidden_reason', 'is', null)
      .executeTakeFirstOrThrow();
    published += Number(n);
    await db.deleteFrom('inbox_items').where('comment_id', 'in', slice).execute();
    await db.deleteFrom('comments').where('id', 'in', slice).execute();
  }
  return published;
}

/** The comments on a work that wait for its creators' approval, oldest first. */
export async function heldComments(db: Executor, workId: number, limit: number): Promise<CommentRow[]> {
  const rows = await selectComments(db)
    .where('c.work_id', '=', workId)
    .where('c.status', '=', 'held')
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

/** Whether this account (or, for a guest, this e-mail address) posted the same text since `since`. */
export async function postedSameText(
  db: Executor,
  who: { userId: number } | { guestEmail: string },
  body: string,
  since: string,
): Promise<boolean> {
  let q = db.selectFrom('comments').select('id').where('body', '=', body).where('created_at', '>=', since);
  q = 'userId' in who ? q.where('user_id', '=', who.userId) : q.where('guest_email', '=', who.guestEmail);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

export async function loadCommentSettings(
  db: Executor,
  workId: number,
): Promise<{ who: CommentPermission; moderated: boolean } | undefined> {
  const r = await db
    .selectFrom('comment_settings')
    .select(['who', 'moderated'])
    .where('work_id', '=', workId)
    .executeTakeFirst();
  return r ? { who: r.who, moderated: r.moderated === 1 } : undefined;
}

export async function saveCommentSettings(
  db: Executor,
  workId: number,
  s: { who: CommentPermission; moderated: boolean },
): Promise<void> {
  await db
    .insertInto('comment_settings')
    .values({ work_id: workId, who: s.who, moderated: s.moderated ? 1 : 0 })
    .onConflict((oc) => oc.column('work_id').doUpdateSet({ who: s.who, moderated: s.moderated ? 1 : 0 }))
    .execute();
}
