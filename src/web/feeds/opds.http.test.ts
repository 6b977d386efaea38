import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { eachDialect } from '../../../test/db.js';
import { buildUser, buildWork, type TestUser } from '../../../test/factories.js';
import { Client, testApp } from '../../../test/http.js';
import { assertAtomFeed, linkOf, parseFeed, parseOpenSearch, titlesOf, type ParsedFeed } from '../../../test/atom.js';
import type { DB } from '../../store/schema.js';
import { createAccessToken } from '../../services/access-tokens.js';
import { tagToUrlSegment } from '../../domain/tags.js';

const NAV = 'application/atom+xml;profile=opds-catalog;kind=navigation';
const ACQ = 'application/atom+xml;profile=opds-catalog;kind=acquisition';
const OPEN_ACCESS = 'http://opds-spec.org/acquisition/open-access';
const FACET = 'http://opds-spec.org/facet';

const basic = (username: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`,
});

async function tokenFor(db: Kysely<DB>, u: TestUser): Promise<string> {
  const r = await createAccessToken(db, u.viewer(), { name: 'KOReader' });
  assert.ok(r.ok);
  return r.value.secret;
}

/** Fetches a catalog document, checks its type and the links every OPDS feed carries. */
async function catalog(
  client: Client,
  path: string,
  kind: 'navigation' | 'acquisition',
  headers: Record<string, string> = {},
): Promise<ParsedFeed> {
  const res = await client.get(path, headers);
  const body = await res.text();
  assert.equal(res.status, 200, `${path}: ${res.status} ${body.slice(0, 200)}`);
  assert.equal(res.headers.get('content-type'), `${kind === 'navigation' ? NAV : ACQ}; charset=utf-8`, path);
  assert.equal(res.headers.get('set-cookie'), null, `${path} set a cookie`);
  const f = parseFeed(body);
  assertAtomFeed(f, path, kind === 'navigation' ? 'inherited' : 'own');
  assert.equal(f.namespaces['xmlns:opds'], 'http://opds-spec.org/2010/catalog');
  const start = linkOf(f.links, 'start');
  assert.deepEqual([start?.href, start?.type], ['http://localhost/opds', NAV], `${path}: start link`);
  assert.equal(linkOf(f.links, 'self')?.type, kind === 'navigation' ? NAV : ACQ);
  const search = f.links.find((l) => l.rel === 'search' && l.type === 'application/opensearchdescription+xml');
  assert.equal(search?.href, 'http://localhost/opds/opensearch.xml', `${path}: search link`);
  return f;
}

eachDialect('the OPDS root is a navigation feed: Recent, Fandoms, Search', async ({ db }) => {
  const guest = new Client(testApp(db));
  const root = await catalog(guest, '/opds', 'navigation');
  assert.equal(linkOf(root.links, 'self')?.href, 'http://localhost/opds');
  assert.deepEqual(titlesOf(root), ['Recently updated', 'Fandoms', 'Search']);
  const [recent, fandoms, search] = root.entries.map((e) => e.links[0]!);
  assert.deepEqual([recent?.href, recent?.type], ['http://localhost/opds/recent', ACQ]);
  assert.deepEqual([fandoms?.href, fandoms?.type, fandoms?.rel], ['http://localhost/opds/fandoms', NAV, 'subsection']);
  assert.deepEqual(
    [search?.href, search?.type, search?.rel],
    ['http://localhost/opds/opensearch.xml', 'application/opensearchdescription+xml', 'search'],
  );
  // KOReader asks for no compression; nothing here compresses anyway.
  const plain = await guest.get('/opds', { 'accept-encoding': 'identity' });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.match(await plain.text(), /^<\?xml/);
});

eachDialect(
  '/opds/recent pages 20 works with first, previous, next and last; entries carry what a reader needs',
  async ({ db }) => {
    const writer = await buildUser(db, { username: 'opds_writer' });
    const ids: number[] = [];
    for (let i = 1; i <= 41; i++)
      ids.push(await buildWork(db, writer, { meta: { title: `Catalog Work ${String(i).padStart(2, '0')}` } }));
    const special = await buildWork(db, writer, {
      meta: {
        title: 'Storm Chapter',
        rating: 'Mature',
        warnings: ['Major Character Death'],
        fandoms: ['Catalog Fandom'],
        relationships: ['Keeper/Gull'],
        freeforms: ['Fog'],
        summary: 'A storm, and what it <em>took</em>.',
        language: 'en',
      },
    });
    const guest = new Client(testApp(db));
    const first = await catalog(guest, '/opds/recent', 'acquisition');
    assert.equal(first.entries.length, 20);
    assert.equal(first.totalResults, '42');
    assert.equal(first.entries[0]!.title, 'Storm Chapter', 'newest update first');
    const href = (f: ParsedFeed, rel: string) => linkOf(f.links, rel)?.href;
    assert.equal(href(first, 'first'), 'http://localhost/opds/recent');
    assert.equal(href(first, 'last'), 'http://localhost/opds/recent?page=3');
    assert.equal(href(first, 'next'), 'http://localhost/opds/recent?page=2');
    assert.equal(href(first, 'previous'), undefined);
    const middle = await catalog(guest, '/opds/recent?page=2', 'acquisition');
    assert.equal(href(middle, 'self'), 'http://localhost/opds/recent?page=2');
    assert.equal(href(middle, 'previous'), 'http://localhost/opds/recent');
    assert.equal(href(middle, 'next'), 'http://localhost/opds/recent?page=3');
    const last = await catalog(guest, '/opds/recent?page=3', 'acquisition');
    assert.equal(last.entries.length, 2);
    assert.equal(href(last, 'next'), undefined);
    const all = [...first.entries, ...middle.entries, ...last.entries].map((e) => e.ids[0]);
    assert.equal(new Set(all).size, 42, 'every work once across the pages');
    assert.equal(first.ids[0], middle.ids[0], 'the pages are one feed');

    const e = first.entries[0]!;
    assert.equal(e.ids[0], `http://localhost/works/${special}`);
    assert.deepEqual(
      e.authors.map((a) => a.name),
      ['opds_writer'],
    );
    // A Mature work: a guest's catalog offers no download, which would skip the adult gate.
    assert.equal(
      e.links.find((l) => l.rel === OPEN_ACCESS),
      undefined,
    );
    assert.match(e.summary ?? '', /Adult content: to download it here, sign this app in with a personal access token/);
    const general = first.entries.find((x) => x.title !== 'Storm Chapter')!;
    assert.match(
      general.links.find((l) => l.rel === OPEN_ACCESS)?.href ?? '',
      /^http:\/\/localhost\/works\/\d+\/download\.epub$/,
    );
    assert.deepEqual(
      [linkOf(e.links, 'alternate')?.type, linkOf(e.links, 'alternate')?.href],
      ['text/html', `http://localhost/works/${special}`],
    );
    assert.equal(e.language, 'en');
    // The reader sees the rating and warnings before anything else, and before downloading.
    const summary = e.summary ?? '';
    assert.match(summary, /^Rating: Mature\nArchive Warning: Major Character Death\n/);
    assert.match(summary, /Chapters: 1\/\?/);
    assert.ok(summary.indexOf('A storm, and what it took.') > summary.indexOf('Major Character Death'));
    assert.deepEqual(
      e.categories.map((c) => [c.scheme, c.term, c.label]),
      [
        ['rating', 'Mature', 'Mature'],
        ['warning', 'Major Character Death', 'Major Character Death'],
        ['fandom', 'Catalog Fandom', 'Catalog Fandom'],
        ['relationship', 'Keeper/Gull', 'Keeper/Gull'],
        ['freeform', 'Fog', 'Fog'],
      ],
    );
  },
);

