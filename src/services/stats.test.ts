import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, toolWrites } from '../../test/factories.js';
import { dailyStatsRows, setPublishedAtBehindServices, workRow, writerDailyStatsRows } from '../../test/inspect.js';
import { guestViewer } from '../policies/index.js';
import { HitCounter } from './hit-counter.js';
import { leaveKudos } from './kudos.js';
import { coCreatorRequests, answerCoCreatorInvitation } from './co-creator-invitations.js';
import { writerStats } from './stats.js';

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

eachDialect('stats: hits and kudos add to the day’s row where they are written', async ({ db }) => {
  const writer = await buildUser(db);
  const a = await buildWork(db, writer);
  const b = await buildWork(db, writer);
  const hits = new HitCounter(db);
  const yesterday = daysAgo(1).toISOString().slice(0, 10);
  // One flush holding two works and two days.
  hits.record(a, 'u:1', daysAgo(1));
  hits.record(a, 'u:2', daysAgo(1));
  hits.record(a, 'u:1');
  hits.record(b, 'u:1');
  await hits.flush();
  hits.record(a, 'u:1');
  hits.record(a, 'u:3');
  await hits.flush();
  assert.deepEqual(
    (await dailyStatsRows(db, a)).map((r) => [r.day, Number(r.hits), Number(r.kudos)]),
    [
      [yesterday, 2, 0],
      [today(), 2, 0],
    ],
    'a repeated view adds nothing; a second flush adds to the day’s row',
  );
  assert.equal((await workRow(db, a)).hits_count, 4, 'the total is the work’s own count');

  const writes = toolWrites(db);
  for (let i = 0; i < 3; i++) {
    const reader = await buildUser(db);
    assert.ok((await leaveKudos(db, reader.viewer(), a, undefined, writes)).ok);
  }
  const refused = await leaveKudos(db, writer.viewer(), a, undefined, writes);
  assert.equal(refused.ok, false, 'the creator’s own kudos is refused and adds nothing');
  const todayRow = (await dailyStatsRows(db, a)).find((r) => r.day === today());
  assert.deepEqual([Number(todayRow?.hits), Number(todayRow?.kudos)], [2, 3]);
  assert.deepEqual(
    (await dailyStatsRows(db, b)).map((r) => [r.day, Number(r.hits), Number(r.kudos)]),
    [[today(), 1, 0]],
  );
  assert.deepEqual(
    (await writerDailyStatsRows(db, writer.id)).map((r) => [r.day, Number(r.hits), Number(r.kudos)]),
    [
      [yesterday, 2, 0],
      [today(), 3, 3],
    ],
    'the writer’s row of each day sums their works',
  );
});

eachDialect('stats: the writer’s works, co-created included, drafts not; sort, year, chart', async ({ db }) => {
  const writer = await buildUser(db);
  const partner = await buildUser(db);
  const own = await buildWork(db, writer, { meta: { title: 'Beacon' }, body: 'one two three four' });
  const shared = await buildWork(db, partner, { meta: { title: 'Anchor', coCreators: writer.username } });
  await buildWork(db, writer, { meta: { title: 'Draft' }, draft: true });
  await buildWork(db, partner, { meta: { title: 'Not theirs' } });
  const invitation = await coCreatorRequests(db, writer.viewer(), writer.id);
  assert.ok(invitation.ok);
  assert.ok((await answerCoCreatorInvitation(db, writer.viewer(), invitation.value.pending[0]!.id, true)).ok);
  await setPublishedAtBehindServices(db, shared, '2024-05-01T10:00:00.000Z');

  const hits = new HitCounter(db);
  hits.record(shared, 'u:1');
  hits.record(shared, 'u:2');
  hits.record(own, 'u:1', daysAgo(10));
  await hits.flush();
  const reader = await buildUser(db);
  assert.ok((await leaveKudos(db, reader.viewer(), own, undefined, toolWrites(db))).ok);

  const rowsOf = async (u: { id: number }) =>
    (await writerDailyStatsRows(db, u.id)).map((r) => [r.day, Number(r.hits), Number(r.kudos)]);
  assert.deepEqual(await rowsOf(partner), [[today(), 2, 0]], 'each creator of a shared work gets its whole');
  assert.deepEqual((await rowsOf(writer)).at(-1), [today(), 2, 1]);

  const r = await writerStats(db, writer.viewer(), writer.username, {});
  assert.ok(r.ok);
  const { stats, q } = r.value;
  assert.deepEqual(q, { sort: 'hits', period: 'day' });
  assert.deepEqual(
    stats.works.map((w) => [w.title, w.hits, w.kudos, w.words]),
    [
      ['Anchor', 2, 0, 54],
      ['Beacon', 1, 1, 4],
    ],
    'by hits, most first; the draft and the partner’s own work are not there',
  );
  assert.deepEqual([stats.totals.works, stats.totals.hits, stats.totals.kudos, stats.totals.words], [2, 3, 1, 58]);
  assert.deepEqual(
    stats.years,
    [Number(today().slice(0, 4)), 2024].sort((x, y) => y - x),
  );
  assert.equal(stats.chart.points.length, 90);
  assert.deepEqual(stats.chart.points.at(-1), { key: today(), hits: 2, kudos: 1 });
  assert.equal(stats.chart.points.at(-11)?.hits, 1, 'ten days ago');

  const byTitle = await writerStats(db, writer.viewer(), writer.username, { sort: 'title' });
  assert.ok(byTitle.ok);
  assert.deepEqual(
    byTitle.value.stats.works.map((w) => w.title),
    ['Anchor', 'Beacon'],
  );
  const of2024 = await writerStats(db, writer.viewer(), writer.username, { year: '2024', period: 'month' });
  assert.ok(of2024.ok);
  assert.deepEqual(
    of2024.value.stats.works.map((w) => w.title),
    ['Anchor'],
    'the works first published that year',
  );
  const months = of2024.value.stats.chart.points;
  assert.equal(months[0]?.key, '2024-05', 'months from the first work’s');
  assert.deepEqual(months.at(-1), { key: today().slice(0, 7), hits: 2, kudos: 0 }, 'only that year’s works');

  const one = await writerStats(db, writer.viewer(), writer.username, { work: String(own), period: 'week' });
  assert.ok(one.ok);
  assert.equal(one.value.stats.chart.workTitle, 'Beacon');
  assert.equal(one.value.stats.chart.points.length, 104);
  assert.equal(
    one.value.stats.chart.points.reduce((s, p) => s + p.hits, 0),
    1,
  );

  for (const raw of [{ sort: 'nope' }, { period: 'year' }, { year: '24' }, { work: 'x' }, { sort: 'h'.repeat(100) }]) {
    const bad = await writerStats(db, writer.viewer(), writer.username, raw);
    assert.equal(bad.ok ? 200 : bad.status, 400, JSON.stringify(raw));
  }
  const notTheirs = await writerStats(db, writer.viewer(), writer.username, { work: String(own + 100) });
  assert.equal(notTheirs.ok ? 200 : notTheirs.status, 404, 'a work not theirs has no chart');
  for (const viewer of [guestViewer(), partner.viewer()]) {
    const other = await writerStats(db, viewer, writer.username, { sort: 'nope' });
    assert.equal(other.ok ? 200 : other.status, 404, 'anyone else: no such page, whatever they ask');
  }
});
