// Page-level tests of the works listings (/works, /search, /tags/:name/works): the filter form's
// query parameters, the tag sidebar, messages for filters that cannot match, the blocklist, muting,
// saved filters and the CSRF tokens on those forms. In-process requests, both dialects.
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { eachDialect, regressionTest } from '../../test/db.js';
import { countRows } from '../../test/inspect.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import type { DB } from '../store/schema.js';
import { wrangleTag } from '../services/wrangle-tag.js';

const FANDOM = 'Gull Point (TV)';
const VIOLENCE = 'Graphic Depictions Of Violence';
const T = { lights: 'Harbour Lights', storm: 'Storm Wall', lamp: 'The Lamp Room', ferry: 'Morning Ferry' } as const;

/** Four works: three by one writer in one fandom, one by another writer elsewhere. */
async function seed(db: Kysely<DB>) {
  const writer = await buildUser(db, { username: 'harbour_writer' });
  const other = await buildUser(db, { username: 'ferry_writer' });
  await buildWork(db, writer, {
    meta: { title: T.lights, rating: 'General Audiences', fandoms: [FANDOM], freeforms: ['Fluff', 'Found Family'] },
    body: 'An albatross landed on the gallery rail and stayed for supper.\n\nThe keeper fed it sardines.',
  });
  await buildWork(db, writer, {
    meta: {
      title: T.storm,
      rating: 'Teen And Up Audiences',
      warnings: [VIOLENCE],
      fandoms: [FANDOM],
      freeforms: ['Angst', 'Found Family'],
    },
  });
  await buildWork(db, writer, {
    meta: { title: T.lamp, rating: 'Explicit', warnings: ['Rape/Non-Con'], fandoms: [FANDOM], freeforms: ['Angst'] },
  });
  await buildWork(db, other, {
    meta: { title: T.ferry, rating: 'General Audiences', fandoms: ['Original Work'], freeforms: ['Fluffy'] },
  });
  return { writer, other, app: testApp(db) };
}

