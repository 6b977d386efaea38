import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../src/store/dialect.js';
import type { DB } from '../src/store/schema.js';

/** Reads for tests that check what really landed in the database, kept out of the test files. */
export async function countRows(db: Kysely<DB>, table: keyof DB): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function workRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('works').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function chapterRows(db: Kysely<DB>, workId: number) {
  return db
    .selectFrom('chapters')
    .select(['title', 'position'])
    .where('work_id', '=', workId)
    .orderBy('position')
    .execute();
}

export async function firstUsername(db: Kysely<DB>): Promise<string> {
  return (await db.selectFrom('users').select('username').orderBy('id').executeTakeFirstOrThrow()).username;
}

export async function tagRowByKey(db: Kysely<DB>, nameKey: string) {
  return db
    .selectFrom('tags')
    .select(['name', 'canonical', 'merger_id'])
    .where('name_key', '=', nameKey)
    .executeTakeFirstOrThrow();
}

/** The whole tag graph, in a stable order: to prove a refused change changed nothing. */
export async function tagGraph(db: Kysely<DB>) {
  return {
    meta: await db.selectFrom('tag_meta').select(['meta_id', 'sub_id']).orderBy('meta_id').orderBy('sub_id').execute(),
    tags: await db.selectFrom('tags').select(['name', 'canonical', 'merger_id']).orderBy('id').execute(),
    audit: await countRows(db, 'tag_audit'),
  };
}

/** Changes a work's title behind the services' back (no change log entry), as a hand edit of the database would. */
export async function retitleBehindServices(db: Kysely<DB>, workId: number, title: string): Promise<void> {
  await db.updateTable('works').set({ title }).where('id', '=', workId).execute();
}

/** Everything a post writes, by title (ids may differ: PostgreSQL spends identities on rolled-back posts). */
export async function postedSnapshot(db: Kysely<DB>) {
  const works = await db
    .selectFrom('works')
    .select([
      'title',
      'summary',
      'notes',
      'end_notes',
      'language',
      'restricted',
      'expected_chapters',
      'posted',
      'published_at',
      'word_count',
      'chapter_count',
      'import_key',
      'sort_title',
      'sort_creator',
      'crossover',
    ])
    .select((eb) => eb.case().when('posted', '=', 1).then(eb.ref('updated_at')).else('').end().as('updated'))
    .orderBy('title')
    .execute();
  const tags = await db
    .selectFrom('tags as t')
    .leftJoin('tags as m', 'm.id', 't.merger_id')
    .select(['t.name', 't.name_key', 't.type', 't.canonical', 'm.name as merger'])
    .orderBy('t.name_key')
    .execute();
  const workTags = await db
    .selectFrom('work_tags')
    .innerJoin('works', 'works.id', 'work_id')
    .innerJoin('tags', 'tags.id', 'tag_id')
    .select(['works.title', 'position', 'tags.name'])
    .orderBy('works.title')
    .orderBy('position')
    .execute();
  const creators = await db
    .selectFrom('creatorships')
    .innerJoin('works', 'works.id', 'work_id')
    .innerJoin('pseuds', 'pseuds.id', 'pseud_id')
    .select(['works.title', 'position', 'pseuds.name'])
    .orderBy('works.title')
    .orderBy('position')
    .execute();
  const chapters = await db
    .selectFrom('chapters')
    .innerJoin('works', 'works.id', 'work_id')
    .select([
      'works.title',
      'position',
      'chapters.title as chapter',
      'chapters.summary',
      'chapters.notes',
      'chapters.end_notes',
      'body',
      'chapters.word_count',
    ])
    .orderBy('works.title')
    .orderBy('position')
    .execute();
  const series = await db
    .selectFrom('series_works')
    .innerJoin('series', 'series.id', 'series_id')
    .innerJoin('works', 'works.id', 'work_id')
    .select(['series.title as series', 'works.title', 'series_works.position'])
    .orderBy('series.title')
    .orderBy('series_works.position')
    .execute();
  const text = await db
    .selectFrom('work_text')
    .innerJoin('works', 'works.id', 'work_id')
    .select(['works.title', 'text'])
    .orderBy('works.title')
    .execute();
  const docs = isPostgres(db)
    ? (
        await sql<{
          title: string;
          doc: string;
        }>`select w.title, s.tsv::text as doc from work_search s join works w on w.id = s.work_id order by w.title`.execute(
          db,
        )
      ).rows
    : (
        await sql<{
          title: string;
          doc: string;
        }>`select w.title, s.doc from work_search s join works w on w.id = s.rowid order by w.title`.execute(db)
      ).rows;
  return { works, tags, workTags, creators, chapters, series, text, docs };
}