eachDialect(
  'acquisition feeds offer rating and completion facets; choosing one filters and marks it active',
  async ({ db }) => {
    const writer = await buildUser(db);
    await buildWork(db, writer, {
      meta: { title: 'Gentle Finished', rating: 'General Audiences', expectedChapters: 1 },
    });
    await buildWork(db, writer, { meta: { title: 'Explicit Ongoing', rating: 'Explicit', expectedChapters: null } });
    await buildWork(db, writer, { meta: { title: 'Explicit Finished', rating: 'Explicit', expectedChapters: 1 } });
    const guest = new Client(testApp(db));
    const all = await catalog(guest, '/opds/recent', 'acquisition');
    const facets = all.links.filter((l) => l.rel === FACET);
    assert.deepEqual([...new Set(facets.map((f) => f.facetGroup))], ['Rating', 'Completion']);
    assert.ok(facets.every((f) => f.type === ACQ && f.title && f.href.startsWith('http://localhost/opds/recent')));
    const active = (f: ParsedFeed) =>
      f.links.filter((l) => l.rel === FACET && l.activeFacet === 'true').map((l) => `${l.facetGroup}: ${l.title}`);
    assert.deepEqual(active(all), ['Rating: All ratings', 'Completion: Complete and in progress']);

    const explicit = facets.find((f) => f.title === 'Explicit')!;
    const byRating = await catalog(guest, explicit.href.replace('http://localhost', ''), 'acquisition');
    assert.deepEqual(titlesOf(byRating).sort(), ['Explicit Finished', 'Explicit Ongoing']);
    assert.deepEqual(active(byRating), ['Rating: Explicit', 'Completion: Complete and in progress']);
    const complete = byRating.links.find((l) => l.rel === FACET && l.title === 'Complete')!;
    const both = await catalog(guest, complete.href.replace('http://localhost', ''), 'acquisition');
    assert.deepEqual(titlesOf(both), ['Explicit Finished']);
    assert.deepEqual(active(both), ['Rating: Explicit', 'Completion: Complete']);
    // Paging links keep the facets.
    assert.match(linkOf(both.links, 'first')?.href ?? '', /rating=Explicit&complete=true/);
    const bad = await guest.get('/opds/recent?rating=Spicy');
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /There is no rating “Spicy”/);
  },
);

