import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { eachDialect } from '../../../test/db.js';
import { buildUser, buildWork, toolWrites } from '../../../test/factories.js';
import { leaveKudos } from '../../services/kudos.js';
import { randomEdit, type EditContext } from '../../../test/random-edits.js';
import { generateCorpus, loadCorpusBulk, mulberry32, viewerOf } from '../../../bench/corpus.js';
import { tagPools } from '../../../bench/corpus-queries.js';
import { RATINGS } from '../../domain/tags.js';
import { guestViewer, type Viewer } from '../../policies/index.js';
import { latestChangeSeq } from '../../store/work-changes.store.js';
import { PAGE_SIZE, prepareQuery, queryWorks, type WorksQuery } from '../works-query.js';
import { SORTS } from '../works-filter.js';
import { createSearchState } from '../search-state.js';
import { FilterIndex } from './filter-index.js';
import { startFilterIndex, type StartOptions } from './start.js';
import { IndexState } from './state.js';
import { STATE_FIELDS, copyState, encodeState } from './snapshot-state.js';

function snapshotFile(ctx: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-snapshot-'));
  ctx.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'filter-index.snapshot');
}

/** An index started with a snapshot file, once ready, and what it logged. */
async function started(db: Kysely<DB>, file: string, over: StartOptions = {}) {
  const logged: string[] = [];
  const data = new Map<string, Record<string, unknown> | undefined>();
  const running = startFilterIndex(db, {
    verifyEveryMs: 0,
    snapshotPath: file,
    log: (level, message, d) => {
      logged.push(`${level}: ${message}`);
      data.set(message, d);
    },
    ...over,
  });
  assert.ok(await running.index.build(), 'the index is ready');
  return { running, index: running.index, logged, data };
}

/** The index answers a page exactly as SQL does (queryWorks without an index is the reference). */
async function answersAsSql(db: Kysely<DB>, index: FilterIndex, q: WorksQuery, viewer: () => Viewer = guestViewer) {
  const sqlOnly = createSearchState(db);
  const prepared = await prepareQuery(sqlOnly, viewer(), q);
  assert.ok(prepared.ok);
  const page = { offset: ((q.page ?? 1) - 1) * PAGE_SIZE, limit: PAGE_SIZE };
  const got = await index.answer(prepared.scope, prepared.resolved, page);
  const want = await queryWorks(sqlOnly, viewer(), q);
  const ids = want.works.map((w) => w.id);
  assert.deepEqual(got, { total: want.total, ids, hiddenByBlocklist: want.hiddenByBlocklist }, JSON.stringify(q));
  return want.total;
}

/** The sidebar's counts, from the restored index and from a fresh build. */
async function sameFacets(db: Kysely<DB>, restored: FilterIndex, fresh: FilterIndex, q: WorksQuery) {
  const prepared = await prepareQuery(createSearchState(db), guestViewer(), q);
  assert.ok(prepared.ok);
  const want = await fresh.facets(prepared.scope, prepared.resolved, 500);
  assert.ok(want && want.length > 0);
  assert.deepEqual(await restored.facets(prepared.scope, prepared.resolved, 500), want, JSON.stringify(q));
}

