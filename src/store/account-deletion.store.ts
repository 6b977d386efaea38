import type { Executor } from './executor.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';
import { orphanPseudId } from './orphan.store.js';

/**
 * What deleting an account removes, a bounded step at a time (services/delete-account-job.ts).
 * Each function acts on at most `limit` rows and says how many it touched, so the job repeats it
 * until nothing is left; deletions return what they removed, so a step run twice (by two
 * processes, or after a crash) never takes a count down twice.
 */

/** A work the member is credited on: its id, whether it is posted, its title, and whether someone else is credited too. */
export interface AccountWork {
  id: number;
  title: string;
  posted: boolean;
  shared: boolean;
}

/** Every work the member is credited on (drafts included), oldest first. */
export async function worksOfAccount(db: Executor, userId: number, limit?: number): Promise<AccountWork[]> {
  let q = db
    .selectFrom('works')
    .select(['works.id', 'works.title', 'works.posted'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('creatorships as other')
            .innerJoin('pseuds as op', 'op.id', 'other.pseud_id')
            .select('other.work_id')
            .whereRef('other.work_id', '=', 'works.id')
            .where('op.user_id', '!=', userId),
        )
        .as('shared'),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('creatorships')
          .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
          .select('creatorships.work_id')
          .whereRef('creatorships.work_id', '=', 'works.id')
          .where('pseuds.user_id', '=', userId),
      ),
    )
    .orderBy('works.id');
  if (limit !== undefined) q = q.limit(limit);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    posted: r.posted === 1,
    // SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
    shared: Boolean(r.shared),
  }));
}