/** The ids of every comment stored, oldest first. */
export async function commentIds(db: Kysely<DB>): Promise<number[]> {
  return (await db.selectFrom('comments').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** A tag's type, by its exact name. */
export async function tagTypeOf(db: Kysely<DB>, name: string): Promise<string> {
  return (await db.selectFrom('tags').select('type').where('name', '=', name).executeTakeFirstOrThrow()).type;
}

/** Every bookmark's id, oldest first. */
export async function bookmarkIds(db: Kysely<DB>): Promise<number[]> {
  return (await db.selectFrom('bookmarks').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** Every job as the table holds it, oldest first, with its payload parsed. */
export async function jobRows(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'status', 'attempts', 'run_at', 'last_error', 'locked_by', 'payload'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown }));
}

/** Makes every job due now, as if its back-off had passed (rather than waiting for it). */
export async function makeJobsDue(db: Kysely<DB>): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ run_at: new Date(0).toISOString() })
    .execute();
}

/** How many jobs wait or run. */
export async function pendingJobCount(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- Reading history ----

/** A member's readings as the table holds them, by work id. */
export async function readingRows(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('readings')
    .select(['work_id', 'last_chapter_id', 'chapters_seen', 'visits', 'marked_for_later'])
    .where('user_id', '=', userId)
    .orderBy('work_id')
    .execute();
}

/** Whether a member's reading history is recorded (their preference). */
export async function keepsHistory(db: Kysely<DB>, userId: number): Promise<boolean> {
  const r = await db.selectFrom('users').select('keep_history').where('id', '=', userId).executeTakeFirstOrThrow();
  return r.keep_history === 1;
}

// ---- Writers' statistics ----

/** A work's daily hits and kudos rows, oldest day first. */
export async function dailyStatsRows(db: Kysely<DB>, workId: number) {
  return db
    .selectFrom('work_stats_daily')
    .select(['day', 'hits', 'kudos'])
    .where('work_id', '=', workId)
    .orderBy('day')
    .execute();
}

/** A writer's daily hits and kudos rows (all their works), oldest day first. */
export async function writerDailyStatsRows(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('writer_stats_daily')
    .select(['day', 'hits', 'kudos'])
    .where('user_id', '=', userId)
    .orderBy('day')
    .execute();
}

/** Moves a work's first publication to another date, as an imported or long-posted work has. */
export async function setPublishedAtBehindServices(db: Kysely<DB>, workId: number, publishedAt: string): Promise<void> {
  await db.updateTable('works').set({ published_at: publishedAt }).where('id', '=', workId).execute();
}

// ---- Subscriptions and notifications ----

/** A member's stored notifications (shown or not), oldest first. */
export async function notificationRows(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'subscription_id', 'work_id', 'chapter_id', 'kind', 'is_read'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

/** A member's subscriptions as stored, oldest first. */
export async function subscriptionRows(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'kind', 'target_id', 'feed_token'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

// --- Bookmarks of series and external works ---

/** A series' id, by its exact title. */
export async function seriesIdByTitle(db: Kysely<DB>, title: string): Promise<number> {
  return (await db.selectFrom('series').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
}

/** Every external work as stored, oldest first. */
export async function externalWorkRows(db: Kysely<DB>) {
  return db.selectFrom('external_works').selectAll().orderBy('id').execute();
}

/** Every bookmark's target columns, oldest first. */
export async function bookmarkTargets(db: Kysely<DB>) {
  return db
    .selectFrom('bookmarks')
    .select(['id', 'user_id', 'work_id', 'series_id', 'external_work_id', 'notes', 'rec', 'private'])
    .orderBy('id')
    .execute();
}

/** A member's row as the account tests check it: address, Terms accepted, and when. */
export async function userRow(db: Kysely<DB>, username: string) {
  return db
    .selectFrom('users')
    .select(['email', 'terms_version', 'terms_accepted_at', 'created_at'])
    .where('username_key', '=', username.toLowerCase())
    .executeTakeFirstOrThrow();
}

/** As if the member set a password at `at` (a link sent before then no longer works). */
export async function setPasswordChangedAt(db: Kysely<DB>, userId: number, at: Date): Promise<void> {
  await db.updateTable('users').set({ password_changed_at: at.toISOString() }).where('id', '=', userId).execute();
}

/** As if a mailed link's time had run out. */
export async function expireAccountToken(db: Kysely<DB>, id: number): Promise<void> {
  await db
    .updateTable('account_tokens')
    .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Every credit: work, pseud name, and the account the pseud belongs to, by work. */
export async function credits(db: Kysely<DB>) {
  return db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .innerJoin('users', 'users.id', 'pseuds.user_id')
    .select(['creatorships.work_id', 'pseuds.name', 'users.username'])
    .orderBy('creatorships.work_id')
    .execute();
}

/** Each work's chapter and word counts as its row says them and as its chapters add up, and whether its search text exists. */
export async function workCompleteness(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('works')
    .leftJoin('chapters', 'chapters.work_id', 'works.id')
    .select((eb) => [
      'works.id',
      'works.chapter_count',
      'works.word_count',
      eb.fn.count<number>('chapters.id').as('chapters'),
      eb.fn.sum<number>('chapters.word_count').as('words'),
    ])
    .groupBy(['works.id', 'works.chapter_count', 'works.word_count'])
    .execute();
  const indexed = new Set((await db.selectFrom('work_text').select('work_id').execute()).map((r) => r.work_id));
  return rows.map((r) => ({ ...r, chapters: Number(r.chapters), words: Number(r.words), indexed: indexed.has(r.id) }));
}

// ---- Leaving: account deletion and data exports ----

/** An account's row as deletion leaves it: undefined once it is gone. */
export async function accountRow(db: Kysely<DB>, userId: number) {
  return db.selectFrom('users').select(['id', 'username', 'deleting_at']).where('id', '=', userId).executeTakeFirst();
}

/** How many rows of each of these tables still name the member. */
export async function rowsOfUser(db: Kysely<DB>, userId: number) {
  const n = async (table: 'sessions' | 'access_tokens' | 'bookmarks' | 'kudos' | 'comments' | 'pseuds' | 'readings') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    sessions: await n('sessions'),
    accessTokens: await n('access_tokens'),
    bookmarks: await n('bookmarks'),
    kudos: await n('kudos'),
    comments: await n('comments'),
    pseuds: await n('pseuds'),
    readings: await n('readings'),
  };
}

/** A comment's author columns and text. */
export async function commentAuthor(db: Kysely<DB>, id: number) {
  return db.selectFrom('comments').select(['user_id', 'pseud_id', 'body']).where('id', '=', id).executeTakeFirst();
}

/** A member's data exports as stored, oldest first. */
export async function dataExportRows(db: Kysely<DB>, userId: number) {
  return db.selectFrom('data_exports').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** As if the member's name changes were made `ms` earlier (for the once-a-week limit). */
export async function backdateRenames(db: Kysely<DB>, userId: number, ms: number): Promise<void> {
  for (const r of await db
    .selectFrom('user_renames')
    .select(['id', 'renamed_at'])
    .where('user_id', '=', userId)
    .execute())
    await db
      .updateTable('user_renames')
      .set({ renamed_at: new Date(Date.parse(r.renamed_at) - ms).toISOString() })
      .where('id', '=', r.id)
      .execute();
}

/** The pseud names of a member, by name. */
export async function pseudNames(db: Kysely<DB>, userId: number): Promise<string[]> {
  const rows = await db.selectFrom('pseuds').select('name').where('user_id', '=', userId).orderBy('name_key').execute();
  return rows.map((r) => r.name);
}

/** Invitation codes as stored: how many, and how many spent. */
export async function inviteCodeCounts(db: Kysely<DB>): Promise<{ all: number; used: number }> {
  const rows = await db.selectFrom('invite_codes').select(['used_at']).execute();
  return { all: rows.length, used: rows.filter((r) => r.used_at !== null).length };
}

/** How many pieces of an export's zip are stored (migration 025). */
export async function exportChunkCount(db: Kysely<DB>, exportId: number): Promise<number> {
  const r = await db
    .selectFrom('data_export_chunks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('export_id', '=', exportId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
