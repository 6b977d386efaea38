import type { Kysely } from 'kysely';
import type { DB } from '../src/store/schema.js';
import type { WorkMetaInput } from '../src/domain/work-input.js';
import { editWork } from '../src/services/edit-work.js';
import { wrangleTag, type WrangleAction } from '../src/services/wrangle-tag.js';
import { buildUser, buildWork, toolWrites, type TestUser } from './factories.js';
import { postComment } from '../src/services/comments.js';
import { bookmarkWork } from '../src/services/bookmarks.js';
import { addVisits, setMarkedForLater } from '../src/store/reading.store.js';
import { loadWork } from '../src/store/work.store.js';
import type { Viewer } from '../src/policies/index.js';
import { createSearchState } from '../src/search/search-state.js';
import { subscribe } from '../src/services/subscriptions.js';
import { FAN_OUT_JOB, fanOutHandler } from '../src/services/fan-out.js';
import { listSubscriptionsOfUser } from '../src/store/subscription.store.js';
import { setCommentHiddenBy, setWorkHiddenBy } from '../src/services/moderation.js';

/**
 * The archive the leak test walks: one work for each way a work can be kept from a reader, each
 * with words of its own in every place text can show (title, a tag used only on it, body, notes,
 * end notes, a chapter title), so a page that shows any of it is caught.
 */
export const WORK_KEYS = [
  'open',
  'explicit',
  'violent',
  'canon',
  'synonym',
  'subtag',
  'muted',
  'restricted',
  'draft',
  'later',
  'moderated',
] as const;
export type WorkKey = (typeof WORK_KEYS)[number];

export interface LeakWork {
  key: WorkKey;
  id: number;
  title: string;
  /** A freeform tag on this work alone. */
  tag: string;
  /** Words of the work's text, notes and second chapter's title: never shown while it is gated or hidden. */
  textMarks: string[];
  meta: WorkMetaInput;
  by: TestUser;
  /** A comment on it carrying `zqcomment<key>` (0 for the draft: drafts take no comments). */
  commentId: number;
}

