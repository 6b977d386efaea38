/**
 * Two ways to put a CorpusSpec into a database:
 * - `loadCorpusViaServices`: through createAccount, postWork and wrangleTag, exactly as writers and
 *   wranglers would (argon2 for every account, so keep users few) — for small corpora in tests;
 * - `loadCorpusBulk`: multi-row inserts in transactions, then derived data (crossover flags, the
 *   full-text index) in batches — for benchmark corpora of 100,000 works.
 * For one spec, both must answer the works query identically (src/search/corpus-loaders.test.ts).
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../src/store/schema.js';
import { createAccount } from '../src/services/create-account.js';
import { postWork } from '../src/services/post-work.js';
import { wrangleTag } from '../src/services/wrangle-tag.js';
import { setWrangler } from '../src/store/user.store.js';
import { memberViewer, type Viewer } from '../src/policies/index.js';
import { tagKey } from '../src/domain/tags.js';
import { textToHtml } from '../src/domain/safe-html.js';
import { countWords } from '../src/domain/word-count.js';
import { sortKey } from '../src/search/work-index.js';
import { chapterBody, wranglingSteps, type CorpusSpec, type WorkSpec } from './corpus-spec.js';
import { buildSearchIndexBulk, refreshAllCrossovers } from './bulk-index.js';

export interface LoadedUser {
  id: number;
  username: string;
}

export interface LoadedCorpus {
  /** In the order of CorpusSpec.users. */
  users: LoadedUser[];
  wrangler: LoadedUser;
}

export const CORPUS_PASSWORD = 'quire-bench-password';
/** argon2id of CORPUS_PASSWORD, so bulk-loaded accounts can log in without hashing 5,000 times. */
const CORPUS_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$xn1Bg7XAI8JvSUCpbOz+PQ$/cOxLXFpxCv/rOvpbQHbhRDiSBHomIrVSAoqEk+DP6E';

export function viewerOf(u: LoadedUser, isWrangler = false): Viewer {
  return memberViewer({ id: u.id, username: u.username, isAdmin: false, isWrangler, viewAdult: false });
}

async function account(db: Kysely<DB>, username: string): Promise<LoadedUser> {
  const r = await createAccount(db, { username, email: `${username}@example.test`, password: CORPUS_PASSWORD, requireConsent: false });
  if (!r.ok) throw new Error(`createAccount ${username}: ${JSON.stringify(r.errors)}`);
  return { id: r.value.userId, username };
}

/** Loads a spec the way the archive's own users would: accounts, posting, then wrangling. */
export async function loadCorpusViaServices(db: Kysely<DB>, spec: CorpusSpec): Promise<LoadedCorpus> {
  const users: LoadedUser[] = [];
  for (const name of spec.users) users.push(await account(db, name));
  const wrangler = await account(db, spec.wrangler);
  await setWrangler(db, wrangler.id, true);
  for (const w of spec.works) {
    const author = users[w.author]!;
    const [first, ...more] = w.chapters.map((c) => ({ title: c.title, body: chapterBody(spec, w, c) }));
    const r = await postWork(db, viewerOf(author), {
      meta: {
        title: w.title,
        summary: w.summary,
        notes: w.notes,
        language: w.language,
        rating: w.rating,
        warnings: w.warnings,
        categories: w.categories,
        fandoms: w.fandoms,
        relationships: w.relationships,
        characters: w.characters,
        freeforms: w.freeforms,
        coCreators: w.coAuthors.map((i) => spec.users[i]!),
        restricted: w.restricted,
        expectedChapters: w.expectedChapters,
      },
      chapter: first!,
      moreChapters: more,
      draft: w.draft,
      publishedAt: w.publishedAt,
    });
    if (!r.ok) throw new Error(`postWork “${w.title}”: ${JSON.stringify(r.errors)}`);
  }
  const wv = viewerOf(wrangler, true);
  for (const step of wranglingSteps(spec)) {
    const r = await wrangleTag(db, wv, step.tag, step.action);
    if (!r.ok) throw new Error(`wrangleTag ${step.tag} ${JSON.stringify(step.action)}: ${JSON.stringify(r.errors)}`);
  }
  return { users, wrangler };
}