async function loggedIn(app: ReturnType<typeof testApp>, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The titles of the blurbs on a listing page, in order. */
function titles(html: string): string[] {
  return [
    ...html.matchAll(/<li class="blurb" id="work_\d+"><h3 class="heading"><a href="\/works\/\d+">([^<]*)<\/a>/g),
  ].map((m) => unescape(m[1]!));
}

/** The count in the listing's heading: "Works (3)". */
function headingCount(html: string): number {
  const m = /<h1>[^<]*<span class="muted">\(([\d,]+)\)<\/span><\/h1>/.exec(html);
  assert.ok(m, 'no count in the heading');
  return Number(m[1]!.replace(/,/g, ''));
}

async function listing(client: Client, path: string): Promise<{ status: number; html: string; titles: string[] }> {
  const res = await client.get(path);
  const html = await res.text();
  return { status: res.status, html, titles: titles(html) };
}

const sorted = (a: string[]) => [...a].sort();
const qs = (p: Record<string, string | string[]>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  return u.toString();
};

eachDialect('/works: filter parameters select the right blurbs and the heading counts them', async ({ db }) => {
  const { app } = await seed(db);
  const guest = new Client(app);
  const all = await listing(guest, '/works');
  assert.equal(all.status, 200);
  assert.deepEqual(sorted(all.titles), sorted(Object.values(T)));
  assert.equal(headingCount(all.html), 4);

  const cases: Array<[Record<string, string | string[]>, string[]]> = [
    [{ rating: ['Teen And Up Audiences', 'explicit'] }, [T.storm, T.lamp]],
    [{ include: 'Angst', exclude: 'Rape/Non-Con' }, [T.storm]],
    [{ include: `${FANDOM}, Found Family` }, [T.lights, T.storm]],
    [{ warning: VIOLENCE }, [T.storm]],
    // Title order ignores a leading article, as AO3's does: "The Lamp Room" sorts as "lamp room".
    [{ include: FANDOM, sort: 'title' }, [T.lights, T.lamp, T.storm]],
    [{ exclude: FANDOM }, [T.ferry]],
    [{ wordsFrom: '1', wordsTo: '5' }, []],
  ];
  for (const [params, want] of cases) {
    const r = await listing(guest, `/works?${qs(params)}`);
    assert.equal(r.status, 200, qs(params));
    if (params.sort) assert.deepEqual(r.titles, want, `order for ${qs(params)}`);
    else assert.deepEqual(sorted(r.titles), sorted(want), qs(params));
    assert.equal(headingCount(r.html), want.length, `count for ${qs(params)}`);
  }
});

eachDialect('the sidebar counts tags in the results; its include and exclude links filter', async ({ db }) => {
  const { app } = await seed(db);
  const guest = new Client(app);
  const { html } = await listing(guest, `/works?${qs({ include: FANDOM })}`);
  const count = (name: string) => {
    const m = new RegExp(
      `<a class="include" href="[^"]*"[^>]*>${name.replace(/[()/]/g, '\\$&')}</a> <span class="count">\\((\\d+)\\)</span>`,
    ).exec(html);
    return m ? Number(m[1]) : undefined;
  };
  assert.equal(count(FANDOM), 3);
  assert.equal(count('Angst'), 2);
  assert.equal(count('Found Family'), 2);
  assert.equal(count('Fluff'), 1);
  assert.equal(count(VIOLENCE), 1);
  assert.equal(count('Fluffy'), undefined, 'a tag of a work outside the results is not offered');

  const link = (cls: 'include' | 'exclude', name: string) => {
    const m =
      cls === 'exclude'
        ? new RegExp(`<a class="exclude" href="([^"]+)" aria-label="Exclude ${name}"`).exec(html)
        : new RegExp(`<a class="include" href="([^"]+)"[^>]*>${name}</a>`).exec(html);
    assert.ok(m, `no ${cls} link for ${name}`);
    return unescape(m[1]!);
  };
  const without = await listing(guest, link('exclude', VIOLENCE));
  assert.equal(without.status, 200);
  assert.deepEqual(
    sorted(without.titles),
    sorted([T.lights, T.lamp]),
    'excluding the warning removes that work and keeps the fandom filter',
  );
  assert.equal(headingCount(without.html), 2);
  const angst = await listing(guest, link('include', 'Angst'));
  assert.deepEqual(sorted(angst.titles), sorted([T.storm, T.lamp]));
});

eachDialect('filters that cannot match say why, with status 200 and no works', async ({ db }) => {
  const { app } = await seed(db);
  const guest = new Client(app);
  const unknown = await listing(guest, `/works?${qs({ include: 'Lighthouse Ghosts' })}`);
  assert.equal(unknown.status, 200);
  assert.match(unknown.html, /The tag “Lighthouse Ghosts” does not exist/);
  assert.deepEqual(unknown.titles, []);
  assert.equal(headingCount(unknown.html), 0);

  const bad = await listing(guest, `/works?${qs({ q: '"unclosed' })}`);
  assert.equal(bad.status, 200);
  assert.match(bad.html, /Unclosed quote/);
  assert.deepEqual(bad.titles, []);
  const api = await guest.get(`/api/v1/works?${qs({ q: '"unclosed' })}`);
  assert.equal(api.status, 400);
  assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'bad_query');

  const many = await listing(guest, `/works?${qs({ include: Array.from({ length: 21 }, (_, i) => `Tag ${i + 1}`) })}`);
  assert.equal(many.status, 200);
  assert.match(many.html, /A filter can include at most 20 tags/);
  assert.deepEqual(many.titles, []);
});

eachDialect(
  '/search finds a word of the chapter text and highlights it; a synonym’s works page redirects',
  async ({ db }) => {
    const { app } = await seed(db);
    const guest = new Client(app);
    const r = await listing(guest, '/search?q=albatross');
    assert.equal(r.status, 200);
    assert.deepEqual(r.titles, [T.lights]);
    assert.match(r.html, /<p class="snippet">[^]*<mark>albatross<\/mark>/i);

    const wrangler = await buildUser(db, { isWrangler: true });
    assert.ok((await wrangleTag(db, wrangler.viewer(), 'Fluff', { kind: 'canonical', canonical: true })).ok);
    assert.ok((await wrangleTag(db, wrangler.viewer(), 'Fluffy', { kind: 'synonym', of: 'Fluff' })).ok);
    const res = await guest.get('/tags/Fluffy/works?sort=title');
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/tags/Fluff/works?sort=title');
    const canonical = await listing(guest, '/tags/Fluff/works?sort=title');
    assert.deepEqual(canonical.titles, [T.lights, T.ferry], 'the canonical’s page lists works tagged with its synonym');
  },
);