eachDialect(
  'filter index snapshot: restored and caught up, it answers as SQL and as a fresh build do',
  async ({ db, dialect }, ctx) => {
    const spec = generateCorpus({ seed: 7, works: dialect === 'sqlite' ? 600 : 250, users: 30 });
    const loaded = await loadCorpusBulk(db, spec);
    await db
      .updateTable('works')
      .set((eb) => ({ kudos_count: eb(eb('id', '*', 7919), '%', 97), hits_count: eb('id', '%', 13) }))
      .execute();
    const pools = tagPools(spec);
    const typed = (type: string) => pools.canonical.filter((n) => spec.tags.find((t) => t.name === n)?.type === type);
    const rng = mulberry32(3);
    const edits: EditContext = {
      db,
      rng,
      writers: loaded.users.slice(0, 8),
      wrangler: loaded.wrangler,
      pools: {
        fandom: typed('fandom').slice(0, 20),
        relationship: typed('relationship').slice(0, 20),
        character: typed('character').slice(0, 30),
        freeform: typed('freeform').slice(0, 40),
      },
    };
    const file = snapshotFile(ctx);

    // Built, then edited (so the saved state holds changed works beside its build's blocks); the
    // snapshot is written after the build and again at stop.
    const first = await started(db, file);
    await first.running.saveSnapshot();
    assert.ok(first.logged.includes('info: filter index snapshot written'), first.logged.join('\n'));
    const mark = first.logged.length;
    for (let i = 0; i < 12; i++) await randomEdit(edits);
    await first.index.catchUp();
    await first.running.stop();
    assert.ok(first.logged.slice(mark).includes('info: filter index snapshot written'), 'written again at stop');

    // Changes no index has seen: the restored one must catch them up from both logs.
    const done: string[] = [];
    for (let i = 0; i < 15; i++) done.push(await randomEdit(edits));
    const reader = await buildUser(db);
    const some = await db.selectFrom('works').select('id').where('posted', '=', 1).orderBy('id').limit(3).execute();
    for (const w of some) assert.ok((await leaveKudos(db, reader.viewer(), w.id, undefined, toolWrites(db))).ok);
    const second = await started(db, file);
    assert.ok(second.logged.includes('info: filter index ready from snapshot'), second.logged.join('\n'));
    assert.equal(second.index.lastBuild?.from, 'snapshot');
    ctx.after(() => second.running.stop());
    const caughtUp = second.data.get('filter index ready from snapshot')?.caughtUp as { work: number; counts: number };
    assert.ok(
      caughtUp.work > 0 && caughtUp.counts > 0,
      `changes caught up: ${JSON.stringify(caughtUp)}; ${done.join(' | ')}`,
    );

    const popular = pools.canonical.slice(0, 3);
    const queries: WorksQuery[] = [
      ...SORTS.filter((s) => s !== 'relevance').map((sort) => ({ sort })),
      { sort: 'title', page: 3 },
      { include: [popular[0]!] },
      { include: [popular[1]!], sort: 'kudos' },
      { exclude: popular, sort: 'words' },
      { ratings: [RATINGS[0].name, RATINGS[1].name], sort: 'hits' },
      { wordsFrom: 1000, wordsTo: 20_000, sort: 'published' },
      { complete: true, sort: 'creator', page: 2 },
    ];
    let listed = 0;
    for (const q of queries) listed += await answersAsSql(db, second.index, q);
    assert.ok(listed > queries.length * 5, 'the queries list works');
    const member = () => viewerOf(loaded.users[1]!);
    await answersAsSql(db, second.index, { sort: 'updated' }, member);

    const fresh = new FilterIndex(db);
    assert.ok(await fresh.build());
    for (const q of [{}, { include: [popular[0]!] }, { ratings: [RATINGS[0].name] }])
      await sameFacets(db, second.index, fresh, q);
    assert.ok(await second.index.verify(), `the checksum agrees after: ${done.join(' | ')}`);
  },
);

/** A small archive with an index whose snapshot is written, and the snapshot's bytes. */
async function written(db: Kysely<DB>, ctx: TestContext) {
  const writer = await buildUser(db);
  for (let i = 0; i < 4; i++) await buildWork(db, writer, { meta: { freeforms: [i % 2 ? 'Fog' : 'Rain'] } });
  const file = snapshotFile(ctx);
  const first = await started(db, file);
  await first.running.stop();
  return { writer, file, bytes: fs.readFileSync(file) };
}

/** Starts from `file`, which must be refused with a message matching `why`, and built instead. */
async function refused(db: Kysely<DB>, file: string, why: RegExp, over: StartOptions = {}): Promise<void> {
  const { running, index, logged } = await started(db, file, over);
  try {
    assert.equal(index.lastBuild?.from, 'database', logged.join('\n'));
    const line = logged.find((l) => l.includes('filter index snapshot not used'));
    assert.match(line ?? '', why, logged.join('\n'));
    assert.equal(await answersAsSql(db, index, { sort: 'title' }), await countPosted(db));
  } finally {
    await running.stop();
  }
}

const countPosted = async (db: Kysely<DB>) =>
  Number(
    (
      await db
        .selectFrom('works')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

eachDialect('filter index snapshot: a damaged file is refused and the index built', async ({ db }, ctx) => {
  const { file, bytes } = await written(db, ctx);
  const flipped = Buffer.from(bytes);
  flipped[Math.floor(flipped.length * 0.75)]! ^= 0x01;
  fs.writeFileSync(file, flipped);
  await refused(db, file, /damaged: its checksum does not match/);

  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 100));
  await refused(db, file, /damaged: .* bytes where its header announces/);

  const other = Buffer.from(bytes);
  other.write('NOTQUIRE', 0, 'latin1');
  fs.writeFileSync(file, other);
  await refused(db, file, /damaged: not a filter index snapshot/);
});

