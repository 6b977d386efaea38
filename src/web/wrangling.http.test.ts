// Page-level tests of tag wrangling: who may wrangle, each kind of change as seen on the tag page
// and in the API, refusals that leave the graph alone, the per-fandom queue, tag autocomplete and
// the OpenAPI description of the works filter. In-process requests, both dialects.
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { eachDialect, regressionTest } from '../../test/db.js';
import { countRows, tagGraph, tagRowByKey } from '../../test/inspect.js';
import { buildUser, buildWork, type TestUser } from '../../test/factories.js';
import { Client, testApp } from '../../test/http.js';
import type { DB } from '../store/schema.js';
import { tagToUrlSegment } from '../domain/tags.js';

const FANDOM = 'Gull Point (TV)';
type App = ReturnType<typeof testApp>;
type TagJson = {
  name: string;
  canonical: boolean;
  synonymOf: string | null;
  synonyms: string[];
  metaTags: string[];
  subTags: string[];
  parentFandoms: string[];
};

async function loggedIn(app: App, u: TestUser): Promise<Client> {
  const c = new Client(app);
  assert.equal((await c.login(u.username, u.password)).status, 303);
  return c;
}

const tagPath = (name: string) => `/tags/${tagToUrlSegment(name)}`;
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** The text of one <dt>…</dt><dd>…</dd> entry of a tag page. */
function entry(html: string, label: string): string {
  const m = new RegExp(`<dt>${label}</dt><dd>([^]*?)</dd>`).exec(html);
  assert.ok(m, `no "${label}" on the tag page`);
  return text(m[1]!);
}

/** Sends one wrangling form as the tag page does (kind + target), with a token from `csrfFrom`. */
function wrangle(client: Client, tag: string, kind: string, target = '', csrfFrom = '/'): Promise<Response> {
  return client.post(`${tagPath(tag)}/wrangle`, target ? { kind, target } : { kind }, { csrfFrom });
}

async function apiTag(client: Client, name: string): Promise<TagJson> {
  const res = await client.get(`/api/v1${tagPath(name)}`);
  assert.equal(res.status, 200, `GET /api/v1/tags/${name}`);
  return (await res.json()) as TagJson;
}

/** Works whose tags the tests wrangle: all posted and public, in one fandom. */
async function seed(db: Kysely<DB>) {
  const writer = await buildUser(db);
  await buildWork(db, writer, {
    meta: { fandoms: [FANDOM], characters: ['Keeper'], freeforms: ['Fluff', 'fluffy fluff', 'Sea Shanties'] },
  });
  await buildWork(db, writer, { meta: { fandoms: [FANDOM], freeforms: ['Hurt/Comfort', 'Comfort', 'Fluffier'] } });
  await buildWork(db, writer, { meta: { fandoms: ['Other Coast'], freeforms: ['Elsewhere Only'] } });
  const wrangler = await buildUser(db, { isWrangler: true });
  const app = testApp(db);
  return { app, writer, wrangler, client: await loggedIn(app, wrangler) };
}

