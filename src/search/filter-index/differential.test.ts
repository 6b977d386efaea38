/**
 * Differential test of the filter index: on a generated corpus (bench's generator and bulk loader),
 * every random query must get exactly the SQL's answer from the index — same total, same ids in the
 * same order on the page, same count hidden by the blocklist — for a guest, a member, and a member
 * with a blocklist (a canonical tag, wildcards, a synonym) and a muted writer; then again after each
 * of many random edits through the services (posting, editing tags, chapters, deleting, restricting,
 * wrangling), which the index learns only from the change log. Every sixth answer's facet counts too.
 */
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { eachDialect } from '../../../test/db.js';
import { guestViewer, type Viewer } from '../../policies/index.js';
import { blockTag, muteUser } from '../../services/blocklist.js';
import { prepareQuery, queryWorks, PAGE_SIZE, MAX_PAGE, type WorksQuery } from '../works-query.js';
import { workFacets } from '../work-facets.js';
import { SORTS } from '../works-filter.js';
import { generateCorpus, loadCorpusBulk, viewerOf, mulberry32, type CorpusSpec } from '../../../bench/corpus.js';
import { randomQueries, tagPools } from '../../../bench/corpus-queries.js';
import { FilterIndex } from './filter-index.js';
import { randomEdit, type EditContext, type Rng } from '../../../test/random-edits.js';
import { createSearchState, type SearchState } from '../search-state.js';

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

interface Stats {
  byIndex: number;
  bySql: number;
  nonEmpty: number;
  hidden: number;
  facets: number;
}

/** Asks both; returns whether the index answered. */
async function compare(
  search: SearchState,
  index: FilterIndex,
  viewer: () => Viewer,
  q: WorksQuery,
  label: string,
  stats: Stats,
): Promise<void> {
  const pageSize = Math.min(Math.max(q.pageSize ?? PAGE_SIZE, 1), 100);
  const page = Math.min(Math.max(Math.trunc(q.page ?? 1), 1), MAX_PAGE);
  const { db } = search;
  const sql = await queryWorks(search, viewer(), q);
  const prepared = await prepareQuery(search, viewer(), q);
  if (!prepared.ok) return;
  const got = await index.answer(prepared.scope, prepared.resolved, { offset: (page - 1) * pageSize, limit: pageSize });
  if (prepared.resolved.search) {
    assert.equal(got, undefined, `${label}: full-text searches stay on SQL`);
    stats.bySql++;
    return;
  }
  assert.ok(got, `${label}: the index should answer ${JSON.stringify(q)}`);
  const want = { total: sql.total, ids: sql.works.map((w) => w.id), hiddenByBlocklist: sql.hiddenByBlocklist };
  assert.deepEqual(got, want, `${label}: ${JSON.stringify(q)}`);
  stats.byIndex++;
  if (stats.byIndex % 6 === 0) {
    // Facets: the SQL's sidebar (500 per type, so no type cuts the list) against the index's counts.
    const facets = await index.facets(prepared.scope, prepared.resolved, 500);
    assert.ok(facets);
    const tags = new Map(
      (
        await db
          .selectFrom('tags')
          .select(['id', 'name', 'type'])
          .where('id', 'in', [0, ...facets.map((f) => f.tagId)])
          .execute()
      ).map((t) => [t.id, t]),
    );
    const byType: Record<string, Array<{ name: string; count: number }>> = {};
    for (const f of facets) {
      const t = tags.get(f.tagId);
      if (t) (byType[t.type] ??= []).push({ name: t.name, count: f.count });
    }
    assert.deepEqual(byType, await workFacets(search, viewer(), q, 500), `${label}, facets: ${JSON.stringify(q)}`);
    stats.facets++;
  }
  if (want.total > 0) stats.nonEmpty++;
  if (want.hiddenByBlocklist > 0) stats.hidden++;
}

interface Context {
  tagIds: number[];
  pseudIds: number[];
  userIds: number[];
  seriesIds: number[];
}

