import assert from 'node:assert/strict';
import { eachDialect } from '../../test/db.js';
import { buildUser, buildWork } from '../../test/factories.js';
import { guestViewer, type Viewer } from '../policies/index.js';
import { queryWorks, type WorksQuery } from './works-query.js';
import { workFacets } from './work-facets.js';
import { wrangleTag, type WrangleAction } from '../services/wrangle-tag.js';
import { blockTag, muteUser } from '../services/blocklist.js';
import { editChapter } from '../services/chapters.js';
import { deleteWork } from '../services/delete-work.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { createSearchState } from './search-state.js';

async function titles(db: Kysely<DB>, viewer: Viewer, q: WorksQuery): Promise<string[]> {
  const search = createSearchState(db);
  const r = await queryWorks(search, viewer, { sort: 'title', ...q });
  return r.works.map((w) => w.title);
}

async function wrangle(db: Kysely<DB>, viewer: Viewer, tag: string, action: WrangleAction) {
  const r = await wrangleTag(db, viewer, tag, action);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
}

eachDialect('synonyms: a canonical tag finds its synonyms’ works; a synonym finds only its own', async ({ db }) => {
  const w = await buildUser(db);
  const wr = (await buildUser(db, { isWrangler: true })).viewer();
  await buildWork(db, w, { meta: { title: 'Alpha canonical', relationships: ['Kylo Ren/Armitage Hux'] } });
  await buildWork(db, w, { meta: { title: 'Beta synonym', relationships: ['Kylo Ren/Hux'] } });
  await buildWork(db, w, { meta: { title: 'Gamma other', relationships: ['Rey/Finn'] } });
  await wrangle(db, wr, 'Kylo Ren/Armitage Hux', { kind: 'canonical', canonical: true });
  await wrangle(db, wr, 'Kylo Ren/Hux', { kind: 'synonym', of: 'Kylo Ren/Armitage Hux' });
  const g = guestViewer();
  assert.deepEqual(await titles(db, g, { include: ['Kylo Ren/Armitage Hux'] }), ['Alpha canonical', 'Beta synonym']);
  assert.deepEqual(await titles(db, g, { include: ['kylo ren/hux'] }), ['Beta synonym']);
  assert.deepEqual(await titles(db, g, { exclude: ['Kylo Ren/Armitage Hux'] }), ['Gamma other']);
});

eachDialect(
  'meta/sub: filtering on a meta tag finds its sub tags’ works, transitively; cycles are refused',
  async ({ db }) => {
    const w = await buildUser(db);
    const wr = (await buildUser(db, { isWrangler: true })).viewer();
    await buildWork(db, w, { meta: { title: 'Top', freeforms: ['Angst'] } });
    await buildWork(db, w, { meta: { title: 'Middle', freeforms: ['Hurt/Comfort'] } });
    await buildWork(db, w, { meta: { title: 'Bottom', freeforms: ['Whump'] } });
    await buildWork(db, w, { meta: { title: 'Bottom synonym', freeforms: ['whumpy'] } });
    for (const t of ['Angst', 'Hurt/Comfort', 'Whump'])
      await wrangle(db, wr, t, { kind: 'canonical', canonical: true });
    await wrangle(db, wr, 'whumpy', { kind: 'synonym', of: 'Whump' });
    await wrangle(db, wr, 'Hurt/Comfort', { kind: 'add-meta', meta: 'Angst' });
    await wrangle(db, wr, 'Whump', { kind: 'add-meta', meta: 'Hurt/Comfort' });
    const g = guestViewer();
    assert.deepEqual(await titles(db, g, { include: ['Angst'] }), ['Bottom', 'Bottom synonym', 'Middle', 'Top']);
    assert.deepEqual(await titles(db, g, { include: ['Hurt/Comfort'] }), ['Bottom', 'Bottom synonym', 'Middle']);
    assert.deepEqual(await titles(db, g, { exclude: ['Hurt/Comfort'] }), ['Top']);
    const cycle = await wrangleTag(db, wr, 'Angst', { kind: 'add-meta', meta: 'Whump' });
    assert.ok(!cycle.ok);
    assert.match(cycle.errors._ ?? '', /cycle/);
    const synOfSyn = await wrangleTag(db, wr, 'Angst', { kind: 'synonym', of: 'whumpy' });
    assert.ok(!synOfSyn.ok);
    assert.match(synOfSyn.errors._ ?? '', /not canonical|synonym/);
    const notWrangler = await wrangleTag(db, w.viewer(), 'Angst', { kind: 'canonical', canonical: false });
    assert.equal(notWrangler.ok ? 0 : notWrangler.status, 403);
  },
);