/**
 * What textToHtml makes of the generated plain text (paragraphs in <p>, joined by newlines),
 * without sanitize-html's cost; text holding anything HTML would escape takes the real path.
 */
export function corpusHtml(text: string): string {
  if (text === '') return '';
  const paragraphs = text.split('\n\n');
  const plain = !/[&<>"'\r]/.test(text) && paragraphs.every((p) => p !== '' && !p.includes('\n') && p === p.trim());
  return plain ? paragraphs.map((p) => `<p>${p}</p>`).join('\n') : textToHtml(text);
}

export interface BulkOptions {
  /** 'actual' (default): the real count of the stored text, as postWork computes it; 'nominal': the spec's long-tailed count. */
  wordCounts?: 'actual' | 'nominal';
  /** Works per transaction. */
  batchSize?: number;
  /**
   * Store the spec's hits, kudos, bookmarks and comments. No service writes these yet (readers would
   * accumulate them), so the services load has none and the equivalence test leaves this off.
   */
  engagement?: boolean;
}

export type Progress = (stage: string, done: number, total: number) => void;

// Below SQLite's 32,766 bound variables per statement (PostgreSQL allows 65,535).
const MAX_PARAMS = 30_000;

async function insertRows<T extends keyof DB>(db: Kysely<DB> | Transaction<DB>, table: T, rows: Array<Insertable<DB[T]>>): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + per))
      .execute();
  }
}