async function contextIds(db: Kysely<DB>): Promise<Context> {
  const ids = async (table: 'tags' | 'pseuds' | 'users' | 'series') =>
    (await db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id);
  return {
    tagIds: await ids('tags'),
    pseudIds: await ids('pseuds'),
    userIds: await ids('users'),
    seriesIds: await ids('series'),
  };
}

/** bench's random filters, plus the page contexts (tag, pseud, user, series), every sort, deep pages and page sizes. */
function withContext(rng: Rng, base: WorksQuery, ctx: Context): WorksQuery {
  const q: WorksQuery = { ...base };
  if (q.q && rng() < 0.7) delete q.q;
  const roll = rng();
  if (roll < 0.1 && ctx.tagIds.length) q.tagId = pick(rng, ctx.tagIds);
  else if (roll < 0.18 && ctx.pseudIds.length) q.pseudId = pick(rng, ctx.pseudIds);
  else if (roll < 0.26 && ctx.userIds.length) q.userId = pick(rng, ctx.userIds);
  else if (roll < 0.34 && ctx.seriesIds.length) q.seriesId = pick(rng, ctx.seriesIds);
  if (rng() < 0.5) q.sort = pick(rng, SORTS);
  else if (q.seriesId !== undefined || rng() < 0.2) delete q.sort;
  const r = rng();
  if (r < 0.15) q.pageSize = pick(rng, [1, 3, 7, 100]);
  if (r > 0.8) q.page = pick(rng, [2, 3, 10, 40, 200, 5000]);
  return q;
}

async function setUpBlocklist(db: Kysely<DB>, spec: CorpusSpec, member: Viewer, muted: string): Promise<void> {
  const pools = tagPools(spec);
  const character = pools.canonical.find((n) => spec.tags.find((t) => t.name === n)?.type === 'character');
  const synonym = pools.synonyms.find((n) => spec.tags.find((t) => t.name === n)?.type === 'freeform');
  for (const pattern of ['Hurt/Comfort', '*Angst*', '*fluff', 'Q*et_*', character!, synonym!])
    assert.ok((await blockTag(db, member, pattern)).ok, pattern);
  assert.ok((await muteUser(db, member, muted)).ok);
}