eachDialect(
  'ratings, warnings, categories: include and exclude; unknown tags give an empty result with a message',
  async ({ db }) => {
    const search = createSearchState(db);
    const w = await buildUser(db);
    await buildWork(db, w, {
      meta: { title: 'Death', rating: 'Mature', warnings: ['Major Character Death'], categories: ['Gen'] },
    });
    await buildWork(db, w, {
      meta: {
        title: 'Both',
        rating: 'Explicit',
        warnings: ['Major Character Death', 'Graphic Depictions Of Violence'],
        categories: ['F/F'],
      },
    });
    await buildWork(db, w, {
      meta: {
        title: 'Calm',
        rating: 'General Audiences',
        warnings: ['No Archive Warnings Apply'],
        categories: ['Gen'],
      },
    });
    const g = guestViewer();
    assert.deepEqual(await titles(db, g, { exclude: ['Major Character Death'] }), ['Calm']);
    assert.deepEqual(await titles(db, g, { warnings: ['Major Character Death', 'Graphic Depictions Of Violence'] }), [
      'Both',
    ]);
    assert.deepEqual(await titles(db, g, { ratings: ['Mature', 'Explicit'] }), ['Both', 'Death']);
    assert.deepEqual(await titles(db, g, { categories: ['Gen'], exclude: ['Mature'] }), ['Calm']);
    const unknown = await queryWorks(search, g, { include: ['No Such Tag Anywhere'] });
    assert.equal(unknown.total, 0);
    assert.match(unknown.messages.join(), /“No Such Tag Anywhere” does not exist/);
    const unknownExclude = await queryWorks(search, g, { exclude: ['Major Character Deth'] });
    assert.equal(unknownExclude.total, 0, 'a typo in an exclusion shows nothing rather than everything');
  },
);

eachDialect('crossovers: related fandoms are not a crossover; unrelated ones are', async ({ db }) => {
  const w = await buildUser(db);
  const wr = (await buildUser(db, { isWrangler: true })).viewer();
  await buildWork(db, w, {
    meta: { title: 'Same family', fandoms: ['Star Wars: The Force Awakens', 'Star Wars: The Last Jedi'] },
  });
  await buildWork(db, w, {
    meta: { title: 'Cross', fandoms: ['Star Wars: The Force Awakens', 'Lighthouse Keepers (Original)'] },
  });
  await buildWork(db, w, { meta: { title: 'Single', fandoms: ['Lighthouse Keepers (Original)'] } });
  for (const t of ['Star Wars: The Force Awakens', 'Star Wars: The Last Jedi', 'Lighthouse Keepers (Original)'])
    await wrangle(db, wr, t, { kind: 'canonical', canonical: true });
  // Before wrangling the family, the two Star Wars films are unrelated fandoms.
  const g = guestViewer();
  assert.deepEqual(await titles(db, g, { crossover: 'only' }), ['Cross', 'Same family']);
  await buildWork(db, w, { meta: { title: 'Umbrella', fandoms: ['Star Wars - All Media Types'] } });
  await wrangle(db, wr, 'Star Wars - All Media Types', { kind: 'canonical', canonical: true });
  await wrangle(db, wr, 'Star Wars: The Force Awakens', { kind: 'add-meta', meta: 'Star Wars - All Media Types' });
  await wrangle(db, wr, 'Star Wars: The Last Jedi', { kind: 'add-meta', meta: 'Star Wars - All Media Types' });
  assert.deepEqual(await titles(db, g, { crossover: 'only' }), ['Cross']);
  assert.deepEqual(await titles(db, g, { crossover: 'exclude' }), ['Same family', 'Single', 'Umbrella']);
  assert.deepEqual(await titles(db, g, { include: ['Star Wars - All Media Types'] }), [
    'Cross',
    'Same family',
    'Umbrella',
  ]);
});

