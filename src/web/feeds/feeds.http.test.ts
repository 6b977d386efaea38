import assert from 'node:assert/strict';
import pino from 'pino';
import type { Kysely } from 'kysely';
import { eachDialect } from '../../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../../test/factories.js';
import { Client, testApp } from '../../../test/http.js';
import { assertAtomFeed, linkOf, parseFeed, titlesOf } from '../../../test/atom.js';
import type { DB } from '../../store/schema.js';
import { createApp } from '../app.js';
import { createAccessToken } from '../../services/access-tokens.js';
import { addChapter } from '../../services/chapters.js';
import { blockTag, muteUser } from '../../services/blocklist.js';
import { wrangleTag } from '../../services/wrangle-tag.js';
import { tagToUrlSegment } from '../../domain/tags.js';

async function tokenFor(db: Kysely<DB>, u: TestUser): Promise<string> {
  const r = await createAccessToken(db, u.viewer(), { name: 'feed reader' });
  assert.ok(r.ok);
  return r.value.secret;
}

async function feed(client: Client, path: string, headers: Record<string, string> = {}) {
  const res = await client.get(path, headers);
  const body = await res.text();
  assert.equal(res.status, 200, `${path}: ${res.status} ${body.slice(0, 200)}`);
  assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8', path);
  const f = parseFeed(body);
  assertAtomFeed(f, path);
  return f;
}

eachDialect(
  'every listing has an Atom feed with the required elements, linked from the listing page',
  async ({ db }) => {
    const writer = await buildUser(db, { username: 'feed_writer' });
    const id = await buildWork(db, writer, {
      meta: {
        title: 'Harbour Lights',
        rating: 'Explicit',
        warnings: ['Major Character Death', 'Graphic Depictions Of Violence'],
        categories: ['Gen'],
        fandoms: ['Feed Harbour Fandom'],
        characters: ['The Keeper'],
        freeforms: ['Gulls'],
        summary: 'Gulls <em>and</em> lamps.',
        expectedChapters: null,
      },
      moreChapters: [
        { body: 'A second morning on the lighthouse rail.' },
        { body: 'A third morning, and the gulls again.' },
      ],
    });
    await buildWork(db, writer, { meta: { title: 'Second Harbour', fandoms: ['Feed Harbour Fandom'] } });
    const guest = new Client(testApp(db));
    const fandom = tagToUrlSegment('Feed Harbour Fandom');

    const listings: Array<[string, string, string]> = [
      ['/works', '/works/feed.atom', 'Works'],
      ['/search?q=lighthouse', '/search/feed.atom?q=lighthouse', 'Search: lighthouse'],
      [`/tags/${fandom}/works`, `/tags/${fandom}/feed.atom`, 'Works in Feed Harbour Fandom'],
      ['/users/feed_writer', '/users/feed_writer/feed.atom', 'Works by feed_writer'],
    ];
    for (const [pagePath, feedPath, title] of listings) {
      const html = await (await guest.get(pagePath)).text();
      const head = /<head>([^]*?)<\/head>/.exec(html)?.[1] ?? '';
      const link = /<link rel="alternate" type="application\/atom\+xml"[^>]*href="([^"]+)"/.exec(head);
      assert.ok(link, `${pagePath} does not announce its feed in <head>`);
      assert.equal(link[1]!.replace(/&amp;/g, '&'), feedPath);

      const f = await feed(guest, feedPath);
      assert.equal(f.titles[0], `${title} | Quire`);
      assert.equal(linkOf(f.links, 'self')?.href, `http://localhost${feedPath}`);
      assert.equal(linkOf(f.links, 'alternate')?.href, `http://localhost${pagePath}`);
      assert.equal(f.ids[0], `http://localhost${pagePath}`, 'the feed id is the canonical listing URL');
      assert.ok(titlesOf(f).includes('Harbour Lights'), `${feedPath} lists the work`);
    }

    const f = await feed(guest, '/works/feed.atom');
    const e = f.entries.find((x) => x.title === 'Harbour Lights');
    assert.ok(e);
    assert.equal(e.ids[0], `http://localhost/works/${id}`);
    assert.deepEqual(e.authors, [
      { name: 'feed_writer', uri: 'http://localhost/users/feed_writer/pseuds/feed_writer' },
    ]);
    assert.equal(linkOf(e.links, 'alternate')?.href, `http://localhost/works/${id}`);
    assert.equal(e.content?.type, 'html');
    const content = e.content.value;
    assert.match(content, /Chapters: 3\/\?/);
    // Rating and warnings come first: a feed reader shows no interstitial.
    const order = [
      'Rating',
      'Explicit',
      'Major Character Death',
      'Graphic Depictions Of Violence',
      'Feed Harbour Fandom',
      'Gulls <em>and</em> lamps.',
    ].map((s) => content.indexOf(s));
    assert.ok(
      order.every((i) => i >= 0),
      `content lacks a part: ${content}`,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'rating and warnings before the tags, the tags before the summary',
    );
    assert.ok(e.categories.some((c) => c.scheme === 'character' && c.term === 'The Keeper'));
    assert.ok(e.categories.some((c) => c.scheme === 'rating' && c.term === 'Explicit'));
    // The feed's updated is its newest entry's.
    assert.equal(
      f.updated[0],
      f.entries
        .map((x) => x.updated)
        .sort()
        .at(-1),
    );
  },
);

