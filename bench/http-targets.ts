/**
 * The pages the HTTP suite loads, chosen from the corpus: one of each kind, and thousands of
 * distinct ones, for a guest and for a signed-in member.
 */
import { filterToParams, SORTS } from '../src/search/works-filter.js';
import { tagToUrlSegment } from '../src/domain/tags.js';
import type { CorpusSpec } from './corpus-spec.js';
import { EN, mulberry32, nonceWord } from './corpus-vocab.js';
import type { OpenedCorpus } from './corpus-db.js';
import { pools, resolveFilterQueries, resolveRef, type NamedQuery } from './filter-queries.js';
import { BROWSER_HEADERS, type Target } from './http-suite.js';
import type { BenchMember } from './member-setup.js';

/** A seeded shuffle: the same order on every run. */
function shuffler(seed: number): <T>(xs: T[]) => T[] {
  const rng = mulberry32(seed);
  return <T>(xs: T[]): T[] =>
    xs
      .map((x) => [rng(), x] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, x]) => x);
}

/** Up to 20,000 posted works open to guests, rated General or Teen: the distinct work pages. */
function distinctWorks(corpus: OpenedCorpus): Promise<Array<{ id: number; title: string }>> {
  return corpus.database.db
    .selectFrom('works')
    .innerJoin('work_tags', 'work_tags.work_id', 'works.id')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['works.id', 'works.title'])
    .where('works.posted', '=', 1)
    .where('works.restricted', '=', 0)
    .where('tags.name_key', 'in', ['general audiences', 'teen and up audiences'])
    .orderBy('works.id')
    .limit(20_000)
    .execute();
}

/** The three pages the HTTP suite loads, chosen from the spec. */
export async function httpTargets(spec: CorpusSpec, corpus: OpenedCorpus): Promise<Target[]> {
  const p = pools(spec);
  const half = Math.floor(spec.works.length / 2);
  const w = spec.works
    .slice(half)
    .find((x) => !x.draft && !x.restricted && x.rating === 'General Audiences' && x.chapters.length === 1);
  if (!w) throw new Error('no General Audiences one-chapter work in the second half of the corpus');
  const row = await corpus.database.db
    .selectFrom('works')
    .select('id')
    .where('title', '=', w.title)
    .executeTakeFirstOrThrow();
  const fandom = resolveRef(p, { kind: 'canonical', type: 'fandom', rank: 0 });
  const freeform = resolveRef(p, { kind: 'canonical', type: 'freeform', rank: 0 });
  // The same pages, but a different one on every request: what the app does when its page cache cannot help.
  const shuffle = shuffler(7);
  const ids = await distinctWorks(corpus);
  const listings = resolveFilterQueries(spec).flatMap((q) =>
    Array.from({ length: 20 }, (_, i) => `/works?${filterToParams({ ...q.query, page: i + 1 }).toString()}`),
  );
  const tags = [...p.uses.keys()]
    .filter((n) => p.byName.get(n)?.canonical)
    .sort((a, b) => (p.uses.get(b) ?? 0) - (p.uses.get(a) ?? 0) || (a < b ? -1 : 1))
    .slice(0, 5000);
  const one = {
    workPage: `/works/${row.id}`,
    listing: `/works?${filterToParams({ include: [fandom], exclude: ['Major Character Death'], sort: 'kudos' }).toString()}`,
    tagPage: `/tags/${tagToUrlSegment(freeform)}/works`,
  };
  return [
    { name: 'workPage', path: one.workPage },
    { name: 'listing', path: one.listing },
    { name: 'tagPage', path: one.tagPage },
    { name: 'workPageDistinct', path: one.workPage, paths: shuffle(ids.map((r) => `/works/${r.id}`)) },
    { name: 'listingDistinct', path: one.listing, paths: shuffle(listings) },
    {
      name: 'tagPageDistinct',
      path: one.tagPage,
      paths: shuffle(tags.map((n) => `/tags/${tagToUrlSegment(n)}/works`)),
    },
  ];
}

