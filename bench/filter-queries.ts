/**
 * The benchmark's fixed filter queries, written out once and resolved against a corpus's tag pools
 * (bench/corpus-spec.ts): "the most used canonical freeform", "the 3rd most used relationship",
 * "a tag used on one work". The same spec always gives the same queries; a bigger corpus gives the
 * same shapes with its own popular tags. They run from one popular tag to 10 includes and 10
 * excludes with ratings, warnings, word and date ranges, and use every sort.
 */
import type { FreeTagType } from '../src/domain/tags.js';
import type { SortKey } from '../src/search/works-filter.js';
import type { WorksQuery } from '../src/search/works-query.js';
import type { CorpusSpec, TagSpec, WorkSpec } from './corpus-spec.js';

/** A tag chosen by role and popularity (rank 0 = most used on posted works; ties by name). */
export interface TagRef {
  kind: 'canonical' | 'synonym' | 'unwrangled' | 'meta' | 'rare';
  type?: FreeTagType;
  rank: number;
}

type Refs = Array<TagRef | string>;

/** A query as written: tag refs (or literal names of fixed tags) and the other filters. */
export interface FilterQueryDef extends Omit<WorksQuery, 'include' | 'exclude'> {
  name: string;
  include?: Refs;
  exclude?: Refs;
  /** Build the query around one work with at least 10 free tags (see `needle`), so it matches something. */
  needle?: boolean;
}

const c = (type: FreeTagType, rank = 0): TagRef => ({ kind: 'canonical', type, rank });
const meta = (type: FreeTagType, rank = 0): TagRef => ({ kind: 'meta', type, rank });
const MCD = 'Major Character Death';
const NAWA = 'No Archive Warnings Apply';

export const FILTER_QUERIES: FilterQueryDef[] = [
  { name: 'no filter (default listing)' },
  { name: 'most used freeform', include: [c('freeform')] },
  { name: 'most used freeform, page 50', include: [c('freeform')], page: 50 },
  { name: '2nd meta freeform (subs + synonyms), by kudos', include: [meta('freeform', 1)], sort: 'kudos' },
  { name: 'fandom family meta tag', include: [meta('fandom')] },
  { name: 'top fandom − MCD', include: [c('fandom')], exclude: [MCD] },
  { name: 'top character + Explicit', include: [c('character')], ratings: ['Explicit'] },
  { name: 'top relationship, by kudos', include: [c('relationship')], sort: 'kudos' },
  { name: '5th relationship, by hits', include: [c('relationship', 4)], sort: 'hits' },
  { name: 'synonym (matches itself only)', include: [{ kind: 'synonym', type: 'freeform', rank: 0 }] },
  { name: 'popular unwrangled freeform', include: [{ kind: 'unwrangled', type: 'freeform', rank: 0 }] },
  { name: 'tag on one work', include: [{ kind: 'rare', type: 'freeform', rank: 0 }] },
  { name: 'two freeforms', include: [c('freeform', 0), c('freeform', 1)] },
  {
    name: 'fandom + character + freeform, by title',
    include: [c('fandom'), c('character'), c('freeform', 2)],
    sort: 'title',
  },
  {
    name: '5 includes',
    include: [c('freeform', 0), c('freeform', 1), c('freeform', 3), c('fandom'), c('relationship')],
  },
  { name: 'exclude 2nd meta freeform + MCD, by hits', exclude: [meta('freeform', 1), MCD], sort: 'hits' },
  {
    name: 'exclude 10 popular freeforms, by kudos',
    exclude: Array.from({ length: 10 }, (_, i) => c('freeform', i)),
    sort: 'kudos',
  },
  { name: 'Explicit or Mature, by bookmarks', ratings: ['Explicit', 'Mature'], sort: 'bookmarks' },
  {
    name: 'General or Teen + NAWA, by words',
    ratings: ['General Audiences', 'Teen And Up Audiences'],
    warnings: [NAWA],
    sort: 'words',
  },
  { name: 'warning MCD, by published', warnings: [MCD], sort: 'published' },
  { name: 'F/F + top fandom', categories: ['F/F'], include: [c('fandom')] },
  {
    name: 'Fluff-like tag, 1,000–5,000 words, by words',
    include: [c('freeform')],
    wordsFrom: 1000,
    wordsTo: 5000,
    sort: 'words',
  },
  { name: 'over 100,000 words, by words', wordsFrom: 100_000, sort: 'words' },
  { name: 'updated 2015–2016, by published', updatedFrom: '2015-01-01', updatedTo: '2016-12-31', sort: 'published' },
  { name: 'updated since 2025-06-01', updatedFrom: '2025-06-01' },
  { name: 'language zh', language: 'zh' },
  { name: 'language ja + top fandom, by creator', language: 'ja', include: [c('fandom')], sort: 'creator' },
  { name: 'complete + top freeform, by kudos', complete: true, include: [c('freeform')], sort: 'kudos' },
  { name: 'in progress, by comments', complete: false, sort: 'comments' },
  { name: 'crossovers only, by hits', crossover: 'only', sort: 'hits' },
  { name: 'no crossovers + top fandom, by title', crossover: 'exclude', include: [c('fandom')], sort: 'title' },
  {
    name: 'General + 2nd freeform, by creator',
    ratings: ['General Audiences'],
    include: [c('freeform', 1)],
    sort: 'creator',
  },
  { name: 'by comments, all works', sort: 'comments' },
  {
    name: '5 in + 5 out + ratings + words',
    include: [c('fandom'), c('character'), c('freeform', 0), c('freeform', 4), c('relationship')],
    exclude: [MCD, c('freeform', 1), c('freeform', 2), c('freeform', 5), meta('fandom', 1)],
    ratings: ['General Audiences', 'Teen And Up Audiences', 'Mature'],
    wordsFrom: 500,
  },
  { name: '10 in + 10 out + ratings, warnings, words, dates', needle: true },
  { name: 'same, by kudos', needle: true, sort: 'kudos' },
];