export interface LeakFixture {
  writer: TestUser;
  mutedWriter: TestUser;
  wrangler: TestUser;
  works: Record<WorkKey, LeakWork>;
  seriesId: number;
  /** Every work carries it; its counts are checked on every surface that counts. */
  shared: string;
  fandom: string;
  /** A word in every work's text next to its own words: a search for it makes a snippet of each. */
  searchWord: string;
  /**
   * Words no viewer the walk takes may see anywhere: a comment on the open work a moderator hid
   * (a reply under it keeps its placeholder in the thread).
   */
  neverShown: string[];
  moderator: TestUser;
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** What each work carries beyond the shared defaults. */
const SPECS: Record<WorkKey, { meta?: Partial<WorkMetaInput>; muted?: boolean; draft?: boolean }> = {
  open: {},
  explicit: { meta: { rating: 'Explicit' } },
  violent: { meta: { warnings: ['Graphic Depictions Of Violence'] } },
  canon: { meta: { freeforms: ['Implied Non-Con'] } },
  synonym: { meta: { freeforms: ['Noncon'] } },
  subtag: { meta: { freeforms: ['Unclear Consent'] } },
  muted: { muted: true },
  restricted: { meta: { restricted: true } },
  draft: { draft: true },
  later: {},
  moderated: {},
};

export async function buildLeakFixture(db: Kysely<DB>): Promise<LeakFixture> {
  const writer = await buildUser(db, { username: `leak_writer_${process.pid}` });
  const mutedWriter = await buildUser(db, { username: `leak_muted_${process.pid}` });
  const wrangler = await buildUser(db, { isWrangler: true });
  const shared = 'Leak Shared';
  const fandom = 'Leak Fandom';
  const searchWord = 'lighthouse';
  const works = {} as Record<WorkKey, LeakWork>;
  for (const key of WORK_KEYS) {
    const spec = SPECS[key];
    const by = spec.muted ? mutedWriter : writer;
    const title = `Leakcheck ${cap(key)}`;
    const tag = `Leaktag ${cap(key)}`;
    const marks = [
      `zqbody${key}`,
      `zqnote${key}`,
      `zqend${key}`,
      `zqchap${key}`,
      `zqsecond${key}`,
      `zqcomment${key}`,
      `zqbookmark${key}`,
    ];
    const meta: WorkMetaInput = {
      title,
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: [fandom],
      summary: 'Gulls, a lamp, a long afternoon.',
      notes: `A note: ${marks[1]} before the text.`,
      endNotes: `An end note: ${marks[2]} after the text.`,
      series:
        key === 'open' || key === 'canon' || key === 'restricted' || key === 'explicit' || key === 'moderated'
          ? ['Leakseries Harbour']
          : [],
      ...spec.meta,
      freeforms: [shared, tag, ...(spec.meta?.freeforms ?? [])],
    };
    const id = await buildWork(db, by, {
      meta,
      body: `The ${searchWord} ${marks[0]} keeper counted the gulls on the rail. Nothing else happened, and that was fine.`,
      moreChapters: [
        {
          title: `Chapter ${marks[3]}`,
          body: `Morning ${marks[4]} came grey and calm over the water, and the keeper slept.`,
        },
      ],
      draft: spec.draft === true,
    });
    works[key] = { key, id, title, tag, textMarks: marks, meta, by, commentId: 0 };
  }
  // A comment on every posted work, by a member who is no one's blocked or muted creator.
  for (const key of WORK_KEYS) {
    const w = works[key];
    if (key === 'draft') continue;
    w.commentId = await commentOn(db, wrangler, w.id, `A reader's note: ${commentMark(key)} on the gulls.`);
    await bookmarkAs(db, wrangler, w.id, `A bookmark: zqbookmark${key}, a calm one.`);
  }
  // A bookmark by the muted writer on an open work: whoever muted them sees it nowhere.
  await bookmarkAs(db, mutedWriter, works.open.id, 'Kept for later: zqbookmarkbymuted.');
  works.muted.textMarks.push('zqbookmarkbymuted');
  // Wrangled as AO3's wranglers would: "Noncon" a synonym of the canonical "Implied Non-Con",
  // "Unclear Consent" a canonical sub tag of it.
  const w = wrangler.viewer();
  for (const [name, action] of [
    ['Implied Non-Con', { kind: 'canonical', canonical: true }],
    ['Unclear Consent', { kind: 'canonical', canonical: true }],
    ['Noncon', { kind: 'synonym', of: 'Implied Non-Con' }],
    ['Unclear Consent', { kind: 'add-meta', meta: 'Implied Non-Con' }],
    [shared, { kind: 'canonical', canonical: true }],
    [fandom, { kind: 'canonical', canonical: true }],
  ] as const) {
    const r = await wrangleTag(db, w, name, action);
    if (!r.ok) throw new Error(`wrangling ${name}: ${JSON.stringify(r.errors)}`);
  }
  // A moderator hides a work (after it was commented on, bookmarked and followed) and a comment.
  const moderator = await buildUser(db, { isModerator: true });
  const commenter = await buildUser(db);
  const hiddenComment = await commentOn(db, commenter, works.open.id, 'A rude aside: zqhiddencomment, struck out.');
  await commentOn(db, wrangler, works.open.id, 'A calm answer under it.', hiddenComment);
  const site = { siteName: 'Leak Archive', publicUrl: 'http://quire.test' };
  const hidWork = await setWorkHiddenBy(db, moderator.viewer(), works.moderated.id, 'Spam.', { site });
  const hidComment = await setCommentHiddenBy(db, moderator.viewer(), hiddenComment, 'Rude.', { site });
  if (!hidWork.ok || !hidComment.ok) throw new Error('hiding the moderated work and comment');
  const seriesRow = await db
    .selectFrom('series')
    .select('id')
    .where('title', '=', 'Leakseries Harbour')
    .executeTakeFirstOrThrow();
  return {
    writer,
    mutedWriter,
    wrangler,
    works,
    seriesId: seriesRow.id,
    shared,
    fandom,
    searchWord,
    neverShown: ['zqhiddencomment'],
    moderator,
  };
}

export const commentMark = (key: WorkKey) => `zqcomment${key}`;

/** Posts a comment (or, with `parentId`, a reply) through the service, as a member. */
export async function commentOn(db: Kysely<DB>, by: TestUser, workId: number, body: string, parentId?: number) {
  const r = await postComment(
    db,
    by.viewer(),
    parentId ? { parentId } : { workId, chapterId: null },
    { body },
    toolWrites(db),
  );
  if (!r.ok) throw new Error(`commenting on ${workId}: ${JSON.stringify(r.errors)}`);
  return r.value.id;
}

/** Bookmarks a work through the service, as a member, with these notes and a tag. */
async function bookmarkAs(db: Kysely<DB>, by: TestUser, workId: number, notes: string): Promise<void> {
  const r = await bookmarkWork(db, by.viewer(), workId, { notes, tags: 'Leak Bookmark Tag' });
  if (!r.ok) throw new Error(`bookmarking ${workId}: ${JSON.stringify(r.errors)}`);
}

/** The writer edits a posted work (members-only, a new rating): a change readers must see at once. */
export async function changeWork(db: Kysely<DB>, w: LeakWork, change: Partial<WorkMetaInput>): Promise<void> {
  const r = await editWork(db, w.by.viewer(), w.id, { meta: { ...w.meta, ...change } });
  if (!r.ok) throw new Error(`editing ${w.key}: ${JSON.stringify(r.errors)}`);
}

/** A wrangler changes a tag of the fixture. */
export async function wrangleAs(db: Kysely<DB>, fx: LeakFixture, tag: string, action: WrangleAction): Promise<void> {
  const r = await wrangleTag(db, fx.wrangler.viewer(), tag, action);
  if (!r.ok) throw new Error(`wrangling ${tag}: ${JSON.stringify(r.errors)}`);
}

/**
 * A member who read every work of the fixture, the draft included (as if it had been readable), and
 * marked each for later: their history and Marked for Later must still show only what they may see.
 */
export async function readEveryWork(db: Kysely<DB>, fx: LeakFixture, userId: number): Promise<void> {
  const at = new Date().toISOString();
  for (const key of WORK_KEYS) {
    const work = (await loadWork(db, fx.works[key].id))!;
    // Seen when the work had one chapter fewer: every blurb of it carries a "new chapter" badge.
    const chapter = work.chapters[0]!;
    await addVisits(db, [{ userId, workId: work.id, chapterId: chapter.id, chaptersSeen: 1, visits: 1, at }]);
    await setMarkedForLater(db, userId, work.id, true, work.chapterCount, at);
  }
}

/**
 * A member who follows every posted work, both writers and the series, and got a notification of
 * each work and of its second chapter (through the fan-out job's handler): what their inbox, its
 * count, their subscriptions page and each subscription's feed show must still follow their filters.
 */
export async function followEveryWork(db: Kysely<DB>, fx: LeakFixture, viewer: Viewer): Promise<string[]> {
  const search = createSearchState(db);
  const follow = async (kind: string, id: number) => {
    const r = await subscribe(search, viewer, kind, id);
    if (!r.ok) throw new Error(`subscribing to ${kind} ${id}: ${JSON.stringify(r.errors)}`);
  };
  for (const key of WORK_KEYS) if (key !== 'draft' && key !== 'moderated') await follow('work', fx.works[key].id);
  await follow('user', fx.writer.id);
  await follow('user', fx.mutedWriter.id);
  await follow('series', fx.seriesId);
  const notify = fanOutHandler(search);
  for (const key of WORK_KEYS) {
    const work = (await loadWork(db, fx.works[key].id))!;
    for (const event of [
      { kind: 'work', workId: work.id, chapterId: work.chapters[0]!.id },
      { kind: 'chapter', workId: work.id, chapterId: work.chapters[1]!.id },
    ])
      await notify(event, { id: 0, kind: FAN_OUT_JOB, payload: event, attempts: 1, maxAttempts: 1 });
  }
  return (await listSubscriptionsOfUser(db, viewer.user!.id, 100)).map((s) => s.feedToken);
}
