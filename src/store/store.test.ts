import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, neutralProse } from '../../test/factories.js';
import { loadWork, deleteWorkRow, findWorkRow } from './work.store.js';
import { findOrCreateTags, findTagByName, TagTypeConflict } from './tag.store.js';
import { findPseudsByName, listPseudsOfUser } from './pseud.store.js';
import { listChapters, setChapterPositions } from './chapter.store.js';
import { countLoginFailures, recordLoginFailure } from './login-attempt.store.js';
import { ensureSetting } from './settings.store.js';
import { migrateToLatest } from './db.js';
import type { DB } from './schema.js';

// The columns schema.ts declares, table by table: the migrated database must have exactly these.
const EXPECTED: Record<keyof DB, string[]> = {
  users: [
    'id',
    'username',
    'username_key',
    'email',
    'password_hash',
    'is_admin',
    'view_adult',
    'created_at',
    'password_changed_at',
    'is_wrangler',
    'inbox_comments',
    'inbox_replies',
    'keep_history',
    'confirmed_at',
    'terms_version',
    'terms_accepted_at',
    'is_moderator',
    'suspended_until',
    'suspension_reason',
    'deleting_at',
  ],
  pseuds: ['id', 'user_id', 'name', 'name_key', 'is_default', 'description', 'created_at'],
  sessions: ['id', 'user_id', 'csrf_token', 'view_adult', 'created_at', 'expires_at'],
  login_attempts: ['id', 'key', 'attempted_at'],
  tags: ['id', 'name', 'name_key', 'type', 'canonical', 'merger_id', 'created_at'],
  works: [
    'id',
    'title',
    'summary',
    'notes',
    'end_notes',
    'language',
    'restricted',
    'expected_chapters',
    'posted',
    'published_at',
    'updated_at',
    'created_at',
    'word_count',
    'chapter_count',
    'import_key',
    'sort_title',
    'sort_creator',
    'crossover',
    'kudos_count',
    'hits_count',
    'bookmarks_count',
    'comments_count',
    'hidden_reason',
  ],
  work_tags: ['work_id', 'tag_id', 'position'],
  creatorships: ['work_id', 'pseud_id', 'position'],
  chapters: [
    'id',
    'work_id',
    'position',
    'title',
    'summary',
    'notes',
    'end_notes',
    'body',
    'word_count',
    'created_at',
    'updated_at',
  ],
  settings: ['key', 'value'],
  tag_meta: ['meta_id', 'sub_id'],
  tag_parents: ['parent_id', 'child_id'],
  tag_audit: ['id', 'tag_id', 'tag_name', 'user_id', 'action', 'detail', 'created_at'],
  blocked_tags: ['id', 'user_id', 'pattern', 'pattern_key', 'created_at'],
  muted_users: ['user_id', 'muted_user_id', 'created_at'],
  saved_filters: ['id', 'user_id', 'name', 'query', 'created_at'],
  work_text: ['work_id', 'text'],
  access_tokens: ['id', 'user_id', 'name', 'token_hash', 'hint', 'created_at', 'last_used_at'],
  series: ['id', 'user_id', 'title', 'title_key', 'created_at', 'updated_at'],
  series_works: ['series_id', 'work_id', 'position'],
  work_changes: ['seq', 'work_id', 'created_at', 'gen'],
  change_clock: ['id', 'work_gen', 'count_gen'],
  creator_invitations: ['id', 'work_id', 'pseud_id', 'invited_by', 'created_at'],
  kudos: ['id', 'work_id', 'user_id', 'guest_key', 'created_at'],
  count_changes: ['seq', 'work_id', 'created_at', 'gen'],
  work_hits: ['work_id', 'visitor', 'day'],
  comments: [
    'id',
    'work_id',
    'chapter_id',
    'parent_id',
    'thread_id',
    'depth',
    'user_id',
    'pseud_id',
    'guest_name',
    'guest_email',
    'body',
    'status',
    'frozen',
    'created_at',
    'edited_at',
    'hidden_reason',
    'spam',
  ],
  comment_settings: ['work_id', 'who', 'moderated'],
  blocked_users: ['user_id', 'blocked_user_id', 'created_at'],
  inbox_items: ['id', 'user_id', 'comment_id', 'kind', 'is_read', 'created_at'],
  rate_limits: ['key', 'window_start', 'count'],
  jobs: [
    'id',
    'kind',
    'key',
    'payload',
    'status',
    'attempts',
    'max_attempts',
    'run_at',
    'locked_by',
    'locked_until',
    'last_error',
    'created_at',
    'finished_at',
  ],
  bookmarks: [
    'id',
    'user_id',
    'pseud_id',
    'work_id',
    'notes',
    'rec',
    'private',
    'created_at',
    'updated_at',
    'series_id',
    'external_work_id',
  ],
  bookmark_tags: ['bookmark_id', 'tag_id', 'position'],
  external_works: ['id', 'url', 'title', 'creator', 'fandoms', 'rating', 'summary', 'created_at'],
  readings: ['user_id', 'work_id', 'last_chapter_id', 'chapters_seen', 'visits', 'last_visited_at', 'marked_for_later'],
  subscriptions: ['id', 'user_id', 'kind', 'target_id', 'feed_token', 'created_at'],
  notifications: ['id', 'user_id', 'subscription_id', 'work_id', 'chapter_id', 'kind', 'is_read', 'created_at'],
  work_stats_daily: ['work_id', 'day', 'hits', 'kudos'],
  writer_stats_daily: ['user_id', 'day', 'hits', 'kudos'],
  account_tokens: ['id', 'user_id', 'purpose', 'token_hash', 'created_at', 'expires_at', 'used_at', 'detail'],
  reports: [
    'id',
    'reporter_user_id',
    'reporter_ip',
    'target_kind',
    'target_id',
    'reason',
    'description',
    'status',
    'assignee_user_id',
    'created_at',
    'updated_at',
  ],
  report_notes: ['id', 'report_id', 'user_id', 'body', 'created_at'],
  audit_log: ['id', 'actor_user_id', 'actor_name', 'action', 'target_kind', 'target_id', 'detail', 'created_at'],
  user_renames: ['id', 'user_id', 'old_name', 'old_key', 'renamed_at'],
  invite_requests: ['id', 'email', 'email_key', 'ip', 'created_at', 'invited_at'],
  invite_codes: ['id', 'code_hash', 'created_by_user_id', 'request_id', 'created_at', 'used_by_user_id', 'used_at'],
  data_export_chunks: ['export_id', 'seq', 'bytes'],
  data_exports: [
    'id',
    'user_id',
    'status',
    'done_steps',
    'total_steps',
    'file_name',
    'error',
    'created_at',
    'ready_at',
    'downloaded_at',
  ],
};

