/**
 * Two ways to put a CorpusSpec into a database:
 * - `loadCorpusViaServices`: through createAccount, postWork and wrangleTag, exactly as writers and
 *   wranglers would (argon2 for every account, so keep users few) — for small corpora in tests;
 * - `loadCorpusBulk`: accounts and the wrangled tag graph inserted directly (the corpus's setup),
 *   then every work through bulkPostWorks (src/services/bulk-post-works.ts), the archive's bulk
 *   posting path — for benchmark corpora of 100,000 works and more.
 * For one spec, both must answer the works query identically (src/search/corpus-loaders.test.ts).
 */
import { sql, type Kysely } from 'kysely';
import { insertRows, insertRowsReturningIds } from '../src/store/bulk-insert.js';
import type { DB } from '../src/store/schema.js';
import { createAccount } from '../src/services/create-account.js';
import { postWork, type PostWorkInput } from '../src/services/post-work.js';
import { bulkPostWorks } from '../src/services/bulk-post-works.js';
import { isPostgres } from '../src/store/dialect.js';
import { wrangleTag } from '../src/services/wrangle-tag.js';
import { setWrangler } from '../src/store/user.store.js';
import { memberViewer, type Viewer } from '../src/policies/index.js';
import { tagKey } from '../src/domain/tags.js';
import { loadInteractions } from './corpus-interactions.js';
import { chapterBody, wranglingSteps, type CorpusSpec, type WorkSpec } from './corpus-spec.js';

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
export const CORPUS_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$xn1Bg7XAI8JvSUCpbOz+PQ$/cOxLXFpxCv/rOvpbQHbhRDiSBHomIrVSAoqEk+DP6E';

export function viewerOf(u: LoadedUser, isWrangler = false): Viewer {
  return memberViewer({ id: u.id, username: u.username, isAdmin: false, isWrangler, viewAdult: false });
}

async function account(db: Kysely<DB>, username: string): Promise<LoadedUser> {
  const r = await createAccount(db, {
    username,
    email: `${username}@example.test`,
    password: CORPUS_PASSWORD,
    requireConsent: false,
  });
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
    const r = await postWork(db, viewerOf(users[w.author]!), postInput(spec, w));
    if (!r.ok) throw new Error(`postWork “${w.title}”: ${JSON.stringify(r.errors)}`);
  }
  const wv = viewerOf(wrangler, true);
  for (const step of wranglingSteps(spec)) {
    const r = await wrangleTag(db, wv, step.tag, step.action);
    if (!r.ok) throw new Error(`wrangleTag ${step.tag} ${JSON.stringify(step.action)}: ${JSON.stringify(r.errors)}`);
  }
  return { users, wrangler };
}

/** What a writer of this work would submit: the same input for postWork and bulkPostWorks. */
export function postInput(spec: CorpusSpec, w: WorkSpec): PostWorkInput {
  const [first, ...more] = w.chapters.map((c) => ({ title: c.title, body: chapterBody(spec, w, c) }));
  return {
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
  };
}

export interface BulkOptions {
  /** 'actual' (default): the real count of the stored text, as postWork computes it; 'nominal': the spec's long-tailed count. */
  wordCounts?: 'actual' | 'nominal';
  /** Works per transaction. */
  batchSize?: number;
  /**
   * Store the spec's hits, kudos, bookmarks and comments: the counts, and a `kudos` and a `comments`
   * row for each kudos and comment (bench/corpus-interactions.ts). The services load has none, and
   * the equivalence test leaves this off.
   */
  engagement?: boolean;
  /**
   * The works' inputs, made beforehand, in the spec's order: the load then times the loader alone,
   * not the generator writing each work's text as the load asks for it (a tenth of a 5,000-work
   * batch's time). Only for batches small enough to hold in memory.
   */
  inputs?: readonly PostWorkInput[];
}

export type Progress = (stage: string, done: number, total: number) => void;

