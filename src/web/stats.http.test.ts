import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork, toolWrites, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { setPublishedAtBehindServices } from '../../test/inspect.js';
import { HitCounter } from '../services/hit-counter.js';
import { leaveKudos } from '../services/kudos.js';
import { postComment } from '../services/comments.js';
import { bookmarkWork } from '../services/bookmarks.js';
import { subscribe } from '../services/subscriptions.js';
import { createSearchState } from '../search/search-state.js';

const today = () => new Date().toISOString().slice(0, 10);

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

/** The cells of a table's body rows, as text. */
function bodyRows(html: string, tableClass: string): string[][] {
  const part = html.split(`class="${tableClass}"`)[1]?.split('</tbody>')[0] ?? '';
  const body = part.split('<tbody>')[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1]!)),
  );
}

/** CSV lines split into cells (quoted cells may hold commas and doubled quotes). */
function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\r\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].filter((m) => m[0] !== '').map((m) => m[1]!));
}

eachDialect('stats page: the writer’s figures, sorted and filtered; 404 for anyone else', async ({ db }) => {
  const hits = new HitCounter(db);
  const app = testApp(db, {}, { hits });
  const writer = await buildUser(db);
  const reader = await buildUser(db);
  const beacon = await buildWork(db, writer, { meta: { title: 'Beacon' }, body: 'one two three' });
  const tide = await buildWork(db, writer, { meta: { title: 'Tide' } });
  await setPublishedAtBehindServices(db, tide, '2024-03-02T00:00:00.000Z');
  const writes = toolWrites(db);
  hits.record(beacon, 'u:1');
  hits.record(tide, 'u:1');
  hits.record(tide, 'u:2');
  await hits.flush();
  assert.ok((await leaveKudos(db, reader.viewer(), beacon, undefined, writes)).ok);
  const thread = await postComment(
    db,
    reader.viewer(),
    { workId: beacon, chapterId: null },
    { body: 'The lamp!' },
    writes,
  );
  assert.ok(thread.ok);
  assert.ok((await postComment(db, writer.viewer(), { parentId: thread.value.id }, { body: 'Thanks.' }, writes)).ok);
  assert.ok((await bookmarkWork(db, reader.viewer(), beacon, { notes: '', tags: '' })).ok);
  assert.ok((await subscribe(createSearchState(db), reader.viewer(), 'work', beacon)).ok);

  const base = `/users/${writer.username}/stats`;
  const me = await loggedIn(app, writer);
  const res = await me.get(base);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.deepEqual(
    bodyRows(html, 'stats-works'),
    [
      ['Tide chart', '2024-03-02', '54', '2', '0', '0', '0', '0'],
      ['Beacon chart', today(), '3', '1', '1', '1', '1', '1'],
    ],
    'per work: words, hits, kudos, comment threads (a reply is not one), bookmarks, subscriptions; most hits first',
  );
  assert.match(
    html,
    /<th scope="row">Total<\/th><td><\/td><td>57<\/td><td>3<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>1<\/td>/,
  );
  assert.match(
    html,
    /<svg[^>]*role="img"[^>]*aria-label="Hits and kudos of all your works, by day, last 90 days: 3 hits and 1 kudos/,
  );

  const byKudos = await (await me.get(`${base}?sort=kudos`)).text();
  assert.deepEqual(
    bodyRows(byKudos, 'stats-works').map((r) => r[0]),
    ['Beacon chart', 'Tide chart'],
  );
  assert.match(byKudos, /aria-sort="descending">Kudos/);
  const of2024 = await (await me.get(`${base}?year=2024`)).text();
  assert.deepEqual(
    bodyRows(of2024, 'stats-works').map((r) => r[0]),
    ['Tide chart'],
  );

  for (const bad of ['?sort=popularity', '?period=hour', '?year=last', `?sort=${'x'.repeat(200)}`]) {
    const r = await me.get(`${base}${bad}`);
    assert.equal(r.status, 400, bad);
    assert.match(await r.text(), /Sort by one of|Show figures by one of|four digits|does not offer/);
  }
  assert.equal((await me.get(`${base}?work=${beacon + 1000}`)).status, 404);

  const admin = await buildUser(db, { isAdmin: true });
  for (const client of [new Client(app), await loggedIn(app, reader), await loggedIn(app, admin)]) {
    assert.equal((await client.get(base)).status, 404);
    assert.equal((await client.get(`${base}.csv`)).status, 404);
    assert.equal((await client.get(`${base}?sort=bogus`)).status, 404, 'a bad query tells them nothing more');
  }
  assert.equal((await me.get('/users/nobody_at_all/stats')).status, 404);
});

eachDialect(
  'stats CSV: a download of the chart’s figures, as its table lists them, formulas defused',
  async ({ db }) => {
    const hits = new HitCounter(db);
    const app = testApp(db, {}, { hits });
    const writer = await buildUser(db);
    const id = await buildWork(db, writer, { meta: { title: '=HYPERLINK("http://x", "Lamp, lit")' } });
    await setPublishedAtBehindServices(db, id, new Date(Date.now() - 60 * 86_400_000).toISOString());
    hits.record(id, 'u:1');
    hits.record(id, 'u:2', new Date(Date.now() - 20 * 86_400_000));
    await hits.flush();
    assert.ok((await leaveKudos(db, (await buildUser(db)).viewer(), id, undefined, toolWrites(db))).ok);
    const me = await loggedIn(app, writer);

    // The title in the works table is text: escaped in the link and in its chart link's label.
    const tricky = await buildWork(db, writer, { meta: { title: 'Gulls <b> & "tides"' } });
    const page = await (await me.get(`/users/${writer.username}/stats?year=${today().slice(0, 4)}`)).text();
    const escaped = 'Gulls &lt;b&gt; &amp; &quot;tides&quot;';
    assert.ok(page.includes(`<a href="/works/${tricky}">${escaped}</a>`));
    assert.ok(page.includes(`href="/users/${writer.username}/stats?year=${today().slice(0, 4)}&amp;work=${tricky}"`));
    assert.ok(page.includes(`aria-label="Chart of ${escaped}"`));
    assert.ok(!page.includes('<b>'));

    for (const period of ['day', 'week', 'month']) {
      const query = `?work=${id}&period=${period}`;
      const res = await me.get(`/users/${writer.username}/stats.csv${query}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="stats-\d+-\w+\.csv"$/);
      const rows = csvRows(await res.text());
      const heading = { day: 'Day', week: 'Week from', month: 'Month' }[period];
      assert.deepEqual(rows[0], ['Works', heading, 'Hits', 'Kudos']);
      assert.equal(rows[1]![0], `"'=HYPERLINK(""http://x"", ""Lamp, lit"")"`, 'quoted, and a quote mark first');
      const table = bodyRows(await (await me.get(`/users/${writer.username}/stats${query}`)).text(), 'stats-data');
      assert.deepEqual(
        rows.slice(1).map((r) => r.slice(1)),
        table,
        `the ${period} chart's table holds the CSV's figures`,
      );
      const sum = (i: number) => table.reduce((s, r) => s + Number(r[i]), 0);
      assert.deepEqual([sum(1), sum(2)], [2, 1], `${period} ${JSON.stringify(table)}`);
    }
  },
);