eachDialect(
  'blocking *Non-Con* hides the work on /works and in the API, with a count and a show-once link',
  async ({ db }) => {
    const { app } = await seed(db);
    const reader = await buildUser(db);
    const client = await loggedIn(app, reader);
    const blocked = await client.post(
      '/account/blocklist/block',
      { pattern: '*Non-Con*' },
      { csrfFrom: '/account/blocklist' },
    );
    assert.equal(blocked.status, 303);
    assert.match(await (await client.get('/account/blocklist')).text(), /\*Non-Con\*/);

    const r = await listing(client, '/works');
    assert.match(r.html, /1 work hidden by your blocklist\./);
    assert.deepEqual(sorted(r.titles), sorted([T.lights, T.storm, T.ferry]));
    assert.equal(headingCount(r.html), 3);
    const once = /<a href="([^"]+)">Show them this once<\/a>/.exec(r.html);
    assert.ok(once, 'no "Show them this once" link');
    const shown = await listing(client, unescape(once[1]!));
    assert.ok(shown.titles.includes(T.lamp), 'the blocked work is shown once');
    assert.match(shown.html, /Showing works your blocklist would hide, this once\./);
    assert.deepEqual(
      sorted((await listing(client, '/works')).titles),
      sorted([T.lights, T.storm, T.ferry]),
      '…and only once',
    );

    type Page = { works: Array<{ title: string }>; total: number; hiddenByBlocklist: number };
    const api = (await (await client.get('/api/v1/works')).json()) as Page;
    assert.equal(api.hiddenByBlocklist, 1);
    assert.equal(api.total, 3);
    assert.ok(!api.works.some((w) => w.title === T.lamp));
    const apiOnce = (await (await client.get('/api/v1/works?show_blocked=1')).json()) as Page;
    assert.ok(apiOnce.works.some((w) => w.title === T.lamp));
    // Someone else's listing is untouched.
    assert.equal(((await (await new Client(app).get('/api/v1/works')).json()) as Page).total, 4);
  },
);

eachDialect('muting a member via the form hides their works on /works and on their user page', async ({ db }) => {
  const { app, other } = await seed(db);
  const reader = await buildUser(db);
  const client = await loggedIn(app, reader);
  assert.match(await (await client.get(`/users/${other.username}`)).text(), new RegExp(T.ferry));
  const res = await client.post(
    '/account/blocklist/mute',
    { username: other.username },
    { csrfFrom: '/account/blocklist' },
  );
  assert.equal(res.status, 303);
  assert.match(
    await (await client.get('/account/blocklist')).text(),
    new RegExp(`<a href="/users/${other.username}">${other.username}</a>`),
  );

  const r = await listing(client, '/works');
  assert.deepEqual(sorted(r.titles), sorted([T.lights, T.storm, T.lamp]));
  assert.match(r.html, /1 work hidden by your blocklist\./);
  const userPage = await client.get(`/users/${other.username}`);
  assert.equal(userPage.status, 200);
  const html = await userPage.text();
  assert.ok(!html.includes(T.ferry), 'a muted member’s work is still on their user page');
  // A guest still sees it.
  assert.match(await (await new Client(app).get(`/users/${other.username}`)).text(), new RegExp(T.ferry));
});

