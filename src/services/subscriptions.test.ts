import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { jobRows, makeJobsDue, notificationRows, subscriptionRows } from '../../test/inspect.js';
import { guestViewer } from '../policies/index.js';
import { createSearchState } from '../search/search-state.js';
import { enqueueJob } from '../store/job.store.js';
import { loadWork } from '../store/work.store.js';
import { addChapter } from './chapters.js';
import { publishDraft } from './publish-draft.js';
import { saveFilter } from './saved-filters.js';
import { blockTag, blockUser, muteUser } from './blocklist.js';
import { subscribe, unsubscribe } from './subscriptions.js';
import { readNotifications, subscriptionFeed, unreadNotificationCount } from './notifications.js';
import { FAN_OUT_JOB, fanOutHandler } from './fan-out.js';
import { JobRunner } from './job-runner.js';
import { CommitQueue } from '../store/commit-queue.js';

eachDialect('subscriptions: subscribe once, unsubscribe; what the viewer cannot see is 404', async ({ db }) => {
  const search = createSearchState(db);
  const writer = await buildUser(db);
  const reader = await buildUser(db);
  const work = await buildWork(db, writer);
  const draft = await buildWork(db, writer, { draft: true });
  const restricted = await buildWork(db, writer, { meta: { restricted: true } });

  const first = await subscribe(search, reader.viewer(), 'work', work);
  assert.ok(first.ok);
  // Subscribing again keeps the one subscription and its feed token.
  const again = await subscribe(search, reader.viewer(), 'work', work);
  assert.deepEqual(again, first);
  assert.equal((await subscriptionRows(db, reader.id)).length, 1);
  assert.match((await subscriptionRows(db, reader.id))[0]!.feed_token, /^[A-Za-z0-9_-]{32}$/);

  assert.equal((await subscribe(search, reader.viewer(), 'work', draft)).ok, false);
  assert.deepEqual(
    [
      await subscribe(search, reader.viewer(), 'work', draft),
      await subscribe(search, guestViewer(), 'work', restricted),
      await subscribe(search, reader.viewer(), 'work', 999_999),
      await subscribe(search, reader.viewer(), 'user', 999_999),
      await subscribe(search, reader.viewer(), 'series', 999_999),
    ].map((r) => (r.ok ? 200 : r.status)),
    [404, 404, 404, 404, 404],
  );
  // A member sees restricted works; a guest is asked to log in for what they can see.
  assert.ok((await subscribe(search, reader.viewer(), 'work', restricted)).ok);
  const guest = await subscribe(search, guestViewer(), 'work', work);
  assert.equal(guest.ok ? 200 : guest.status, 403);
  assert.equal((await subscribe(search, reader.viewer(), 'shelf', work)).ok, false);

  // A saved filter is its owner's alone.
  const saved = await saveFilter(db, writer.viewer(), 'Harbours', 'include=Original+Work');
  assert.ok(saved.ok);
  const other = await subscribe(search, reader.viewer(), 'filter', saved.value.id);
  assert.equal(other.ok ? 200 : other.status, 404);
  assert.ok((await subscribe(search, writer.viewer(), 'filter', saved.value.id)).ok);

  // Only its owner ends a subscription.
  const gone = await unsubscribe(db, writer.viewer(), first.value.id);
  assert.equal(gone.ok ? 200 : gone.status, 404);
  assert.ok((await unsubscribe(db, reader.viewer(), first.value.id)).ok);
  assert.deepEqual(
    (await subscriptionRows(db, reader.id)).map((s) => s.target_id),
    [restricted],
  );
});