/** Names of the tags a spec's posted works use, with how many carry each, and the wrangling relations. */
export interface Pools {
  uses: Map<string, number>;
  byName: Map<string, TagSpec>;
  /** Canonical tag → its direct sub tags. */
  subs: Map<string, string[]>;
  /** Canonical tag → its synonyms. */
  synonyms: Map<string, string[]>;
}

export function pools(spec: CorpusSpec): Pools {
  const uses = new Map<string, number>();
  for (const w of spec.works) if (!w.draft) for (const n of freeTags(w)) uses.set(n, (uses.get(n) ?? 0) + 1);
  const subs = new Map<string, string[]>();
  const synonyms = new Map<string, string[]>();
  for (const t of spec.tags) {
    for (const m of t.metas) subs.set(m, [...(subs.get(m) ?? []), t.name]);
    if (t.synonymOf !== null) synonyms.set(t.synonymOf, [...(synonyms.get(t.synonymOf) ?? []), t.name]);
  }
  return { uses, byName: new Map(spec.tags.map((t) => [t.name, t])), subs, synonyms };
}

const freeTags = (w: WorkSpec): string[] => [...w.fandoms, ...w.relationships, ...w.characters, ...w.freeforms];

/** Every tag name a filter on `name` matches (AO3's rule, as src/search/resolve-filter.ts applies it). */
export function expansion(p: Pools, name: string): Set<string> {
  const t = p.byName.get(name);
  if (!t?.canonical) return new Set([name]);
  const out = new Set([name]);
  const stack = [name];
  while (stack.length > 0) {
    for (const s of p.subs.get(stack.pop()!) ?? []) {
      if (out.has(s)) continue;
      out.add(s);
      stack.push(s);
    }
  }
  for (const n of [...out]) for (const s of p.synonyms.get(n) ?? []) out.add(s);
  return out;
}

const candidateCache = new WeakMap<Pools, Map<string, string[]>>();