eachDialect(
  'migrations create exactly the tables and columns of schema.ts, and re-running is a no-op',
  async ({ db, dialect }) => {
    // Other test files migrate their own PostgreSQL schemas at the same time: look at ours only.
    const own =
      dialect === 'postgres'
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
        : undefined;
    const tables = (await db.introspection.getTables()).filter((t) => own === undefined || t.schema === own);
    const actual = Object.fromEntries(
      // work_search is the dialect's own full-text structure (FTS5 or tsvector), checked by the search tests.
      tables
        .filter((t) => !t.name.startsWith('kysely_') && !t.name.startsWith('work_search'))
        .map((t) => [t.name, t.columns.map((c) => c.name).sort()]),
    );
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, [...v].sort()]));
    assert.deepEqual(actual, expected);
    assert.deepEqual(await migrateToLatest(db), []);
  },
);

eachDialect('the fixed tags are seeded: 5 ratings, 6 warnings, 6 categories, all canonical', async ({ db }) => {
  const rows = await db.selectFrom('tags').select(['type', 'canonical']).execute();
  const count = (type: string) => rows.filter((r) => r.type === type && r.canonical === 1).length;
  assert.equal(count('rating'), 5);
  assert.equal(count('warning'), 6);
  assert.equal(count('category'), 6);
});

eachDialect(
  'a new user gets a default pseud named as the username; pseuds are found by name or username',
  async ({ db }) => {
    const u = await buildUser(db, { username: 'Marisol_K' });
    const pseuds = await listPseudsOfUser(db, u.id);
    assert.deepEqual(
      pseuds.map((p) => [p.name, p.is_default]),
      [['Marisol_K', 1]],
    );
    assert.equal((await findPseudsByName(db, 'marisol_k')).length, 1);
  },
);

eachDialect('usernames are unique case-insensitively (the database refuses a second spelling)', async ({ db }) => {
  await buildUser(db, { username: 'Harbour' });
  await assert.rejects(() => buildUser(db, { username: 'harbour' }), /taken/);
});