/** Loads a spec: accounts and the wrangled tags directly, then the works through bulkPostWorks. */
export async function loadCorpusBulk(
  db: Kysely<DB>,
  spec: CorpusSpec,
  onProgress?: Progress,
  opts: BulkOptions = {},
): Promise<LoadedCorpus> {
  const batch = opts.batchSize ?? 1000;
  const created = '2009-01-01T00:00:00.000Z';
  const names = [...spec.users, spec.wrangler];
  const userIds = new Map<string, number>();
  for (let i = 0; i < names.length; i += batch) {
    await db.transaction().execute(async (trx) => {
      const chunk = names.slice(i, i + batch);
      const rows = await trx
        .insertInto('users')
        .values(
          chunk.map((u) => ({
            username: u,
            username_key: u.toLowerCase(),
            email: `${u}@example.test`,
            password_hash: CORPUS_PASSWORD_HASH,
            is_admin: 0,
            view_adult: 0,
            created_at: created,
            password_changed_at: created,
            is_wrangler: u === spec.wrangler ? 1 : 0,
          })),
        )
        .returning(['id', 'username'])
        .execute();
      for (const r of rows) userIds.set(r.username, r.id);
      await trx
        .insertInto('pseuds')
        .values(
          chunk.map((u) => ({
            user_id: userIds.get(u)!,
            name: u,
            name_key: u.toLowerCase(),
            is_default: 1,
            description: '',
            created_at: created,
          })),
        )
        .execute();
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
  // The wrangled tag graph (canonicals, synonyms, meta/sub, fandom parents) is the corpus's setup:
  // the works then find their tags by name, as they would after wranglers had done this work.
  await db.transaction().execute(async (trx) => {
    const rows = spec.tags.map((t) => ({
      name: t.name,
      name_key: tagKey(t.name),
      type: t.type,
      canonical: t.canonical ? 1 : 0,
      merger_id: null,
      created_at: created,
    }));
    const ids = await insertRowsReturningIds(trx, 'tags', rows);
    for (const [k, r] of rows.entries()) tagIds.set(r.name_key, ids[k]!);
    await setTagMergers(
      trx,
      spec.tags.flatMap((t) => (t.synonymOf === null ? [] : [[id(t.name), id(t.synonymOf)] as const])),
    );
    await insertRows(
      trx,
      'tag_meta',
      spec.tags.flatMap((t) => t.metas.map((m) => ({ meta_id: id(m), sub_id: id(t.name) }))),
    );
    await insertRows(
      trx,
      'tag_parents',
      spec.tags.flatMap((t) => t.parents.map((p) => ({ parent_id: id(p), child_id: id(t.name) }))),
    );
  });
  onProgress?.('tags', spec.tags.length, spec.tags.length);

  const viewers = spec.users.map((u) => viewerOf({ id: userIds.get(u)!, username: u }));
  // A generator, so that only the batch being written holds its text.
  function* items() {
    for (let k = 0; k < spec.works.length; k++) {
      const w = spec.works[k]!;
      yield { viewer: viewers[w.author]!, input: opts.inputs?.[k] ?? postInput(spec, w) };
    }
  }
  const results = await bulkPostWorks(db, items(), {
    batchSize: batch,
    onProgress: (done) => onProgress?.('works', done, spec.works.length),
  });
  const ids = results.map((r, k) => {
    if (!r.ok) throw new Error(`bulkPostWorks “${spec.works[k]!.title}”: ${JSON.stringify(r.errors)}`);
    return r.value.workId;
  });
  await setCorpusCounts(db, spec.works, ids, opts);
  if (opts.engagement) {
    const pseuds = new Map<number, number>();
    for (const p of await db.selectFrom('pseuds').select(['id', 'user_id']).where('is_default', '=', 1).execute())
      pseuds.set(p.user_id, p.id);
    const accounts = spec.users.map((u) => userIds.get(u)!);
    await loadInteractions(
      db,
      spec,
      { workIds: ids, userIds: accounts, pseudIds: accounts.map((u) => pseuds.get(u)!) },
      onProgress,
    );
  }
  const user = (name: string): LoadedUser => ({ id: userIds.get(name)!, username: name });
  return { users: spec.users.map(user), wrangler: user(spec.wrangler) };
}

/** Makes tags synonyms of canonicals: (tag id, canonical id) pairs, a few thousand per statement. */
async function setTagMergers(db: Kysely<DB>, pairs: ReadonlyArray<readonly [number, number]>): Promise<void> {
  for (let i = 0; i < pairs.length; i += 10_000) {
    const part = pairs.slice(i, i + 10_000);
    if (isPostgres(db)) {
      await sql`update tags set merger_id = v.m from unnest(${part.map((p) => p[0])}::int[], ${part.map((p) => p[1])}::int[]) as v(id, m) where tags.id = v.id`.execute(
        db,
      );
    } else {
      await sql`with v(id, m) as (values ${sql.join(part.map(([t, m]) => sql`(${t}, ${m})`))}) update tags set merger_id = v.m from v where tags.id = v.id`.execute(
        db,
      );
    }
  }
}

/**
 * The corpus's own numbers no service writes: the spec's long-tailed word counts ('nominal') and its
 * reader engagement, one statement per few thousand works.
 */
async function setCorpusCounts(db: Kysely<DB>, works: WorkSpec[], ids: number[], opts: BulkOptions): Promise<void> {
  const cols: Array<[string, (w: WorkSpec) => number]> = [];
  if (opts.wordCounts === 'nominal') cols.push(['word_count', (w) => w.nominalWords]);
  if (opts.engagement)
    cols.push(
      ['hits_count', (w) => w.hits],
      ['kudos_count', (w) => w.kudos],
      ['bookmarks_count', (w) => w.bookmarks],
      ['comments_count', (w) => w.comments],
    );
  if (cols.length === 0) return;
  const set = sql.join(cols.map(([c]) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
  const names = sql.join([sql.ref('id'), ...cols.map(([c]) => sql.ref(c))]);
  const per = Math.floor(30_000 / (cols.length + 1));
  for (let i = 0; i < works.length; i += per) {
    const part = works.slice(i, i + per);
    const partIds = ids.slice(i, i + per);
    if (isPostgres(db)) {
      const arrays = sql.join([sql`${partIds}::int[]`, ...cols.map(([, f]) => sql`${part.map(f)}::int[]`)]);
      await sql`update works set ${set} from unnest(${arrays}) as v(${names}) where works.id = v.id`.execute(db);
    } else {
      const rows = sql.join(part.map((w, k) => sql`(${sql.join([partIds[k]!, ...cols.map(([, f]) => f(w))])})`));
      await sql`with v(${names}) as (values ${rows}) update works set ${set} from v where works.id = v.id`.execute(db);
    }
  }
}
