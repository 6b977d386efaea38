import type { Executor } from './executor.js';

/** Who left kudos: a member, or a guest's session. */
export type KudosGiver = { userId: number; guestKey?: undefined } | { userId?: undefined; guestKey: string };

/** Stores a kudos unless this giver already left one on the work; true when it was new. */
export async function insertKudos(db: Executor, workId: number, giver: KudosGiver, at: string): Promise<boolean> {
  const rows = await db
    .insertInto('kudos')
    .values({ work_id: workId, user_id: giver.userId ?? null, guest_key: giver.guestKey ?? null, created_at: at })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return rows.length > 0;
}

export async function hasLeftKudos(db: Executor, workId: number, giver: KudosGiver): Promise<boolean> {
  let q = db.selectFrom('kudos').select('id').where('work_id', '=', workId);
  q = giver.userId !== undefined ? q.where('user_id', '=', giver.userId) : q.where('guest_key', '=', giver.guestKey);
  return (await q.executeTakeFirst()) !== undefined;
}

/** The members who left kudos on a work, newest first (at most `limit`), and how many members and guests did. */
export async function kudosGivers(
  db: Executor,
  workId: number,
  limit: number,
): Promise<{ names: string[]; members: number; guests: number }> {
  const names = await db
    .selectFrom('kudos')
    .innerJoin('users', 'users.id', 'kudos.user_id')
    .select('users.username')
    .where('kudos.work_id', '=', workId)
    .orderBy('kudos.id', 'desc')
    .limit(limit)
    .execute();
  const counts = await db
    .selectFrom('kudos')
    .select((eb) => [eb.fn.count<number>('user_id').as('members'), eb.fn.countAll<number>().as('all')])
    .where('work_id', '=', workId)
    .executeTakeFirstOrThrow();
  const members = Number(counts.members);
  return { names: names.map((r) => r.username), members, guests: Number(counts.all) - members };
}