eachDialect('members who are not wranglers get 403 on wrangling and cannot see the queues', async ({ db }) => {
  const { app } = await seed(db);
  const member = await loggedIn(app, await buildUser(db));
  const res = await wrangle(member, 'Fluff', 'canonical');
  assert.equal(res.status, 403);
  assert.match(await res.text(), /Only tag wranglers can change tags/);
  assert.equal((await wrangle(member, 'Fluff', 'rename', 'Fluff Renamed')).status, 403);
  assert.equal((await member.get('/wrangling')).status, 403);
  assert.equal((await member.get(`${tagPath(FANDOM)}/unwrangled`)).status, 403);
  const page = await (await member.get(tagPath('Fluff'))).text();
  assert.doesNotMatch(page, /\/wrangle"/, 'the tag page offers wrangling forms to a non-wrangler');
  assert.doesNotMatch(page, /<h2>History<\/h2>/);
  const guest = new Client(app);
  assert.equal((await wrangle(guest, 'Fluff', 'canonical', '', '/login')).status, 403);
  assert.equal((await guest.get('/wrangling')).status, 403);
  const tag = await tagRowByKey(db, 'fluff');
  assert.deepEqual({ name: tag.name, canonical: tag.canonical }, { name: 'Fluff', canonical: 0 });
  assert.equal(await countRows(db, 'tag_audit'), 0);
});

eachDialect('a wrangler’s changes show on the tag page, in its history and in the API', async ({ db }) => {
  const { client, wrangler } = await seed(db);
  const ok = async (tag: string, kind: string, target = '', landing = tag) => {
    const res = await wrangle(client, tag, kind, target, tagPath(tag)); // the token of the tag page's own form
    assert.equal(
      res.status,
      303,
      `${kind} ${tag} ${target}: ${res.status} ${res.status === 303 ? '' : text(await res.text()).slice(0, 300)}`,
    );
    assert.equal(res.headers.get('location'), tagPath(landing));
  };
  const page = async (name: string) => (await client.get(tagPath(name))).text();

  // Canonical, and a synonym of it.
  await ok('Fluff', 'canonical');
  await ok('fluffy fluff', 'synonym', 'Fluff');
  let fluff = await page('Fluff');
  assert.match(text(fluff), /This is a canonical additional tag/);
  assert.equal(entry(fluff, 'Synonyms'), 'fluffy fluff');
  assert.match(text(await page('fluffy fluff')), /It is a synonym of Fluff/);
  assert.equal((await apiTag(client, 'fluffy fluff')).synonymOf, 'Fluff');
  assert.deepEqual((await apiTag(client, 'Fluff')).synonyms, ['fluffy fluff']);

  // Meta and sub tags.
  await ok('Comfort', 'canonical');
  await ok('Hurt/Comfort', 'canonical');
  await ok('Hurt/Comfort', 'add-meta', 'Comfort');
  assert.equal(entry(await page('Hurt/Comfort'), 'Meta tags'), 'Comfort');
  assert.equal(entry(await page('Comfort'), 'Sub tags'), 'Hurt/Comfort');
  assert.deepEqual((await apiTag(client, 'Hurt/Comfort')).metaTags, ['Comfort']);
  assert.deepEqual((await apiTag(client, 'Comfort')).subTags, ['Hurt/Comfort']);

  // A parent fandom.
  await ok(FANDOM, 'canonical');
  await ok('Fluff', 'add-parent', FANDOM);
  fluff = await page('Fluff');
  assert.equal(entry(fluff, 'Parent fandoms'), FANDOM);
  assert.deepEqual((await apiTag(client, 'Fluff')).parentFandoms, [FANDOM]);
  const history = text(/<h2>History<\/h2>([^]*?)<\/section>/.exec(fluff)![1]!);
  assert.match(history, new RegExp(`${wrangler.username} made canonical`));
  assert.match(history, new RegExp(`${wrangler.username} added fandom ${FANDOM.replace(/[()]/g, '\\$&')}`));

  // A rename moves the page; the old name is gone, and works show the new one.
  await ok('Keeper', 'rename', 'The Lighthouse Keeper', 'The Lighthouse Keeper');
  assert.equal((await client.get(tagPath('Keeper'))).status, 404);
  assert.match(text(await page('The Lighthouse Keeper')), /renamed from Keeper to The Lighthouse Keeper/);
  assert.equal((await apiTag(client, 'The Lighthouse Keeper')).name, 'The Lighthouse Keeper');
  assert.match(await (await client.get('/works')).text(), /The Lighthouse Keeper/);
  assert.match(
    await (await client.get('/search?q=lighthouse')).text(),
    /<li class="blurb"/,
    'the new name is searchable',
  );

  // The wrangling log lists every change.
  const log = text(await (await client.get('/wrangling')).text());
  for (const s of [
    'made synonym fluffy fluff of Fluff',
    'added meta tag Hurt/Comfort Comfort',
    'renamed Keeper from Keeper to The Lighthouse Keeper',
  ])
    assert.ok(log.includes(s), s);
});

eachDialect(
  'a cycle and a synonym of a synonym are refused with the reason (400) and change nothing',
  async ({ db }) => {
    const { client } = await seed(db);
    for (const [tag, kind, target] of [
      ['Fluff', 'canonical', ''],
      ['fluffy fluff', 'synonym', 'Fluff'],
      ['Comfort', 'canonical', ''],
      ['Hurt/Comfort', 'canonical', ''],
      ['Hurt/Comfort', 'add-meta', 'Comfort'],
    ] as const) {
      assert.equal((await wrangle(client, tag, kind, target)).status, 303, `${kind} ${tag}`);
    }
    const graph = () => tagGraph(db);
    const before = await graph();

    const cycle = await wrangle(client, 'Comfort', 'add-meta', 'Hurt/Comfort');
    assert.equal(cycle.status, 400);
    const cycleHtml = await cycle.text();
    assert.match(cycleHtml, /role="alert"/);
    assert.match(text(cycleHtml), /“Hurt\/Comfort” is already a sub tag of “Comfort”.*cycle/);
    assert.equal(entry(cycleHtml, 'Meta tags'), '—', 'the refused meta tag is not shown');

    const synOfSyn = await wrangle(client, 'Fluffier', 'synonym', 'fluffy fluff');
    assert.equal(synOfSyn.status, 400);
    assert.match(
      text(await synOfSyn.text()),
      /“fluffy fluff” is not canonical.*It is itself a synonym: choose its canonical tag instead\./,
    );

    const missing = await wrangle(client, 'Fluffier', 'synonym', '');
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /Type the tag this change needs\./);

    assert.deepEqual(await graph(), before);
    assert.equal((await apiTag(client, 'Fluffier')).synonymOf, null);
    assert.deepEqual((await apiTag(client, 'Comfort')).metaTags, []);
  },
);