eachDialect('a posted work round-trips with its tags in order, creators, chapters and counts', async ({ db }) => {
  const u = await buildUser(db);
  const id = await buildWork(db, u, {
    meta: {
      title: 'Tide Tables',
      rating: 'Mature',
      warnings: ['Major Character Death', 'Graphic Depictions Of Violence'],
      categories: ['Gen', 'F/F'],
      fandoms: ['Original Work'],
      relationships: ['Keeper/Gull'],
      characters: ['The Keeper'],
      freeforms: ['Slow Burn', 'Fluff'],
      expectedChapters: '3',
      language: 'en',
    },
    body: 'one two three four five',
    moreChapters: [{ title: 'Second', body: 'six seven eight nine ten eleven' }],
  });
  const w = await loadWork(db, id);
  assert.ok(w);
  assert.equal(w.title, 'Tide Tables');
  assert.deepEqual(w.tags.rating, ['Mature']);
  assert.deepEqual(w.tags.warning, ['Major Character Death', 'Graphic Depictions Of Violence']);
  assert.deepEqual(w.tags.category, ['Gen', 'F/F']);
  assert.deepEqual(w.tags.relationship, ['Keeper/Gull']);
  assert.deepEqual(w.tags.freeform, ['Slow Burn', 'Fluff']);
  assert.deepEqual(
    w.creators.map((c) => c.username),
    [u.username],
  );
  assert.deepEqual(
    w.chapters.map((c) => [c.position, c.title, c.wordCount]),
    [
      [1, '', 5],
      [2, 'Second', 6],
    ],
  );
  assert.equal(w.wordCount, 11);
  assert.equal(w.chapterCount, 2);
  assert.equal(w.expectedChapters, 3);
  assert.equal(w.posted, true);
  assert.match(w.publishedAt ?? '', /^\d{4}-\d\d-\d\dT/);
});

eachDialect(
  'free tags are created once and compare case- and space-insensitively; a name keeps one type',
  async ({ db }) => {
    const now = new Date().toISOString();
    const [a] = await findOrCreateTags(db, 'freeform', ['Slow  Burn'], now);
    const [b] = await findOrCreateTags(db, 'freeform', ['slow burn'], now);
    assert.equal(a, b);
    assert.equal((await findTagByName(db, 'SLOW BURN'))?.name, 'Slow  Burn');
    await assert.rejects(() => findOrCreateTags(db, 'fandom', ['Slow Burn'], now), TagTypeConflict);
    await assert.rejects(() => findOrCreateTags(db, 'character', ['Explicit'], now), TagTypeConflict);
  },
);

eachDialect(
  'chapter positions can be permuted, and deleting a work removes its chapters, tags and creators',
  async ({ db }) => {
    const u = await buildUser(db);
    const id = await buildWork(db, u, { moreChapters: [{ body: neutralProse(1) }, { body: neutralProse(2) }] });
    const chapters = await listChapters(db, id);
    await setChapterPositions(db, [chapters[2]!.id, chapters[0]!.id, chapters[1]!.id]);
    assert.deepEqual(
      (await listChapters(db, id)).map((c) => c.id),
      [chapters[2]!.id, chapters[0]!.id, chapters[1]!.id],
    );
    await db.transaction().execute((trx) => deleteWorkRow(trx, id));
    assert.equal(await findWorkRow(db, id), undefined);
    for (const table of ['chapters', 'work_tags', 'creatorships'] as const) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('work_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.n), 0, table);
    }
  },
);

eachDialect('text is stored exactly: unicode, long bodies and quotes survive a round trip', async ({ db }) => {
  const u = await buildUser(db);
  const body = `<p>“Quotes” — and 中文字 and emoji 🌊 and a backslash \\ and 'single'.</p>\n<p>${'word '.repeat(50_000).trim()}</p>`;
  const id = await buildWork(db, u, { body });
  const [c] = await listChapters(db, id);
  assert.equal(c?.body, body);
  // Quotes, and, 中, 文, 字, and, emoji, and, a, backslash, and, single = 12 words.
  assert.equal(c?.wordCount, 50_000 + 12);
});

eachDialect('login failures are counted per key inside a window', async ({ db }) => {
  const old = new Date(Date.now() - 3600_000).toISOString();
  await recordLoginFailure(db, ['ip:1.2.3.4'], old);
  await recordLoginFailure(db, ['ip:1.2.3.4', 'account:x'], new Date().toISOString());
  const since = new Date(Date.now() - 60_000).toISOString();
  assert.equal(await countLoginFailures(db, 'ip:1.2.3.4', since), 1);
  assert.equal(await countLoginFailures(db, 'account:x', since), 1);
});

eachDialect('settings keep their first value', async ({ db }) => {
  assert.equal(await ensureSetting(db, 'k', 'one'), 'one');
  assert.equal(await ensureSetting(db, 'k', 'two'), 'one');
  const r = await sql<{ v: number }>`select 1 as v`.execute(db);
  assert.equal(Number(r.rows[0]?.v), 1);
});