/** The tags a ref can name, most used first (cached: a spec of a million works has 200,000 tags). */
function candidates(p: Pools, ref: Omit<TagRef, 'rank'>): string[] {
  const key = `${ref.kind}:${ref.type ?? ''}`;
  let cache = candidateCache.get(p);
  if (!cache) candidateCache.set(p, (cache = new Map<string, string[]>()));
  let list = cache.get(key);
  if (!list) cache.set(key, (list = computeCandidates(p, ref)));
  return list;
}

function computeCandidates(p: Pools, ref: Omit<TagRef, 'rank'>): string[] {
  const ok = (t: TagSpec): boolean => {
    if (ref.type && t.type !== ref.type) return false;
    const used = p.uses.get(t.name) ?? 0;
    if (used === 0) return false;
    switch (ref.kind) {
      case 'canonical':
        return t.canonical;
      case 'meta':
        return t.canonical && (p.subs.get(t.name)?.length ?? 0) > 0;
      case 'synonym':
        return t.synonymOf !== null;
      case 'unwrangled':
        return !t.canonical && t.synonymOf === null;
      case 'rare':
        return used === 1;
    }
  };
  return [...p.byName.values()]
    .filter(ok)
    .map((t) => t.name)
    .sort((a, b) => (p.uses.get(b) ?? 0) - (p.uses.get(a) ?? 0) || (a < b ? -1 : 1));
}

export function resolveRef(p: Pools, ref: TagRef | string): string {
  if (typeof ref === 'string') return ref;
  const list = candidates(p, ref);
  if (list.length === 0) throw new Error(`no ${ref.kind} ${ref.type ?? ''} tag in this corpus`);
  return list[Math.min(ref.rank, list.length - 1)]!;
}

/** The first posted, unrestricted work with at least 10 free tags (the needle queries' target). */
export function needle(spec: CorpusSpec): WorkSpec {
  const w = spec.works.find((x) => !x.draft && !x.restricted && new Set(freeTags(x)).size >= 10);
  if (!w) throw new Error('no work with 10 free tags in this corpus');
  return w;
}

/**
 * 10 of the needle's tags to include; 10 popular tags whose expansions miss all its tags to exclude;
 * its rating and one more, its warnings, a word range and the year it was posted in.
 */
function needleQuery(spec: CorpusSpec, p: Pools): WorksQuery {
  const w = needle(spec);
  const mine = new Set(freeTags(w));
  const include = [...mine]
    .sort((a, b) => (p.uses.get(b) ?? 0) - (p.uses.get(a) ?? 0) || (a < b ? -1 : 1))
    .slice(0, 10);
  const exclude = candidates(p, { kind: 'canonical' })
    .filter((n) => ![...expansion(p, n)].some((x) => mine.has(x)))
    .slice(0, 10);
  const year = w.publishedAt.slice(0, 4);
  return {
    include,
    exclude,
    ratings: [...new Set([w.rating, 'General Audiences'])],
    warnings: w.warnings,
    wordsFrom: Math.floor(w.nominalWords / 2),
    wordsTo: w.nominalWords * 2,
    updatedFrom: `${year}-01-01`,
    updatedTo: `${year}-12-31`,
  };
}

export interface NamedQuery {
  name: string;
  query: WorksQuery;
}

/** The fixed queries with this corpus's tag names filled in. */
export function resolveFilterQueries(spec: CorpusSpec, defs: FilterQueryDef[] = FILTER_QUERIES): NamedQuery[] {
  const p = pools(spec);
  return defs.map(({ name, include, exclude, needle: isNeedle, ...rest }) => {
    const query: WorksQuery = isNeedle ? { ...needleQuery(spec, p), ...rest } : { ...rest };
    if (include) query.include = include.map((r) => resolveRef(p, r));
    if (exclude) query.exclude = exclude.map((r) => resolveRef(p, r));
    return { name, query };
  });
}

/** Sorts the fixed queries use (the test checks that each listing sort appears). */
export const usedSorts = (defs: FilterQueryDef[] = FILTER_QUERIES): Set<SortKey> =>
  new Set(defs.map((d) => d.sort ?? 'updated'));