eachDialect(
  'subscriptions: a new chapter notifies the work’s subscribers once, however often the job runs',
  async ({ db }) => {
    const search = createSearchState(db);
    const writer = await buildUser(db);
    const readers = await Promise.all([1, 2, 3, 4, 5].map(() => buildUser(db)));
    const work = await buildWork(db, writer);
    for (const r of readers) assert.ok((await subscribe(search, r.viewer(), 'work', work)).ok);
    // Posting a work tells no one who follows only the work: it did not exist before.
    // Its steps committed through the commit queue, as main.ts has them.
    const commits = new CommitQueue(db);
    const handler = fanOutHandler(search, { stepRows: 2, commit: (fn) => commits.run(fn) });
    const runner = new JobRunner(db, { [FAN_OUT_JOB]: handler });
    await runner.runDue();
    assert.equal((await notificationRows(db, readers[0]!.id)).length, 0);

    assert.ok((await addChapter(db, writer.viewer(), work, { title: 'Low Tide', body: 'The water left.' })).ok);
    const job = (await jobRows(db)).find((j) => j.status === 'queued');
    assert.ok(job);
    assert.equal((job.payload as { kind: string }).kind, 'chapter');
    assert.equal(await runner.runDue(), 1);
    const chapterId = (await loadWork(db, work))!.chapters[1]!.id;
    for (const r of readers)
      assert.deepEqual(
        (await notificationRows(db, r.id)).map((n) => [n.work_id, n.chapter_id, n.kind, n.is_read]),
        [[work, chapterId, 'chapter', 0]],
      );
    // A second run (its process died before marking it done) stores nothing twice.
    await handler(job.payload, { id: job.id, kind: FAN_OUT_JOB, payload: job.payload, attempts: 2, maxAttempts: 5 });
    for (const r of readers) assert.equal((await notificationRows(db, r.id)).length, 1);

    const seen = await readNotifications(db, search, readers[0]!.viewer(), 1);
    assert.ok(seen.ok);
    assert.deepEqual(
      seen.value.entries.map((e) => [e.work.id, e.notification.kind]),
      [[work, 'chapter']],
    );
    assert.equal(await unreadNotificationCount(db, search, readers[0]!.viewer(), 100), 1);
    // A draft's chapters tell no one.
    const draft = await buildWork(db, writer, { draft: true });
    assert.ok((await addChapter(db, writer.viewer(), draft, { title: '', body: 'Unposted words for later.' })).ok);
    assert.equal((await jobRows(db)).filter((j) => j.status === 'queued').length, 0);
  },
);

eachDialect(
  'subscriptions: a new work notifies its creator’s, its series’ and matching filters’ subscribers',
  async ({ db }) => {
    const search = createSearchState(db);
    const writer = await buildUser(db);
    const fan = await buildUser(db);
    const seriesFan = await buildUser(db);
    const filterFan = await buildUser(db);
    const first = await buildWork(db, writer, { meta: { series: ['Harbour Days'] } });
    const seriesId = (await loadWork(db, first))!.series[0]!.id;
    const runner = new JobRunner(db, { [FAN_OUT_JOB]: fanOutHandler(search) });
    // The first work's job runs before anyone follows: it tells no one.
    assert.equal(await runner.runDue(), 1);
    assert.ok((await subscribe(search, fan.viewer(), 'user', writer.id)).ok);
    assert.ok((await subscribe(search, seriesFan.viewer(), 'series', seriesId)).ok);
    const lamps = await saveFilter(db, filterFan.viewer(), 'Lamps', 'include=Lamps');
    const gulls = await saveFilter(db, filterFan.viewer(), 'Gulls', 'include=Gulls');
    assert.ok(lamps.ok && gulls.ok);
    assert.ok((await subscribe(search, filterFan.viewer(), 'filter', lamps.value.id)).ok);
    assert.ok((await subscribe(search, filterFan.viewer(), 'filter', gulls.value.id)).ok);

    const second = await buildWork(db, writer, {
      meta: { series: ['Harbour Days'], freeforms: ['Lamps'] },
      draft: true,
    });
    await runner.runDue();
    assert.equal((await notificationRows(db, fan.id)).length, 0);
    assert.ok((await publishDraft(db, writer.viewer(), second)).ok);
    assert.equal(await runner.runDue(), 1);
    for (const u of [fan, seriesFan, filterFan])
      assert.deepEqual(
        (await notificationRows(db, u.id)).map((n) => [n.work_id, n.kind]),
        [[second, 'work']],
      );
    const filterSubs = await subscriptionRows(db, filterFan.id);
    assert.equal((await notificationRows(db, filterFan.id))[0]!.subscription_id, filterSubs[0]!.id);
  },
);

