import type { Executor } from './executor.js';

/**
 * What the archive holds about one member, read for the export of their data
 * (services/data-export-build.ts). Lists are read a page at a time after a key, so that an export
 * of a member with a long history holds one page in memory at once.
 */

/** The account, its preferences and roles, and the small lists that belong to it. */
export async function memberProfile(db: Executor, userId: number) {
  const user = await db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'email',
      'created_at',
      'confirmed_at',
      'terms_version',
      'terms_accepted_at',
      'password_changed_at',
      'view_adult',
      'keep_history',
      'inbox_comments',
      'inbox_replies',
      'is_admin',
      'is_moderator',
      'is_wrangler',
      'suspended_until',
      'suspension_reason',
    ])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const pseuds = await db
    .selectFrom('pseuds')
    .select(['name', 'description', 'is_default', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const blockedTags = await db
    .selectFrom('blocked_tags')
    .select(['pattern', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const muted = await db
    .selectFrom('muted_users')
    .innerJoin('users', 'users.id', 'muted_users.muted_user_id')
    .select(['users.username', 'muted_users.created_at'])
    .where('muted_users.user_id', '=', userId)
    .orderBy('muted_users.created_at')
    .execute();
  const blocked = await db
    .selectFrom('blocked_users')
    .innerJoin('users', 'users.id', 'blocked_users.blocked_user_id')
    .select(['users.username', 'blocked_users.created_at'])
    .where('blocked_users.user_id', '=', userId)
    .orderBy('blocked_users.created_at')
    .execute();
  const savedFilters = await db
    .selectFrom('saved_filters')
    .select(['name', 'query', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const formerNames = await db
    .selectFrom('user_renames')
    .select(['old_name', 'renamed_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return { user, pseuds, blockedTags, muted, blocked, savedFilters, formerNames };
}

/** The member's comments after comment `afterId`, oldest first, with the work each is on. */
export async function commentsPageOf(db: Executor, userId: number, afterId: number, limit: number) {
  return db
    .selectFrom('comments')
    .innerJoin('works', 'works.id', 'comments.work_id')
    .leftJoin('pseuds', 'pseuds.id', 'comments.pseud_id')
    .select([
      'comments.id',
      'comments.work_id',
      'works.title as work_title',
      'comments.chapter_id',
      'comments.parent_id',
      'pseuds.name as pseud',
      'comments.body',
      'comments.status',
      'comments.created_at',
      'comments.edited_at',
    ])
    .where('comments.user_id', '=', userId)
    .where('comments.id', '>', afterId)
    .orderBy('comments.id')
    .limit(limit)
    .execute();
}

/** The member's kudos after kudos `afterId`, oldest first. */
export async function kudosPageOf(db: Executor, userId: number, afterId: number, limit: number) {
  return db
    .selectFrom('kudos')
    .innerJoin('works', 'works.id', 'kudos.work_id')
    .select(['kudos.id', 'kudos.work_id', 'works.title as work_title', 'kudos.created_at'])
    .where('kudos.user_id', '=', userId)
    .where('kudos.id', '>', afterId)
    .orderBy('kudos.id')
    .limit(limit)
    .execute();
}

/** The member's bookmarks (of works, series and works elsewhere) after bookmark `afterId`, with their tags. */
export async function bookmarksPageOf(db: Executor, userId: number, afterId: number, limit: number) {
  const rows = await db
    .selectFrom('bookmarks')
    .leftJoin('works', 'works.id', 'bookmarks.work_id')
    .leftJoin('series', 'series.id', 'bookmarks.series_id')
    .leftJoin('external_works', 'external_works.id', 'bookmarks.external_work_id')
    .innerJoin('pseuds', 'pseuds.id', 'bookmarks.pseud_id')
    .select([
      'bookmarks.id',
      'bookmarks.work_id',
      'works.title as work_title',
      'bookmarks.series_id',
      'series.title as series_title',
      'bookmarks.external_work_id',
      'external_works.url as external_url',
      'external_works.title as external_title',
      'pseuds.name as pseud',
      'bookmarks.notes',
      'bookmarks.rec',
      'bookmarks.private',
      'bookmarks.created_at',
      'bookmarks.updated_at',
    ])
    .where('bookmarks.user_id', '=', userId)
    .where('bookmarks.id', '>', afterId)
    .orderBy('bookmarks.id')
    .limit(limit)
    .execute();
  const tags = rows.length
    ? await db
        .selectFrom('bookmark_tags')
        .innerJoin('tags', 'tags.id', 'bookmark_tags.tag_id')
        .select(['bookmark_tags.bookmark_id', 'tags.name'])
        .where(
          'bookmark_tags.bookmark_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('bookmark_tags.bookmark_id')
        .orderBy('bookmark_tags.position')
        .execute()
    : [];
  return rows.map((r) => ({ ...r, tags: tags.filter((t) => t.bookmark_id === r.id).map((t) => t.name) }));
}

/** The member's subscriptions after subscription `afterId` (their feeds' secret tokens left out). */
export async function subscriptionsPageOf(db: Executor, userId: number, afterId: number, limit: number) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'kind', 'target_id', 'created_at'])
    .where('user_id', '=', userId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The member's reading history after work `afterWorkId`, by work id. */
export async function readingsPageOf(db: Executor, userId: number, afterWorkId: number, limit: number) {
  return db
    .selectFrom('readings')
    .innerJoin('works', 'works.id', 'readings.work_id')
    .select([
      'readings.work_id',
      'works.title as work_title',
      'readings.last_chapter_id',
      'readings.chapters_seen',
      'readings.visits',
      'readings.last_visited_at',
      'readings.marked_for_later',
    ])
    .where('readings.user_id', '=', userId)
    .where('readings.work_id', '>', afterWorkId)
    .orderBy('readings.work_id')
    .limit(limit)
    .execute();
}

/** When the member's live sessions began and end (the archive keeps no addresses with them). */
export async function sessionDatesOf(db: Executor, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['created_at', 'expires_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** The member's access tokens: names and dates, never the secret or its hash. */
export async function accessTokenDatesOf(db: Executor, userId: number) {
  return db
    .selectFrom('access_tokens')
    .select(['name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}