/** Loads a spec with multi-row inserts, then builds crossover flags and the full-text index. */
export async function loadCorpusBulk(db: Kysely<DB>, spec: CorpusSpec, onProgress?: Progress, opts: BulkOptions = {}): Promise<LoadedCorpus> {
  const batch = opts.batchSize ?? 500;
  const created = '2009-01-01T00:00:00.000Z';
  const names = [...spec.users, spec.wrangler];
  const userIds = new Map<string, number>();
  const pseudIds = new Map<number, number>(); // user id → default pseud id
  for (let i = 0; i < names.length; i += batch) {
    await db.transaction().execute(async (trx) => {
      const chunk = names.slice(i, i + batch);
      const rows = await trx
        .insertInto('users')
        .values(chunk.map((u) => ({ username: u, username_key: u.toLowerCase(), email: `${u}@example.test`, password_hash: CORPUS_PASSWORD_HASH, is_admin: 0, view_adult: 0, created_at: created, password_changed_at: created, is_wrangler: u === spec.wrangler ? 1 : 0 })))
        .returning(['id', 'username'])
        .execute();
      for (const r of rows) userIds.set(r.username, r.id);
      const pseuds = await trx
        .insertInto('pseuds')
        .values(chunk.map((u) => ({ user_id: userIds.get(u)!, name: u, name_key: u.toLowerCase(), is_default: 1, description: '', created_at: created })))
        .returning(['id', 'user_id'])
        .execute();
      for (const p of pseuds) pseudIds.set(p.user_id, p.id);
    });
    onProgress?.('users', Math.min(i + batch, names.length), names.length);
  }

  const tagIds = new Map<string, number>(); // tag key → id
  for (const t of await db.selectFrom('tags').select(['id', 'name_key']).execute()) tagIds.set(t.name_key, t.id);
  const id = (name: string): number => {
    const v = tagIds.get(tagKey(name));
    if (v === undefined) throw new Error(`bulk load: no tag ${name}`);
    return v;
  };
  for (let i = 0; i < spec.tags.length; i += batch) {
    const chunk = spec.tags.slice(i, i + batch);
    const rows = await db
      .insertInto('tags')
      .values(chunk.map((t) => ({ name: t.name, name_key: tagKey(t.name), type: t.type, canonical: t.canonical ? 1 : 0, merger_id: null, created_at: created })))
      .returning(['id', 'name_key'])
      .execute();
    for (const r of rows) tagIds.set(r.name_key, r.id);
    onProgress?.('tags', Math.min(i + batch, spec.tags.length), spec.tags.length);
  }
  await db.transaction().execute(async (trx) => {
    for (const t of spec.tags) if (t.synonymOf !== null) await trx.updateTable('tags').set({ merger_id: id(t.synonymOf) }).where('id', '=', id(t.name)).execute();
    await insertRows(trx, 'tag_meta', spec.tags.flatMap((t) => t.metas.map((m) => ({ meta_id: id(m), sub_id: id(t.name) }))));
    await insertRows(trx, 'tag_parents', spec.tags.flatMap((t) => t.parents.map((p) => ({ parent_id: id(p), child_id: id(t.name) }))));
  });

  const pseudOf = (userIndex: number) => pseudIds.get(userIds.get(spec.users[userIndex]!)!)!;
  for (let i = 0; i < spec.works.length; i += batch) {
    const chunk = spec.works.slice(i, i + batch);
    const bodies = chunk.map((w) => w.chapters.map((c) => corpusHtml(chapterBody(spec, w, c))));
    const counts = bodies.map((bs) => bs.map(countWords));
    await db.transaction().execute(async (trx) => {
      const rows = await trx
        .insertInto('works')
        .values(chunk.map((w, k) => ({ ...workRow(spec, w, counts[k]!, opts.wordCounts ?? 'actual'), ...(opts.engagement ? engagementRow(w) : {}) })))
        .returning(['id', 'title'])
        .execute();
      const workId = new Map(rows.map((r) => [r.title, r.id]));
      const tags: Array<Insertable<DB['work_tags']>> = [];
      const creators: Array<Insertable<DB['creatorships']>> = [];
      const chapters: Array<Insertable<DB['chapters']>> = [];
      for (const [k, w] of chunk.entries()) {
        const wid = workId.get(w.title)!;
        const ids = [...new Set([w.rating, ...w.warnings, ...w.categories, ...w.fandoms, ...w.relationships, ...w.characters, ...w.freeforms].map(id))];
        ids.forEach((tag_id, position) => tags.push({ work_id: wid, tag_id, position }));
        [...new Set([w.author, ...w.coAuthors].map(pseudOf))].forEach((pseud_id, position) => creators.push({ work_id: wid, pseud_id, position }));
        w.chapters.forEach((c, p) =>
          chapters.push({ work_id: wid, position: p + 1, title: c.title, summary: '', notes: '', end_notes: '', body: bodies[k]![p]!, word_count: counts[k]![p]!, created_at: w.publishedAt, updated_at: w.publishedAt }),
        );
      }
      await insertRows(trx, 'work_tags', tags);
      await insertRows(trx, 'creatorships', creators);
      await insertRows(trx, 'chapters', chapters);
    });
    onProgress?.('works', Math.min(i + batch, spec.works.length), spec.works.length);
  }

  await refreshAllCrossovers(db);
  onProgress?.('crossovers', 1, 1);
  await buildSearchIndexBulk(db, (done, total) => onProgress?.('search index', done, total));
  const user = (name: string): LoadedUser => ({ id: userIds.get(name)!, username: name });
  return { users: spec.users.map(user), wrangler: user(spec.wrangler) };
}

function workRow(spec: CorpusSpec, w: WorkSpec, counts: number[], mode: 'actual' | 'nominal') {
  return {
    title: w.title,
    summary: corpusHtml(w.summary),
    notes: corpusHtml(w.notes),
    end_notes: '',
    language: w.language,
    restricted: w.restricted ? 1 : 0,
    expected_chapters: w.expectedChapters,
    posted: w.draft ? 0 : 1,
    published_at: w.draft ? null : w.publishedAt,
    updated_at: w.publishedAt,
    created_at: w.publishedAt,
    word_count: mode === 'nominal' ? w.nominalWords : counts.reduce((a, b) => a + b, 0),
    chapter_count: w.chapters.length,
    import_key: null,
    sort_title: sortKey(w.title),
    sort_creator: spec.users[w.author]!.toLowerCase(),
  };
}

function engagementRow(w: WorkSpec) {
  return { hits_count: w.hits, kudos_count: w.kudos, bookmarks_count: w.bookmarks, comments_count: w.comments };
}