eachDialect(
  '/opds/fandoms lists fandoms that lead to their works; /opds/search finds works; OpenSearch describes it',
  async ({ db }) => {
    const writer = await buildUser(db);
    await buildWork(db, writer, { meta: { title: 'Lamp Story', fandoms: ['Lamp Fandom'] } });
    await buildWork(db, writer, { meta: { title: 'Second Lamp Story', fandoms: ['Lamp Fandom'] } });
    await buildWork(db, writer, {
      meta: { title: 'Ferry Story', fandoms: ['Ferry Fandom'] },
      body: 'The albatross followed the ferry all the way out.',
    });
    const guest = new Client(testApp(db));
    const nav = await catalog(guest, '/opds/fandoms', 'navigation');
    assert.equal(linkOf(nav.links, 'up')?.href, 'http://localhost/opds');
    const lamp = nav.entries.find((e) => e.title === 'Lamp Fandom');
    assert.ok(lamp, `fandoms: ${titlesOf(nav).join(', ')}`);
    assert.deepEqual(titlesOf(nav).slice(0, 1), ['Lamp Fandom'], 'most used first');
    assert.equal(lamp.content?.value, '2 works');
    const link = lamp.links[0]!;
    assert.deepEqual(
      [link.rel, link.type, link.href],
      ['subsection', ACQ, `http://localhost/opds/fandoms/${tagToUrlSegment('Lamp Fandom')}`],
    );
    const works = await catalog(guest, link.href.replace('http://localhost', ''), 'acquisition');
    assert.deepEqual(titlesOf(works).sort(), ['Lamp Story', 'Second Lamp Story']);
    assert.equal((await guest.get('/opds/fandoms/Nothing%20Here')).status, 404);

    const found = await catalog(guest, '/opds/search?q=albatross', 'acquisition');
    assert.deepEqual(titlesOf(found), ['Ferry Story']);
    assert.equal(linkOf(found.links, 'self')?.href, 'http://localhost/opds/search?q=albatross');
    const blank = await catalog(guest, '/opds/search', 'acquisition');
    assert.equal(blank.entries.length, 0);

    // The description loads without credentials, even when an app sends stale ones.
    for (const headers of [{}, { authorization: 'Bearer qpat_not-a-real-token' }, basic('someone', 'wrong')]) {
      const res = await new Client(guest.app).get('/opds/opensearch.xml', headers);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/opensearchdescription+xml; charset=utf-8');
      const d = parseOpenSearch(await res.text());
      assert.equal(d.shortName, 'Quire');
      assert.ok(d.urls.some((u) => u.type === ACQ && u.template === 'http://localhost/opds/search?q={searchTerms}'));
    }
  },
);

