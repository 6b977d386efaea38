import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import { editWork } from '../services/edit-work.js';
import { loadWork } from '../store/work.store.js';

eachDialect(
  'works join a series from the posting form, list in series order, and show “Part N of” in the preface',
  async ({ db }) => {
    const u = await buildUser(db);
    const client = new Client(testApp(db));
    await client.login(u.username, u.password);
    const post = (title: string) =>
      client.post('/works/new', {
        title,
        rating: 'General Audiences',
        warnings: ['No Archive Warnings Apply'],
        fandoms: 'Original Work',
        language: 'en',
        expectedChapters: '1',
        series: ['Harbour Days', ''],
        body: 'The tide came in and went out again.',
        action: 'post',
      });
    const first = (await post('Morning Tide')).headers.get('location')!;
    const second = (await post('Evening Tide')).headers.get('location')!;
    const w2 = await loadWork(db, Number(second.split('/').pop()));
    assert.deepEqual(
      w2!.series.map((s) => [s.title, s.position]),
      [['Harbour Days', 2]],
    );
    const page = await (await client.get(second)).text();
    assert.match(page, /Part 2 of <a href="\/series\/\d+">Harbour Days<\/a>/);

    const seriesHtml = await (await new Client(testApp(db)).get(`/series/${w2!.series[0]!.id}`)).text();
    assert.ok(
      seriesHtml.indexOf('Morning Tide') < seriesHtml.indexOf('Evening Tide'),
      'series order, not newest first',
    );
    assert.ok(first);

    // The edit form keeps the series; clearing it takes the work out.
    const editForm = await (await client.get(`${second}/edit`)).text();
    assert.match(editForm, /name="series" value="Harbour Days"/);
    const r = await editWork(db, u.viewer(), w2!.id, {
      meta: {
        title: 'Evening Tide',
        rating: 'General Audiences',
        warnings: ['No Archive Warnings Apply'],
        fandoms: ['Original Work'],
        series: [],
      },
    });
    assert.ok(r.ok);
    assert.deepEqual((await loadWork(db, w2!.id))!.series, []);
  },
);

eachDialect(
  'a series of only restricted works does not exist for guests; a mixed one lists only what the guest may see',
  async ({ db }) => {
    const u = await buildUser(db);
    const hidden = await buildWork(db, u, {
      meta: { title: 'Members Only Harbour', restricted: true, series: ['Locked Rooms'] },
    });
    const seriesId = (await loadWork(db, hidden))!.series[0]!.id;
    const guest = new Client(testApp(db));
    assert.equal((await guest.get(`/series/${seriesId}`)).status, 404);

    await buildWork(db, u, { meta: { title: 'Open Harbour', series: ['Locked Rooms'] } });
    const html = await (await guest.get(`/series/${seriesId}`)).text();
    assert.ok(html.includes('Open Harbour'));
    assert.ok(!html.includes('Members Only Harbour'));
    const member = new Client(testApp(db));
    const m = await buildUser(db);
    await member.login(m.username, m.password);
    assert.ok((await (await member.get(`/series/${seriesId}`)).text()).includes('Members Only Harbour'));
  },
);

eachDialect('imports place a work at the part the file names', async ({ db }) => {
  const u = await buildUser(db);
  const third = await buildWork(db, u, { meta: { title: 'Third', series: [{ title: 'Numbered', position: 3 }] } });
  const first = await buildWork(db, u, { meta: { title: 'First', series: [{ title: 'numbered', position: 1 }] } });
  assert.equal((await loadWork(db, third))!.series[0]!.position, 3);
  const s = (await loadWork(db, first))!.series[0]!;
  assert.deepEqual(
    [s.title, s.position],
    ['Numbered', 1],
    'the title matches case-insensitively; the first spelling stays',
  );
});

eachDialect(
  'a series has an Atom feed, linked from its page, that a guest sees without its restricted works',
  async ({ db }) => {
    const u = await buildUser(db);
    const open = await buildWork(db, u, { meta: { title: 'Open Water', series: ['Sea Letters'] } });
    await buildWork(db, u, { meta: { title: 'Closed Water', restricted: true, series: ['Sea Letters'] } });
    const seriesId = (await loadWork(db, open))!.series[0]!.id;
    const guest = new Client(testApp(db));
    const page = await (await guest.get(`/series/${seriesId}`)).text();
    assert.ok(page.includes(`href="/series/${seriesId}/feed.atom"`));
    const feed = await guest.get(`/series/${seriesId}/feed.atom`);
    assert.match(feed.headers.get('content-type')!, /^application\/atom\+xml/);
    const xml = await feed.text();
    assert.match(xml, /<title[^>]*>[^<]*Series: Sea Letters/);
    assert.ok(xml.includes('Open Water'));
    assert.ok(!xml.includes('Closed Water'));
    assert.equal((await guest.get('/series/999999/feed.atom')).status, 404);
  },
);
