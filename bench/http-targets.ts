/** The pages the HTTP suite loads, chosen from the corpus: one of each kind, and thousands of distinct ones. */
import { filterToParams } from '../src/search/works-filter.js';
import { tagToUrlSegment } from '../src/domain/tags.js';
import type { CorpusSpec } from './corpus-spec.js';
import { mulberry32 } from './corpus-vocab.js';
import type { OpenedCorpus } from './corpus-db.js';
import { pools, resolveFilterQueries, resolveRef } from './filter-queries.js';
import type { Target } from './http-suite.js';

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
  const rng = mulberry32(7);
  const shuffle = <T>(xs: T[]): T[] =>
    xs
      .map((x) => [rng(), x] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, x]) => x);
  const ids = await corpus.database.db
    .selectFrom('works')
    .innerJoin('work_tags', 'work_tags.work_id', 'works.id')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select('works.id')
    .where('works.posted', '=', 1)
    .where('works.restricted', '=', 0)
    .where('tags.name_key', 'in', ['general audiences', 'teen and up audiences'])
    .orderBy('works.id')
    .limit(20_000)
    .execute();
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