eachDialect(
  'the catalog shows a guest what a guest sees, and a member (HTTP Basic with a token) their own view',
  async ({ db }) => {
    const writer = await buildUser(db);
    await buildWork(db, writer, {
      meta: { title: 'Open Lamp', fandoms: ['Guarded Fandom'] },
      body: 'The lamp burned over the quiet water all night.',
    });
    await buildWork(db, writer, {
      meta: { title: 'Members Lamp', restricted: true, fandoms: ['Guarded Fandom'] },
      body: 'The lamp burned over the quiet water all night.',
    });
    await buildWork(db, writer, {
      meta: { title: 'Draft Lamp', fandoms: ['Guarded Fandom'] },
      body: 'The lamp burned over the quiet water all night.',
      draft: true,
    });
    await buildWork(db, writer, {
      meta: { title: 'Hidden Fandom Lamp', restricted: true, fandoms: ['Members Only Fandom'] },
    });
    const reader = await buildUser(db, { username: 'opds_reader' });
    const token = await tokenFor(db, reader);
    const app = testApp(db);
    const paths = ['/opds/recent', '/opds/search?q=lamp', `/opds/fandoms/${tagToUrlSegment('Guarded Fandom')}`];
    for (const path of paths) {
      const guestTitles = titlesOf(await catalog(new Client(app), path, 'acquisition'));
      assert.ok(guestTitles.includes('Open Lamp'), path);
      assert.ok(!guestTitles.includes('Members Lamp'), `${path} showed a guest a restricted work`);
      assert.ok(!guestTitles.includes('Draft Lamp'), `${path} showed a draft`);
      const member = titlesOf(await catalog(new Client(app), path, 'acquisition', basic('opds_reader', token)));
      assert.ok(member.includes('Members Lamp'), `${path}: the member sees the restricted work`);
      assert.ok(!member.includes('Draft Lamp'), `${path}: drafts stay on their creator's drafts page`);
    }
    const guestFandoms = titlesOf(await catalog(new Client(app), '/opds/fandoms', 'navigation'));
    assert.ok(
      !guestFandoms.includes('Members Only Fandom'),
      'a fandom used only on a restricted work is not named to a guest',
    );
    assert.equal((await new Client(app).get(`/opds/fandoms/${tagToUrlSegment('Members Only Fandom')}`)).status, 404);
    const memberFandoms = titlesOf(
      await catalog(new Client(app), '/opds/fandoms', 'navigation', basic('opds_reader', token)),
    );
    assert.ok(memberFandoms.includes('Members Only Fandom'));

    // A bad token is turned away with a challenge, not served as a guest.
    for (const headers of [
      basic('opds_reader', 'qpat_wrong'),
      basic('opds_reader', reader.password),
      basic(writer.username, token),
    ]) {
      const res = await new Client(app).get('/opds/recent', headers);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Quire"');
      assert.equal(res.headers.get('set-cookie'), null);
      assert.ok(!(await res.text()).includes('Open Lamp'));
    }
  },
);