eachDialect(
  'blocklists: wildcards, canonical blocks with synonyms, muted creators; counted and shown once on request',
  async ({ db }) => {
    const search = createSearchState(db);
    const w = await buildUser(db);
    const other = await buildUser(db);
    const reader = await buildUser(db);
    const wr = (await buildUser(db, { isWrangler: true })).viewer();
    await buildWork(db, w, { meta: { title: 'Dark', warnings: ['Rape/Non-Con'] } });
    await buildWork(db, w, { meta: { title: 'Dubcon', freeforms: ['Dubious Consent', 'Implied Non-Con'] } });
    await buildWork(db, w, { meta: { title: 'Spiders', freeforms: ['Spiders'] } });
    await buildWork(db, w, { meta: { title: 'Spider synonym', freeforms: ['Arachnids'] } });
    await buildWork(db, other, { meta: { title: 'Muted' } });
    await buildWork(db, w, { meta: { title: 'Fine' } });
    await wrangle(db, wr, 'Spiders', { kind: 'canonical', canonical: true });
    await wrangle(db, wr, 'Arachnids', { kind: 'synonym', of: 'Spiders' });
    const v = reader.viewer();
    assert.ok((await blockTag(db, v, '*Non-Con*')).ok);
    assert.ok((await blockTag(db, v, 'spiders')).ok);
    assert.ok((await muteUser(db, v, other.username)).ok);
    const r = await queryWorks(search, v, { sort: 'title' });
    assert.deepEqual(
      r.works.map((x) => x.title),
      ['Fine'],
    );
    assert.equal(r.hiddenByBlocklist, 5);
    assert.equal((await queryWorks(search, v, { showBlocked: true })).total, 6);
    // The guest has no blocklist; another member is unaffected.
    assert.equal((await queryWorks(search, guestViewer(), {})).total, 6);
    // Blocklists apply on creator and tag listings too.
    assert.equal((await queryWorks(search, v, { userId: other.id })).total, 0);
  },
);

eachDialect(
  'restricted works and drafts never reach those who may not see them, whatever the filter',
  async ({ db }) => {
    const w = await buildUser(db);
    await buildWork(db, w, {
      meta: { title: 'Open', freeforms: ['Shared Tag'] },
      body: 'lantern lantern harbour light',
    });
    await buildWork(db, w, {
      meta: { title: 'Members', restricted: true, freeforms: ['Shared Tag'] },
      body: 'lantern harbour light for members',
    });
    await buildWork(db, w, {
      meta: { title: 'Draft', freeforms: ['Shared Tag'] },
      body: 'lantern harbour light in a draft',
      draft: true,
    });
    const g = guestViewer();
    for (const q of [
      {},
      { include: ['Shared Tag'] },
      { q: 'lantern' },
      { sort: 'words' as const },
      { crossover: 'exclude' as const },
      { complete: false },
    ]) {
      assert.deepEqual(await titles(db, g, q), ['Open'], JSON.stringify(q));
      assert.deepEqual(await titles(db, (await buildUser(db)).viewer(), q), ['Members', 'Open'], JSON.stringify(q));
    }
    assert.deepEqual(await titles(db, w.viewer(), { draftsOf: w.id }), ['Draft']);
    assert.deepEqual(await titles(db, g, { draftsOf: w.id }), []);
  },
);