/** Marks the account as being deleted; false when it already was (or is gone). */
export async function markDeleting(db: Executor, userId: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ deleting_at: at })
    .where('id', '=', userId)
    .where('deleting_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The account's row while it is being deleted: its id, name and when it was asked. */
export async function deletingAccount(db: Executor, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'email', 'deleting_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** What a step removed, and by how much each work's count drops. */
export interface Removed {
  removed: number;
  drops: Map<number, number>;
}

/** Removes up to `limit` of the member's bookmarks (their tags with them); public bookmarks of works lower the works' counts. */
export async function deleteSomeBookmarks(db: Executor, userId: number, limit: number): Promise<Removed> {
  const ids = (await db.selectFrom('bookmarks').select('id').where('user_id', '=', userId).limit(limit).execute()).map(
    (r) => r.id,
  );
  const drops = new Map<number, number>();
  if (ids.length === 0) return { removed: 0, drops };
  await db.deleteFrom('bookmark_tags').where('bookmark_id', 'in', ids).execute();
  const gone = await db.deleteFrom('bookmarks').where('id', 'in', ids).returning(['work_id', 'private']).execute();
  for (const b of gone)
    if (b.work_id !== null && b.private === 0) drops.set(b.work_id, (drops.get(b.work_id) ?? 0) + 1);
  return { removed: ids.length, drops };
}

/** Removes up to `limit` of the member's kudos; the works whose kudos count drops, with by how much. */
export async function deleteSomeKudos(db: Executor, userId: number, limit: number): Promise<Removed> {
  const ids = (await db.selectFrom('kudos').select('id').where('user_id', '=', userId).limit(limit).execute()).map(
    (r) => r.id,
  );
  const drops = new Map<number, number>();
  if (ids.length === 0) return { removed: 0, drops };
  const gone = await db.deleteFrom('kudos').where('id', 'in', ids).returning('work_id').execute();
  for (const k of gone) drops.set(k.work_id, (drops.get(k.work_id) ?? 0) + 1);
  return { removed: ids.length, drops };
}

/**
 * Signs up to `limit` of the member's comments as by nobody: the comments stay in their threads
 * (replies keep their place, counts stay right) and show as by "A former member".
 */
export async function unsignSomeComments(db: Executor, userId: number, limit: number): Promise<number> {
  const ids = (await db.selectFrom('comments').select('id').where('user_id', '=', userId).limit(limit).execute()).map(
    (r) => r.id,
  );
  if (ids.length === 0) return 0;
  await db.updateTable('comments').set({ user_id: null, pseud_id: null }).where('id', 'in', ids).execute();
  return ids.length;
}

/** Removes up to `limit` of the member's subscriptions, and others' subscriptions to the member, with their notifications. */
export async function deleteSomeSubscriptions(db: Executor, userId: number, limit: number): Promise<number> {
  const ids = (
    await db
      .selectFrom('subscriptions')
      .select('id')
      .where((eb) =>
        eb.or([eb('user_id', '=', userId), eb.and([eb('kind', '=', 'user'), eb('target_id', '=', userId)])]),
      )
      .limit(limit)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return 0;
  await db.deleteFrom('notifications').where('subscription_id', 'in', ids).execute();
  await db.deleteFrom('subscriptions').where('id', 'in', ids).execute();
  return ids.length;
}

/** Removes up to `limit` rows of one of the member's own lists that have an id. */
export async function deleteSomeOwnRows(
  db: Executor,
  table: 'notifications' | 'inbox_items' | 'saved_filters' | 'blocked_tags' | 'access_tokens' | 'account_tokens',
  userId: number,
  limit: number,
): Promise<number> {
  const ids = (await db.selectFrom(table).select('id').where('user_id', '=', userId).limit(limit).execute()).map(
    (r) => r.id,
  );
  if (ids.length === 0) return 0;
  await db.deleteFrom(table).where('id', 'in', ids).execute();
  return ids.length;
}

/** Removes up to `limit` works from the member's reading history. */
export async function deleteSomeReadings(db: Executor, userId: number, limit: number): Promise<number> {
  const works = (
    await db.selectFrom('readings').select('work_id').where('user_id', '=', userId).limit(limit).execute()
  ).map((r) => r.work_id);
  if (works.length === 0) return 0;
  await db.deleteFrom('readings').where('user_id', '=', userId).where('work_id', 'in', works).execute();
  return works.length;
}

/** Removes up to `limit` days of the member's chart figures. */
export async function deleteSomeWriterDays(db: Executor, userId: number, limit: number): Promise<number> {
  const days = (
    await db.selectFrom('writer_stats_daily').select('day').where('user_id', '=', userId).limit(limit).execute()
  ).map((r) => r.day);
  if (days.length === 0) return 0;
  await db.deleteFrom('writer_stats_daily').where('user_id', '=', userId).where('day', 'in', days).execute();
  return days.length;
}

/** Removes up to `limit` of the member's mutes and blocks, given or received. */
export async function deleteSomeMutesAndBlocks(db: Executor, userId: number, limit: number): Promise<number> {
  let n = 0;
  for (const table of ['muted_users', 'blocked_users'] as const) {
    const other = table === 'muted_users' ? 'muted_user_id' : 'blocked_user_id';
    for (const [mine, theirs] of [
      ['user_id', other],
      [other, 'user_id'],
    ] as const) {
      const ids = (
        await db
          .selectFrom(table)
          .select(theirs)
          .where(mine, '=', userId)
          .limit(limit - n)
          .execute()
      ).map((r) => (r as Record<string, number>)[theirs]!);
      if (ids.length === 0) continue;
      await db.deleteFrom(table).where(mine, '=', userId).where(theirs, 'in', ids).execute();
      n += ids.length;
      if (n >= limit) return n;
    }
  }
  return n;
}

/**
 * The member's series: one that still holds works (orphaned ones, or co-creators') goes to the
 * orphan account, as its works did; an empty one is removed. Up to `limit` series.
 */
export async function settleSomeSeries(db: Executor, userId: number, limit: number, now: string): Promise<number> {
  const series = await db
    .selectFrom('series')
    .select(['id', 'title_key'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('series_works').select('series_id').whereRef('series_works.series_id', '=', 'series.id'))
        .as('used'),
    )
    .where('user_id', '=', userId)
    .limit(limit)
    .execute();
  for (const s of series) {
    if (!s.used) {
      await db
        .deleteFrom('bookmark_tags')
        .where('bookmark_id', 'in', (eb) => eb.selectFrom('bookmarks').select('id').where('series_id', '=', s.id))
        .execute();
      await db.deleteFrom('bookmarks').where('series_id', '=', s.id).execute();
      await db.deleteFrom('series').where('id', '=', s.id).execute();
      continue;
    }
    await orphanPseudId(db, ORPHAN_ACCOUNT, now);
    const orphan = (
      await db.selectFrom('users').select('id').where('username_key', '=', ORPHAN_ACCOUNT).executeTakeFirstOrThrow()
    ).id;
    // Titles are one per member: the orphan account may already have a series of this name.
    const taken = await db
      .selectFrom('series')
      .select('id')
      .where('user_id', '=', orphan)
      .where('title_key', '=', s.title_key)
      .executeTakeFirst();
    await db
      .updateTable('series')
      .set({ user_id: orphan, ...(taken ? { title_key: `${s.title_key} (${s.id})` } : {}) })
      .where('id', '=', s.id)
      .execute();
  }
  return series.length;
}

/** Removes what is left of the account: sessions, invitations, renames, exports' rows, pseuds and the user row. */
export async function deleteAccountRow(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db
    .deleteFrom('creator_invitations')
    .where('pseud_id', 'in', (eb) => eb.selectFrom('pseuds').select('id').where('user_id', '=', userId))
    .execute();
  await db.deleteFrom('user_renames').where('user_id', '=', userId).execute();
  await db.deleteFrom('data_exports').where('user_id', '=', userId).execute();
  // Comments are already signed by nobody; nothing else names the pseuds by now.
  await db.deleteFrom('pseuds').where('user_id', '=', userId).execute();
  await db.deleteFrom('users').where('id', '=', userId).where('username_key', '!=', ORPHAN_ACCOUNT).execute();
}