eachDialect(
  'a filter saved from the /works sidebar is listed on /dashboard and its link re-runs it',
  async ({ db }) => {
    const { app } = await seed(db);
    const reader = await buildUser(db);
    const client = await loggedIn(app, reader);
    const path = `/works?${qs({ include: 'Found Family', exclude: VIOLENCE, page: '1', sort: 'title' })}`;
    const before = await listing(client, path);
    assert.deepEqual(before.titles, [T.lights]);
    const form = /<form class="work-form ui" method="post" action="\/account\/filters">[^]*?<\/form>/.exec(before.html);
    assert.ok(form, 'no "Save this filter" form in the sidebar');
    const token = /name="_csrf" value="([^"]+)"/.exec(form[0])![1]!;
    const query = unescape(/name="query" value="([^"]*)"/.exec(form[0])![1]!);
    const saved = await client.post('/account/filters', { name: 'Found family, no violence', query }, { csrf: token });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), '/dashboard');

    const dash = await (await client.get('/dashboard')).text();
    const link = /<ul class="saved-filters">[^]*?<a href="([^"]+)">Found family, no violence<\/a>/.exec(dash);
    assert.ok(link, 'the saved filter is not on the dashboard');
    const again = await listing(client, unescape(link[1]!));
    assert.equal(again.status, 200);
    assert.deepEqual(again.titles, before.titles);
    // Another member's dashboard does not list it.
    assert.doesNotMatch(
      await (await (await loggedIn(app, await buildUser(db))).get('/dashboard')).text(),
      /Found family, no violence/,
    );
    // The guest's sidebar has no save form.
    assert.doesNotMatch(await (await new Client(app).get(path)).text(), /action="\/account\/filters"/);
  },
);

eachDialect('the blocklist, mute and saved-filter forms need the CSRF token (403, nothing stored)', async ({ db }) => {
  const { app, other } = await seed(db);
  const reader = await buildUser(db);
  const client = await loggedIn(app, reader);
  const posts: Array<[string, Record<string, string>]> = [
    ['/account/blocklist/block', { pattern: '*Non-Con*' }],
    ['/account/blocklist/mute', { username: other.username }],
    ['/account/filters', { name: 'Sneaky', query: 'include=Angst' }],
  ];
  for (const [path, fields] of posts) {
    assert.equal((await client.post(path, fields, { csrf: null })).status, 403, `${path} without a token`);
    assert.equal(
      (await client.post(path, fields, { csrf: 'not-the-token' })).status,
      403,
      `${path} with a wrong token`,
    );
  }
  for (const table of ['blocked_tags', 'muted_users', 'saved_filters'] as const)
    assert.equal(await countRows(db, table), 0, table);
  assert.equal((await listing(client, '/works')).titles.length, 4);
});

regressionTest(
  'a filter saved from a tag’s works page keeps the tag when re-run from the dashboard',
  'works-browse.tsx:188 saves the query without the page’s fixed tag; reader-settings.routes.tsx:122 links it to /works',
  async (db) => {
    const { app } = await seed(db);
    const client = await loggedIn(app, await buildUser(db));
    const page = await listing(client, '/tags/Found%20Family/works?rating=General%20Audiences');
    assert.deepEqual(page.titles, [T.lights]);
    const form = /<form class="work-form ui" method="post" action="\/account\/filters">[^]*?<\/form>/.exec(
      page.html,
    )![0];
    const query = unescape(/name="query" value="([^"]*)"/.exec(form)![1]!);
    assert.equal(
      (await client.post('/account/filters', { name: 'General found family', query }, { csrfFrom: '/dashboard' }))
        .status,
      303,
    );
    const link = /<a href="([^"]+)">General found family<\/a>/.exec(await (await client.get('/dashboard')).text())!;
    assert.deepEqual(
      (await listing(client, unescape(link[1]!))).titles,
      [T.lights],
      'the saved filter lost the tag: it now lists every General Audiences work',
    );
  },
);

regressionTest(
  'a blocked tag stays blocked after a wrangler renames it',
  'blocked_tags keeps the name only; wrangle-tag.ts:124 renames the tag without updating exact-name blocks',
  async (db) => {
    const { app } = await seed(db);
    const client = await loggedIn(app, await buildUser(db));
    assert.equal(
      (await client.post('/account/blocklist/block', { pattern: 'Angst' }, { csrfFrom: '/account/blocklist' })).status,
      303,
    );
    assert.deepEqual(sorted((await listing(client, '/works')).titles), sorted([T.lights, T.ferry]));
    const wrangler = await buildUser(db, { isWrangler: true });
    assert.ok((await wrangleTag(db, wrangler.viewer(), 'Angst', { kind: 'rename', name: 'Angst (Heavy)' })).ok);
    assert.deepEqual(
      sorted((await listing(client, '/works')).titles),
      sorted([T.lights, T.ferry]),
      'the renamed tag’s works reappeared',
    );
  },
);