eachDialect(
  'filter index: exactly the SQL answers on a generated corpus, before and through random edits',
  async ({ db, dialect }) => {
    const sqlite = dialect === 'sqlite';
    const spec = generateCorpus({ seed: 11, works: sqlite ? 10_000 : 1_500, users: sqlite ? 200 : 40 });
    const loaded = await loadCorpusBulk(db, spec);
    // The generator leaves engagement counts at zero in a plain bulk load; vary them so the count sorts matter.
    await db
      .updateTable('works')
      .set((eb) => ({
        kudos_count: eb(eb('id', '*', 7919), '%', 97),
        hits_count: eb(eb('id', '*', 104729), '%', 1009),
        bookmarks_count: eb('id', '%', 13),
        comments_count: eb('id', '%', 7),
      }))
      .execute();
    const [guest, member, blocked] = [guestViewer, () => viewerOf(loaded.users[1]!), () => viewerOf(loaded.users[2]!)];
    await setUpBlocklist(db, spec, blocked(), loaded.users[3]!.username);

    const index = new FilterIndex(db);
    assert.ok(await index.build(), 'the index builds');
    // queryWorks is given no index: it answers from SQL, the reference.
    const sqlOnly = createSearchState(db);
    const rng = mulberry32(5);
    const stats: Stats = { byIndex: 0, bySql: 0, nonEmpty: 0, hidden: 0, facets: 0 };
    const viewers: Array<[string, () => Viewer, boolean]> = [
      ['guest', guest, false],
      ['member', member, false],
      ['member with blocklist', blocked, false],
      ['member with blocklist, shown once', blocked, true],
    ];
    const ask = async (q: WorksQuery, label: string) => {
      const [who, viewer, show] = pick(rng, viewers);
      await compare(sqlOnly, index, viewer, show ? { ...q, showBlocked: true } : q, `${label} as ${who}`, stats);
    };

    let ctx = await contextIds(db);
    const base = randomQueries(spec, 9, 900);
    for (let i = 0; i < 420; i++) await ask(withContext(rng, base[i]!, ctx), `query #${i}`);
    // Filters that keep the works an order lists last, and ranges on the order's own key: the walk's
    // window and its budget in evaluate.ts.
    const updatedAt = async (frac: number) => {
      const row = await db
        .selectFrom('works')
        .select('updated_at')
        .where('posted', '=', 1)
        .orderBy('updated_at')
        .offset(Math.floor(spec.works.length * frac))
        .limit(1)
        .executeTakeFirstOrThrow();
      return String(row.updated_at).slice(0, 10);
    };
    const [early, late] = [await updatedAt(0.3), await updatedAt(0.7)];
    for (const q of [
      { updatedTo: early, sort: 'published' },
      { updatedTo: early, sort: 'published', page: 4 },
      { updatedTo: early, sort: 'updated', page: 2 },
      { updatedFrom: early, updatedTo: late, sort: 'updated' },
      { updatedFrom: early, updatedTo: late },
      { updatedFrom: late, sort: 'kudos', page: 3 },
      { wordsFrom: 1000, wordsTo: 5000, sort: 'words' },
      { wordsFrom: 1000, wordsTo: 5000, sort: 'words', page: 5 },
      { wordsTo: 800, sort: 'words', pageSize: 100 },
    ] satisfies WorksQuery[])
      for (const [who, viewer] of viewers)
        await compare(sqlOnly, index, viewer, q, `correlated ${JSON.stringify(q)} as ${who}`, stats);

    const pools = tagPools(spec);
    const typed = (type: string) =>
      pools.canonical.concat(pools.unwrangled).filter((n) => spec.tags.find((t) => t.name === n)?.type === type);
    const edits: EditContext = {
      db,
      rng,
      writers: loaded.users.slice(0, 12),
      wrangler: loaded.wrangler,
      pools: {
        fandom: typed('fandom').slice(0, 40),
        relationship: typed('relationship').slice(0, 40),
        character: typed('character').slice(0, 60),
        freeform: typed('freeform').slice(0, 80),
      },
    };
    const popular = pools.canonical.slice(0, 4);
    const done: string[] = [];
    for (let e = 0; e < (sqlite ? 70 : 45); e++) {
      done.push(await randomEdit(edits));
      if (e % 10 === 0) ctx = await contextIds(db);
      const label = `after edits [${done.slice(-3).join(' | ')}]`;
      for (let k = 0; k < 3; k++) await ask(withContext(rng, base[420 + e * 3 + k]!, ctx), `${label} query`);
      // The editing writers' own listings hold most edited works: check one whole, in some order.
      const writer = pick(rng, edits.writers);
      await ask({ userId: writer.id, sort: pick(rng, SORTS), pageSize: 100 }, `${label} writer listing`);
      // The most used tags, included and excluded, every time: their unions (tag-unions.ts) must follow each edit.
      await ask({ include: [popular[e % popular.length]!] }, `${label} popular tag`);
      await ask({ exclude: popular, sort: 'kudos' }, `${label} popular tags excluded`);
    }

    assert.ok(stats.byIndex >= 400, `the index answered only ${stats.byIndex} queries`);
    assert.ok(
      stats.nonEmpty >= stats.byIndex / 2,
      `only ${stats.nonEmpty} of ${stats.byIndex} answers listed works: the test would pass vacuously`,
    );
    assert.ok(stats.facets >= 60, `facets compared only ${stats.facets} times`);
    assert.ok(stats.hidden >= 20, `the blocklist hid works in only ${stats.hidden} answers`);
    assert.ok(
      done.filter((d) => d.startsWith('wrangle') && d.endsWith('ok')).length >= 3,
      `too few wrangling changes: ${done.join('\n')}`,
    );
    if (sqlite)
      assert.ok(
        (index.peek()?.unions.count ?? 0) > 1,
        'no tag set was large enough for a union: that path went untested',
      );
    assert.ok(await index.verify(), 'after all edits the checksum still agrees');
  },
);
