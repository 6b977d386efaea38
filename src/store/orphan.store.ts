import type { Executor } from './executor.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';

/**
 * The orphan account's pseud of this name (made if need be, as is the account itself): where
 * orphaned works are credited. The account cannot log in (its password hash is no hash).
 */
export async function orphanPseudId(db: Executor, pseudName: string, now: string): Promise<number> {
  await db
    .insertInto('users')
    .values({
      username: ORPHAN_ACCOUNT,
      username_key: ORPHAN_ACCOUNT,
      email: `${ORPHAN_ACCOUNT}@invalid`,
      password_hash: '!',
      is_admin: 0,
      view_adult: 0,
      created_at: now,
      password_changed_at: now,
      confirmed_at: now,
    })
    .onConflict((oc) => oc.column('username_key').doNothing())
    .execute();
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('username_key', '=', ORPHAN_ACCOUNT)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('pseuds')
    .values({
      user_id: user.id,
      name: pseudName,
      name_key: pseudName.toLowerCase(),
      is_default: pseudName === ORPHAN_ACCOUNT ? 1 : 0,
      description: '',
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'name_key']).doNothing())
    .execute();
  const pseud = await db
    .selectFrom('pseuds')
    .select('id')
    .where('user_id', '=', user.id)
    .where('name_key', '=', pseudName.toLowerCase())
    .executeTakeFirstOrThrow();
  return pseud.id;
}

/** Credits the orphan pseud in place of every pseud of `userId` on the work, keeping the first one's position. */
export async function moveCreditsToOrphan(
  db: Executor,
  workId: number,
  userId: number,
  orphanPseud: number,
): Promise<void> {
  const mine = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .select(['creatorships.pseud_id', 'creatorships.position'])
    .where('creatorships.work_id', '=', workId)
    .where('pseuds.user_id', '=', userId)
    .orderBy('creatorships.position')
    .execute();
  if (mine.length === 0) return;
  await db
    .deleteFrom('creatorships')
    .where('work_id', '=', workId)
    .where(
      'pseud_id',
      'in',
      mine.map((m) => m.pseud_id),
    )
    .execute();
  await db
    .insertInto('creatorships')
    .values({ work_id: workId, pseud_id: orphanPseud, position: mine[0]!.position })
    .onConflict((oc) => oc.columns(['work_id', 'pseud_id']).doNothing())
    .execute();
}