/**
 * Searches a reader types: the full-text suite's, every word of the corpus's English vocabulary,
 * two-word searches and phrases of an adjective and a noun, prefixes, and invented words from
 * common to rare (corpus-vocab.ts). Thousands, each different.
 */
export function searchQueries(fulltext: NamedQuery[], nonces: number): string[] {
  const shuffle = shuffler(13);
  const pairs = shuffle(EN.adj.flatMap((a) => EN.noun.map((n) => `${a} ${n}`))).slice(0, 2000);
  const prefixes = [...new Set(EN.noun.map((n) => n.slice(0, 3)))].map((p) => `${p}*`);
  const step = Math.max(1, Math.floor(nonces / 1000));
  const invented = Array.from({ length: Math.min(1000, nonces) }, (_, i) => nonceWord(i * step));
  return [
    ...new Set([
      ...fulltext.map((q) => q.query.q ?? ''),
      ...EN.noun,
      ...EN.adj,
      ...EN.verb,
      ...pairs.slice(0, 1000),
      ...pairs.slice(1000).map((p) => `"${p}"`),
      ...prefixes,
      ...invented,
    ]),
  ].filter(Boolean);
}

/**
 * The member's pages, each a different one on every request, as one signed-in member reads them:
 * the guest distinct targets' works and tags but those their blocklist hides (they would not come
 * upon them; opened anyway, a work is a short notice and a tag page empty), the fixed filter
 * queries' listings in every sort (SORTS, the one list), full-text searches (searchQueries), and
 * their dashboard.
 */
export async function memberTargets(
  spec: CorpusSpec,
  corpus: OpenedCorpus,
  o: {
    /** The guest targets (httpTargets): the member reads the same works and tags. */
    guest: Target[];
    queries: NamedQuery[];
    fulltext: NamedQuery[];
    member: BenchMember;
  },
): Promise<Target[]> {
  const shuffle = shuffler(11);
  const headers = { ...BROWSER_HEADERS, cookie: o.member.cookie };
  const { hidden } = o.member;
  const byTitle = new Map(spec.works.map((w) => [w.title, w]));
  const hiddenWorks = new Set(
    (await distinctWorks(corpus)).filter((r) => hidden.work(byTitle.get(r.title)!)).map((r) => `/works/${r.id}`),
  );
  const hiddenTags = new Set([...hidden.tags].map((n) => `/tags/${tagToUrlSegment(n)}/works`));
  const guest = (name: string): Target => {
    const t = o.guest.find((x) => x.name === name);
    if (!t?.paths) throw new Error(`no guest target ${name} with distinct paths`);
    return t;
  };
  const work = guest('workPageDistinct');
  const tag = guest('tagPageDistinct');
  // Pages 1–20 of each query in each sort; a query of its own page (page 50) is the same as another's first 20.
  const listings = [
    ...new Set(
      o.queries.flatMap((q) =>
        Array.from({ length: 20 }, (_, i) =>
          SORTS.map((sort) => `/works?${filterToParams({ ...q.query, sort, page: i + 1 }).toString()}`),
        ).flat(),
      ),
    ),
  ];
  const works = work.paths!.filter((x) => !hiddenWorks.has(x));
  const tags = tag.paths!.filter((x) => !hiddenTags.has(x));
  const searches = searchQueries(o.fulltext, spec.nonces).map(
    (q) => `/search?${new URLSearchParams({ q }).toString()}`,
  );
  return [
    { name: 'workPageMember', path: works[0]!, paths: works, headers },
    { name: 'listingMember', path: listings[0]!, paths: shuffle(listings), headers },
    { name: 'tagPageMember', path: tags[0]!, paths: tags, headers },
    { name: 'searchPageMember', path: searches[0]!, paths: shuffle(searches), headers },
    // The same path every time: a member's pages are never cached.
    { name: 'dashboardMember', path: '/dashboard', paths: ['/dashboard'], headers },
  ];
}