eachDialect(
  'subscriptions: notifications of works the reader excludes are neither shown nor counted',
  async ({ db }) => {
    const search = createSearchState(db);
    const writer = await buildUser(db, { username: `quiet_${process.pid}` });
    const loud = await buildUser(db);
    const reader = await buildUser(db);
    const plain = await buildWork(db, writer, { meta: { title: 'Plain Harbour' } });
    const tagged = await buildWork(db, writer, { meta: { title: 'Blocked Harbour', freeforms: ['Storms'] } });
    const byLoud = await buildWork(db, loud, { meta: { title: 'Loud Harbour' } });
    for (const w of [plain, tagged, byLoud]) assert.ok((await subscribe(search, reader.viewer(), 'work', w)).ok);
    for (const w of [plain, tagged, byLoud])
      assert.ok(
        (
          await addChapter(db, (w === byLoud ? loud : writer).viewer(), w, {
            title: '',
            body: 'More of the same harbour.',
          })
        ).ok,
      );
    await new JobRunner(db, { [FAN_OUT_JOB]: fanOutHandler(search) }).runDue();
    assert.equal((await notificationRows(db, reader.id)).length, 3);
    assert.equal(await unreadNotificationCount(db, search, reader.viewer(), 100), 3);

    assert.ok((await blockTag(db, reader.viewer(), 'Storms')).ok);
    assert.ok((await muteUser(db, reader.viewer(), loud.username)).ok);
    const shown = await readNotifications(db, search, reader.viewer(), 1);
    assert.ok(shown.ok);
    assert.deepEqual(
      shown.value.entries.map((e) => e.work.title),
      ['Plain Harbour'],
    );
    assert.equal(await unreadNotificationCount(db, search, reader.viewer(), 100), 1);
    // Blocking the writer hides theirs too; the rows stay, and come back if they unblock.
    assert.ok((await blockUser(db, reader.viewer(), writer.username)).ok);
    assert.equal(await unreadNotificationCount(db, search, reader.viewer(), 100), 0);
    assert.equal((await notificationRows(db, reader.id)).length, 3);

    // The private feed follows the same rules for its owner.
    const token = (await subscriptionRows(db, reader.id))[0]!.feed_token;
    const feed = await subscriptionFeed(db, search, guestViewer(), token);
    assert.ok(feed);
    assert.equal(feed.entries.length, 0);
    assert.equal(await subscriptionFeed(db, search, guestViewer(), 'x'.repeat(32)), undefined);
  },
);

eachDialect('subscriptions: a notification job that keeps failing is retried, then kept as failed', async ({ db }) => {
  const search = createSearchState(db);
  const runner = new JobRunner(db, { [FAN_OUT_JOB]: fanOutHandler(search) });
  await enqueueJob(db, { kind: FAN_OUT_JOB, key: 'notify:broken', payload: { kind: 'chapter' }, maxAttempts: 2 });
  assert.equal(await runner.runDue(), 1);
  let row = (await jobRows(db))[0]!;
  assert.equal(row.status, 'queued');
  assert.match(row.last_error ?? '', /needs a kind, a work id and a chapter id/);
  await makeJobsDue(db);
  assert.equal(await runner.runDue(), 1);
  row = (await jobRows(db))[0]!;
  assert.equal(row.status, 'failed');
  assert.equal(row.attempts, 2);
});
