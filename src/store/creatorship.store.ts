import type { Executor } from './executor.js';

/** Pending co-creator invitations, and the changes to a work's creators one member may make. */

export interface InvitationRow {
  id: number;
  workId: number;
  pseudId: number;
  inviteeUserId: number;
}

export interface PendingInvitation {
  id: number;
  workId: number;
  title: string;
  posted: number;
  pseud: string;
  invitedBy: string | null;
  createdAt: string;
}

/** Invites these pseuds to a work; a pseud already invited keeps its first invitation. */
export async function insertCreatorInvitations(
  db: Executor,
  workId: number,
  pseudIds: number[],
  invitedBy: number,
  now: string,
): Promise<void> {
  const unique = [...new Set(pseudIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('creator_invitations')
    .values(unique.map((pseud_id) => ({ work_id: workId, pseud_id, invited_by: invitedBy, created_at: now })))
    .onConflict((oc) => oc.columns(['work_id', 'pseud_id']).doNothing())
    .execute();
}

/** Invitations for many works at once (bulk posting): rows of work, pseud and inviter. */
export async function insertCreatorInvitationRows(
  db: Executor,
  rows: Array<{ workId: number; pseudId: number; invitedBy: number }>,
  now: string,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('creator_invitations')
    .values(rows.map((r) => ({ work_id: r.workId, pseud_id: r.pseudId, invited_by: r.invitedBy, created_at: now })))
    .onConflict((oc) => oc.columns(['work_id', 'pseud_id']).doNothing())
    .execute();
}

export async function findCreatorInvitation(db: Executor, id: number): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('creator_invitations')
    .innerJoin('pseuds', 'pseuds.id', 'creator_invitations.pseud_id')
    .select([
      'creator_invitations.id',
      'creator_invitations.work_id as workId',
      'creator_invitations.pseud_id as pseudId',
      'pseuds.user_id as inviteeUserId',
    ])
    .where('creator_invitations.id', '=', id)
    .executeTakeFirst();
}

export async function deleteCreatorInvitation(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('creator_invitations').where('id', '=', id).execute();
}

/** A member's pending invitations, oldest first, with the work's title and who asked. */
export async function listInvitationsOfUser(db: Executor, userId: number): Promise<PendingInvitation[]> {
  return db
    .selectFrom('creator_invitations as i')
    .innerJoin('pseuds', 'pseuds.id', 'i.pseud_id')
    .innerJoin('works', 'works.id', 'i.work_id')
    .leftJoin('users as inviter', 'inviter.id', 'i.invited_by')
    .select([
      'i.id',
      'i.work_id as workId',
      'works.title',
      'works.posted',
      'pseuds.name as pseud',
      'inviter.username as invitedBy',
      'i.created_at as createdAt',
    ])
    .where('pseuds.user_id', '=', userId)
    .orderBy('i.id')
    .execute();
}

export async function countInvitationsOfUser(db: Executor, userId: number): Promise<number> {
  const r = await db
    .selectFrom('creator_invitations as i')
    .innerJoin('pseuds', 'pseuds.id', 'i.pseud_id')
    .innerJoin('works', 'works.id', 'i.work_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('pseuds.user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A work's creators in byline order, with the member behind each pseud. */
export async function listCreatorshipsOfWork(
  db: Executor,
  workId: number,
): Promise<Array<{ pseudId: number; userId: number }>> {
  return db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .select(['creatorships.pseud_id as pseudId', 'pseuds.user_id as userId'])
    .where('creatorships.work_id', '=', workId)
    .orderBy('creatorships.position')
    .execute();
}

/** Credits a pseud on a work, last on the byline; nothing when it is already there. */
export async function addCreatorship(db: Executor, workId: number, pseudId: number): Promise<void> {
  const r = await db
    .selectFrom('creatorships')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('work_id', '=', workId)
    .executeTakeFirst();
  const position = r?.last === null || r?.last === undefined ? 0 : Number(r.last) + 1;
  await db
    .insertInto('creatorships')
    .values({ work_id: workId, pseud_id: pseudId, position })
    .onConflict((oc) => oc.columns(['work_id', 'pseud_id']).doNothing())
    .execute();
}

/** Takes every pseud of one member off a work. */
export async function deleteCreatorshipsOfUser(db: Executor, workId: number, userId: number): Promise<void> {
  await db
    .deleteFrom('creatorships')
    .where('work_id', '=', workId)
    .where('pseud_id', 'in', (eb) => eb.selectFrom('pseuds').select('id').where('user_id', '=', userId))
    .execute();
}

/** Works a member is credited on together with other members, newest first (the ones they may leave). */
export async function listSharedWorksOfUser(
  db: Executor,
  userId: number,
): Promise<Array<{ id: number; title: string; posted: number }>> {
  return db
    .selectFrom('works')
    .select(['works.id', 'works.title', 'works.posted'])
    .where('works.id', 'in', (eb) =>
      eb
        .selectFrom('creatorships')
        .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
        .select('creatorships.work_id')
        .where('pseuds.user_id', '=', userId),
    )
    .where('works.id', 'in', (eb) =>
      eb
        .selectFrom('creatorships')
        .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
        .select('creatorships.work_id')
        .where('pseuds.user_id', '!=', userId),
    )
    .orderBy('works.id', 'desc')
    .execute();
}