eachDialect(
  'full text: words, phrases, prefixes, NOT, CJK, snippets; the index follows edits and deletions',
  async ({ db }) => {
    const state = createSearchState(db);
    const w = await buildUser(db);
    const harbour = await buildWork(db, w, {
      meta: { title: 'Harbour' },
      body: 'The keeper climbed the lighthouse stairs before the storm.',
    });
    await buildWork(db, w, { meta: { title: 'Storm' }, body: 'A storm came over the water; nobody climbed anything.' });
    await buildWork(db, w, {
      meta: { title: 'Café', summary: 'Crème brûlée at the café.' },
      body: 'They sat in the cafe until the lamps were lit.',
    });
    await buildWork(db, w, { meta: { title: '灯塔', language: 'zh' }, body: '我们的灯塔在海边，守护着渔船。' });
    const g = guestViewer();
    const search = (q: string) => titles(db, g, { q });
    assert.deepEqual(await search('lighthouse'), ['Harbour']);
    assert.deepEqual(await search('"the storm"'), ['Harbour']);
    assert.deepEqual(await search('light*'), ['Harbour']);
    assert.deepEqual(await search('storm NOT lighthouse'), ['Storm']);
    assert.deepEqual(await search('climbed -water'), ['Harbour']);
    assert.deepEqual(await search('keeper OR nobody'), ['Harbour', 'Storm']);
    assert.deepEqual(await search('creme brulee'), ['Café']);
    assert.deepEqual(await search('灯塔'), ['灯塔']);
    assert.deepEqual(await search('渔船'), ['灯塔']);
    const r = await queryWorks(state, g, { q: 'lighthouse' });
    const snippet = r.snippets.get(harbour);
    assert.ok(snippet?.some((s) => s.hit && /lighthouse/i.test(s.text)));
    const bad = await queryWorks(state, g, { q: '"unclosed phrase' });
    assert.equal(bad.total, 0);
    assert.match(bad.searchError ?? '', /quote/i);

    const edited = await editChapter(db, w.viewer(), harbour, 1, {
      body: 'The keeper painted the boathouse a bright blue.',
    });
    assert.ok(edited.ok);
    assert.deepEqual(await search('lighthouse'), []);
    assert.deepEqual(await search('boathouse'), ['Harbour']);
    assert.ok((await deleteWork(db, w.viewer(), harbour)).ok);
    assert.deepEqual(await search('boathouse'), []);
  },
);

eachDialect(
  'words, dates, completion and language filters; sorts; the sidebar counts canonical tags',
  async ({ db }) => {
    const search = createSearchState(db);
    const w = await buildUser(db);
    await buildWork(db, w, {
      meta: { title: 'Short', expectedChapters: '1', freeforms: ['Fluff'] },
      body: 'one two three four five six seven eight nine ten',
    });
    await buildWork(db, w, {
      meta: { title: 'Long', expectedChapters: '3', freeforms: ['Fluff', 'Angst'] },
      body: 'word '.repeat(300),
    });
    await buildWork(db, w, {
      meta: { title: 'German', language: 'de', freeforms: ['Fluff'] },
      body: 'ein zwei drei vier fünf sechs sieben acht',
    });
    const g = guestViewer();
    assert.deepEqual(await titles(db, g, { wordsFrom: 100 }), ['Long']);
    assert.deepEqual(await titles(db, g, { wordsTo: 9 }), ['German']);
    assert.deepEqual(await titles(db, g, { complete: false }), ['German', 'Long']);
    assert.deepEqual(await titles(db, g, { complete: true }), ['Short']);
    assert.deepEqual(await titles(db, g, { language: 'de' }), ['German']);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await queryWorks(search, g, { updatedFrom: today, updatedTo: today })).total, 3);
    assert.equal((await queryWorks(search, g, { updatedTo: '2001-01-01' })).total, 0);
    assert.deepEqual(
      (await queryWorks(search, g, { sort: 'words' })).works.map((x) => x.title),
      ['Long', 'Short', 'German'],
    );
    const facets = await workFacets(search, g, {});
    assert.deepEqual(facets.freeform, [
      { name: 'Fluff', count: 3 },
      { name: 'Angst', count: 1 },
    ]);
  },
);