eachDialect('feeds read the page’s filters; input the page refuses is a clear 400, never a 500', async ({ db }) => {
  const writer = await buildUser(db);
  await buildWork(db, writer, { meta: { title: 'Mild Tide', rating: 'General Audiences' } });
  await buildWork(db, writer, { meta: { title: 'Wild Tide', rating: 'Explicit' } });
  const guest = new Client(testApp(db));
  const f = await feed(guest, '/works/feed.atom?rating=Explicit&page=3&sort=title');
  assert.deepEqual(titlesOf(f), ['Wild Tide']);
  // Page and sort are the feed's own; the filter stays in its address.
  assert.equal(linkOf(f.links, 'self')?.href, 'http://localhost/works/feed.atom?rating=Explicit');

  for (const bad of ['rating=Nonsense', 'updatedFrom=yesterday', 'wordsFrom=many']) {
    const res = await guest.get(`/works/feed.atom?${bad}`);
    assert.equal(res.status, 400, bad);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await res.text(), /filter cannot be used/);
  }
  const empty = await feed(guest, '/works/feed.atom?include=No%20Such%20Tag%20Anywhere');
  assert.equal(empty.entries.length, 0);
  assert.match(empty.updated[0]!, /^\d{4}-/);
  assert.equal((await guest.get('/tags/No%20Such%20Tag/feed.atom')).status, 404);
  assert.equal((await guest.get('/users/nobody_here_at_all/feed.atom')).status, 404);
});

eachDialect(
  'a tag’s feed lists its synonyms’ and sub tags’ works like its page; a synonym’s feed redirects',
  async ({ db }) => {
    const writer = await buildUser(db);
    const wrangler = await buildUser(db, { isWrangler: true });
    await buildWork(db, writer, { meta: { title: 'Plain Fluff', freeforms: ['Feed Fluff'] } });
    await buildWork(db, writer, { meta: { title: 'Synonym Fluff', freeforms: ['Feed Fluffy'] } });
    await buildWork(db, writer, { meta: { title: 'Sub Fluff', freeforms: ['Tiny Feed Fluff'] } });
    await buildWork(db, writer, { meta: { title: 'Unrelated', freeforms: ['Angst'] } });
    for (const [tag, action] of [
      ['Feed Fluff', { kind: 'canonical', canonical: true }],
      ['Tiny Feed Fluff', { kind: 'canonical', canonical: true }],
      ['Feed Fluffy', { kind: 'synonym', of: 'Feed Fluff' }],
      ['Tiny Feed Fluff', { kind: 'add-meta', meta: 'Feed Fluff' }],
    ] as const) {
      assert.ok((await wrangleTag(db, wrangler.viewer(), tag, action)).ok, tag);
    }
    const guest = new Client(testApp(db));
    const f = await feed(guest, `/tags/${tagToUrlSegment('Feed Fluff')}/feed.atom`);
    assert.deepEqual(titlesOf(f).sort(), ['Plain Fluff', 'Sub Fluff', 'Synonym Fluff']);
    const res = await guest.get(`/tags/${tagToUrlSegment('Feed Fluffy')}/feed.atom?rating=Explicit`);
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), `/tags/${tagToUrlSegment('Feed Fluff')}/feed.atom?rating=Explicit`);
  },
);