eachDialect('/tags/FANDOM/unwrangled lists the fandom’s unwrangled tags until they are wrangled', async ({ db }) => {
  const { client } = await seed(db);
  const queue = async () => {
    const res = await client.get(`${tagPath(FANDOM)}/unwrangled`);
    assert.equal(res.status, 200);
    return [...(await res.text()).matchAll(/<td><a href="[^"]+">([^<]+)<\/a><\/td>/g)].map((m) => text(m[1]!));
  };
  const first = await queue();
  for (const name of ['Sea Shanties', 'Fluff', 'Keeper'])
    assert.ok(first.includes(name), `${name} should need wrangling`);
  assert.ok(!first.includes('Elsewhere Only'), 'a tag of another fandom is listed');
  assert.ok(!first.includes(FANDOM), 'the fandom lists itself');

  // A synonym of a canonical tag is wrangled; so is a canonical tag with a parent fandom.
  assert.equal((await wrangle(client, 'Fluff', 'canonical')).status, 303);
  assert.equal((await wrangle(client, 'Sea Shanties', 'synonym', 'Fluff')).status, 303);
  assert.ok((await queue()).includes('Fluff'), 'a canonical tag without a parent fandom still needs wrangling');
  assert.equal((await wrangle(client, FANDOM, 'canonical')).status, 303);
  assert.equal((await wrangle(client, 'Fluff', 'add-parent', FANDOM)).status, 303);
  const after = await queue();
  assert.ok(!after.includes('Sea Shanties'), 'a synonym is still listed');
  assert.ok(!after.includes('Fluff'), 'a canonical tag with its fandom is still listed');
  assert.ok(after.includes('Keeper'));
  assert.equal((await client.get(`${tagPath('No Such Fandom')}/unwrangled`)).status, 404);
});

eachDialect(
  'tag autocomplete: canonical tags first, never a tag only on a draft (or, for guests, a restricted work)',
  async ({ db }) => {
    const { app, writer, client } = await seed(db);
    await buildWork(db, writer, { meta: { fandoms: [FANDOM], freeforms: ['Flumes Draft Only'] }, draft: true });
    await buildWork(db, writer, {
      meta: { fandoms: [FANDOM], freeforms: ['Flurries Members Only'], restricted: true },
    });
    await buildWork(db, writer, { meta: { fandoms: [FANDOM], freeforms: ['Flutes'] } });
    assert.equal((await wrangle(client, 'Flutes', 'canonical')).status, 303);
    assert.equal((await wrangle(client, 'fluffy fluff', 'canonical')).status, 303);

    type Suggest = { tags: Array<{ name: string; type: string; canonical: boolean }> };
    const suggest = async (c: Client, query: string) => {
      const res = await c.get(`/api/v1/tags/autocomplete?${query}`);
      assert.equal(res.status, 200);
      return ((await res.json()) as Suggest).tags;
    };
    const guest = await suggest(new Client(app), 'q=flu');
    const names = guest.map((t) => t.name);
    assert.deepEqual(
      guest.filter((t) => t.canonical).map((t) => t.name),
      ['fluffy fluff', 'Flutes'],
    );
    const firstPlain = guest.findIndex((t) => !t.canonical);
    assert.ok(
      firstPlain === 2 && guest.slice(firstPlain).every((t) => !t.canonical),
      `canonical tags first: ${JSON.stringify(guest)}`,
    );
    assert.ok(names.includes('Fluff') && names.includes('Fluffier'));
    assert.ok(!names.includes('Flumes Draft Only'), 'a tag used only on a draft is suggested');
    assert.ok(!names.includes('Flurries Members Only'), 'a tag used only on a restricted work is suggested to a guest');

    const member = (await suggest(await loggedIn(app, await buildUser(db)), 'q=FLU')).map((t) => t.name);
    assert.ok(member.includes('Flurries Members Only'), 'members see tags of restricted works');
    assert.ok(!member.includes('Flumes Draft Only'));
    assert.deepEqual(await suggest(new Client(app), 'q=flu&type=fandom'), []);
    assert.deepEqual(await suggest(new Client(app), 'q='), []);
    assert.equal((await new Client(app).get('/api/v1/tags/autocomplete?q=flu&type=nonsense')).status, 400);
  },
);

eachDialect('the OpenAPI document describes the new GET /works query parameters', async ({ db }) => {
  const res = await new Client(testApp(db)).get('/api/v1/openapi.json');
  assert.equal(res.status, 200);
  const doc = (await res.json()) as {
    paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string }> } }>;
  };
  const params = doc.paths['/works']?.get?.parameters ?? [];
  const names = params.filter((p) => p.in === 'query').map((p) => p.name);
  for (const n of [
    'include',
    'exclude',
    'q',
    'crossover',
    'wordsFrom',
    'wordsTo',
    'rating',
    'warning',
    'complete',
    'sort',
    'page',
    'show_blocked',
  ]) {
    assert.ok(names.includes(n), `GET /works does not document ${n} (has: ${names.join(', ')})`);
  }
  assert.ok(doc.paths['/tags/autocomplete']?.get, 'autocomplete is documented');
});

regressionTest(
  'a non-wrangler posting a wrangle form without a target gets 403, not the 400 "type the tag" page',
  'tags.routes.tsx:167 discards the result of canWrangle() on the missing-target branch',
  async (db) => {
    const { app } = await seed(db);
    const member = await loggedIn(app, await buildUser(db));
    for (const kind of ['synonym', 'add-meta', 'rename', 'no-such-kind'])
      assert.equal((await wrangle(member, 'Fluff', kind)).status, 403, kind);
  },
);

regressionTest(
  'a freeform tag page says "an additional tag", not "additional tag tag"',
  'tags.routes.tsx:73 appends " tag." to a label that already ends in "Tag"',
  async (db) => {
    const { client } = await seed(db);
    assert.equal((await wrangle(client, 'Fluff', 'canonical')).status, 303);
    const sentence = /This is a[^.]*\./.exec(text(await (await client.get(tagPath('Fluff'))).text()))?.[0];
    assert.equal(sentence, 'This is a canonical additional tag.');
  },
);