eachDialect('filter index snapshot: one of another archive or other migrations is refused', async ({ db }, ctx) => {
  const { file, bytes } = await written(db, ctx);
  const id = await db.selectFrom('settings').select('value').where('key', '=', 'archive_id').executeTakeFirstOrThrow();
  await db.updateTable('settings').set({ value: 'another-archive' }).where('key', '=', 'archive_id').execute();
  await refused(db, file, /of another archive/);
  await db.updateTable('settings').set({ value: id.value }).where('key', '=', 'archive_id').execute();

  fs.writeFileSync(file, bytes);
  await sql`insert into kysely_migration (name, timestamp) values ('999-later', '2026-12-06T00:00:00.000Z')`.execute(
    db,
  );
  await refused(db, file, /other migrations/);
});

eachDialect('filter index snapshot: one the change log no longer reaches is refused', async ({ db, dialect }, ctx) => {
  const { writer, file } = await written(db, ctx);
  // The daily prune, as if the node had been down for a day: the log no longer holds what follows the snapshot.
  for (let i = 0; i < 3; i++) await buildWork(db, writer);
  const col = dialect === 'postgres' ? 'gen' : 'seq';
  await db
    .deleteFrom('work_changes')
    .where(col, '<', await latestChangeSeq(db))
    .execute();
  await refused(db, file, /pruned past its position/);

  // Further behind than a rebuild's threshold (the file is now the one written after that build).
  for (let i = 0; i < 3; i++) await buildWork(db, writer);
  await refused(db, file, /changes behind, more than a rebuild's threshold of 2/, { rebuildBacklog: 2 });
});

eachDialect(
  'filter index snapshot: another change at its position (a copied database) is refused',
  async ({ db, dialect }, ctx) => {
    const { file } = await written(db, ctx);
    const col = dialect === 'postgres' ? 'gen' : 'seq';
    await db
      .updateTable('work_changes')
      .set({ created_at: '2001-01-01T00:00:00.000Z' })
      .where(col, '=', await latestChangeSeq(db))
      .execute();
    await refused(db, file, /holds another change/);
  },
);

eachDialect('filter index snapshot: replaced atomically, leftovers of a crash removed', async ({ db }, ctx) => {
  const { writer, file } = await written(db, ctx);
  const dir = path.dirname(file);
  const leftover = path.join(dir, `${path.basename(file)}.4242-0badf00d.tmp`);
  fs.writeFileSync(leftover, 'half a snapshot');
  const hoursAgo = new Date(Date.now() - 2 * 3_600_000);
  fs.utimesSync(leftover, hoursAgo, hoursAgo);
  const before = fs.statSync(file).ino;

  const { running, index } = await started(db, file);
  assert.equal(index.lastBuild?.from, 'snapshot');
  assert.equal(await running.saveSnapshot(), false, 'nothing moved: not written again');
  await buildWork(db, writer);
  await index.catchUp();
  assert.equal(await running.saveSnapshot(), true);
  await running.stop();
  assert.notEqual(fs.statSync(file).ino, before, 'a new file renamed over the old one');
  assert.deepEqual(fs.readdirSync(dir), [path.basename(file)], 'no temporary file is left');
});

eachDialect(
  'filter index snapshot: a still read holds changes back; a moved title puts it off',
  async ({ db }, ctx) => {
    const { writer } = await written(db, ctx);
    const index = new FilterIndex(db);
    assert.ok(await index.build());
    const held = await index.still(async ({ state }) => {
      const version = state.version;
      const id = await buildWork(db, writer, { meta: { title: 'Aardvark' } });
      const caughtUp = index.catchUp();
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(state.version, version, 'no change is applied during a still read');
      return { state, id, caughtUp };
    });
    assert.ok(held);
    await held.caughtUp;
    const { id } = held;
    assert.ok(held.state.orders.has(id), 'applied once the read is over');

    // The copy's title order has the work first; its title now puts it last.
    const copy = await copyState(held.state);
    await db.updateTable('works').set({ sort_title: 'zzzz' }).where('id', '=', id).execute();
    await db.insertInto('work_changes').values({ work_id: id, created_at: new Date().toISOString() }).execute();
    await index.catchUp();
    assert.equal(await encodeState(copy, held.state), undefined);
  },
);

test('filter index snapshot: every field of the state is saved, rebuilt or deliberately left empty', () => {
  const known = new Set<string>(Object.values(STATE_FIELDS).flat());
  const missing = Object.keys(new IndexState(64)).filter((k) => !known.has(k));
  assert.deepEqual(missing, [], 'a new field of IndexState: save it in snapshot-state.ts and bump FORMAT_VERSION');
});