eachDialect(
  'restricted works and drafts never reach a guest’s feed; a token-authenticated member sees restricted ones',
  async ({ db }) => {
    const writer = await buildUser(db, { username: 'quiet_writer' });
    await buildWork(db, writer, {
      meta: { title: 'Open Harbour', fandoms: ['Quiet Fandom'], freeforms: ['Shared Tag'] },
    });
    await buildWork(db, writer, {
      meta: { title: 'Members Lantern', restricted: true, fandoms: ['Quiet Fandom'], freeforms: ['Shared Tag'] },
    });
    await buildWork(db, writer, {
      meta: { title: 'Unposted Draft', fandoms: ['Quiet Fandom'], freeforms: ['Shared Tag'] },
      draft: true,
    });
    const reader = await buildUser(db);
    const app = testApp(db);
    const guest = new Client(app);
    const paths = [
      '/works/feed.atom',
      '/search/feed.atom?q=lighthouse',
      `/tags/${tagToUrlSegment('Shared Tag')}/feed.atom`,
      '/users/quiet_writer/feed.atom',
    ];
    for (const path of paths) {
      const body = await (await guest.get(path)).text();
      assertAtomFeed(parseFeed(body), path);
      assert.ok(body.includes('Open Harbour'), `${path} lists the public work`);
      assert.ok(!body.includes('Members Lantern'), `${path} leaked a restricted work to a guest`);
      assert.ok(!body.includes('Unposted Draft'), `${path} leaked a draft`);
    }
    const token = await tokenFor(db, reader);
    const own = await tokenFor(db, writer);
    for (const path of paths) {
      const titles = titlesOf(await feed(new Client(app), path, { authorization: `Bearer ${token}` }));
      assert.ok(titles.includes('Members Lantern'), `${path}: the member sees the restricted work`);
      assert.ok(!titles.includes('Unposted Draft'), `${path}: drafts are on their creator's drafts page only`);
      // Even its creator: a feed is a listing, and listings never show drafts.
      assert.ok(
        !titlesOf(await feed(new Client(app), path, { authorization: `Bearer ${own}` })).includes('Unposted Draft'),
      );
    }
  },
);

eachDialect('a member’s feed honours their blocklist: a muted creator and a blocked tag', async ({ db }) => {
  const loud = await buildUser(db, { username: 'loud_writer' });
  const calm = await buildUser(db);
  await buildWork(db, loud, { meta: { title: 'Loud Work' } });
  await buildWork(db, calm, { meta: { title: 'Blocked Tag Work', freeforms: ['Feed Spiders'] } });
  await buildWork(db, calm, { meta: { title: 'Calm Work' } });
  const reader = await buildUser(db);
  assert.ok((await muteUser(db, reader.viewer(), 'loud_writer')).ok);
  assert.ok((await blockTag(db, reader.viewer(), '*Spiders*')).ok);
  const app = testApp(db);
  const token = await tokenFor(db, reader);
  const mine = titlesOf(await feed(new Client(app), '/works/feed.atom', { authorization: `Bearer ${token}` }));
  assert.deepEqual(mine, ['Calm Work']);
  // Asking to see blocked works once does not apply to a feed.
  assert.deepEqual(
    titlesOf(await feed(new Client(app), '/works/feed.atom?show_blocked=1', { authorization: `Bearer ${token}` })),
    ['Calm Work'],
  );
  const guests = titlesOf(await feed(new Client(app), '/works/feed.atom'));
  assert.deepEqual(guests.sort(), ['Blocked Tag Work', 'Calm Work', 'Loud Work']);
});

eachDialect('posting a chapter moves the work to the top of the feed with a later updated', async ({ db }) => {
  const writer = await buildUser(db);
  const older = await buildWork(db, writer, { meta: { title: 'Older Work', expectedChapters: 3 } });
  await buildWork(db, writer, { meta: { title: 'Newer Work' } });
  const guest = new Client(testApp(db));
  const before = await feed(guest, '/works/feed.atom');
  assert.deepEqual(titlesOf(before), ['Newer Work', 'Older Work']);
  const was = before.entries[1]!.updated;
  assert.match(before.entries[1]!.content!.value, /Chapters: 1\/3/);

  await new Promise((r) => setTimeout(r, 5));
  assert.ok(
    (await addChapter(db, writer.viewer(), older, { body: 'The second morning came with fog over the harbour.' })).ok,
  );
  const after = await feed(guest, '/works/feed.atom');
  assert.deepEqual(titlesOf(after), ['Older Work', 'Newer Work']);
  const entry = after.entries[0]!;
  assert.ok(entry.updated > was, `updated moved: ${was} → ${entry.updated}`);
  assert.equal(after.updated[0], entry.updated);
  assert.match(entry.content!.value, /Chapters: 2\/3/);
  assert.equal(entry.ids[0], before.entries[1]!.ids[0], 'the same entry id: readers see an update, not a new work');
});

eachDialect('absolute URLs follow X-Forwarded-Proto and -Host only behind a trusted proxy', async ({ db }) => {
  const writer = await buildUser(db);
  await buildWork(db, writer, { meta: { title: 'Proxy Work' } });
  const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'archive.example' };
  const direct = await feed(new Client(testApp(db)), '/works/feed.atom', headers);
  assert.match(direct.ids[0]!, /^http:\/\/localhost\//);
  const proxied = createApp({ db, config: { siteName: 'Quire', trustProxy: true }, logger: pino({ level: 'silent' }) });
  const f = await feed(new Client(proxied), '/works/feed.atom', headers);
  assert.equal(f.ids[0], 'https://archive.example/works');
  assert.equal(linkOf(f.links, 'self')?.href, 'https://archive.example/works/feed.atom');
  assert.match(f.entries[0]!.ids[0]!, /^https:\/\/archive\.example\/works\/\d+$/);
});
