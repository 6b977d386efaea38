/**
 * Deterministic random works queries over a generated corpus (bench/corpus-spec.ts): tags drawn
 * from what the works carry (canonical tags, synonyms, meta tags, unwrangled ones, fixed ratings and
 * warnings), the other filters, and full-text searches built from the corpus vocabulary. Used by the
 * differential tests, which run each query on two databases and compare the answers.
 */
import type { WorksQuery } from '../src/search/works-query.js';
import { CATEGORIES, RATINGS, WARNINGS } from '../src/domain/tags.js';
import { SORTS } from '../src/search/works-filter.js';
import type { CorpusSpec } from './corpus-spec.js';
import { EN, JA, LATIN, RU, ZH, mulberry32, nonceWord, pick, pickZipf, type Rng } from './corpus-vocab.js';

/** Names of the corpus's tags by role, with how many posted works carry each. */
export interface TagPools {
  uses: Map<string, number>;
  canonical: string[];
  synonyms: string[];
  metas: string[];
  unwrangled: string[];
}

export function tagPools(spec: CorpusSpec): TagPools {
  const uses = new Map<string, number>();
  for (const w of spec.works)
    if (!w.draft)
      for (const n of [...w.fandoms, ...w.relationships, ...w.characters, ...w.freeforms])
        uses.set(n, (uses.get(n) ?? 0) + 1);
  const byUse = (names: string[]) => names.sort((a, b) => (uses.get(b) ?? 0) - (uses.get(a) ?? 0) || (a < b ? -1 : 1));
  const metaNames = new Set(spec.tags.flatMap((t) => t.metas));
  return {
    uses,
    canonical: byUse(spec.tags.filter((t) => t.canonical).map((t) => t.name)),
    synonyms: byUse(spec.tags.filter((t) => t.synonymOf !== null).map((t) => t.name)),
    metas: byUse([...metaNames]),
    unwrangled: byUse(spec.tags.filter((t) => !t.canonical && t.synonymOf === null).map((t) => t.name)),
  };
}

const LISTING_SORTS = SORTS.filter((s) => s !== 'relevance');

function tagFrom(rng: Rng, p: TagPools): string {
  const r = rng();
  if (r < 0.45) return pickZipf(rng, p.canonical, 0.8);
  if (r < 0.6 && p.synonyms.length) return pickZipf(rng, p.synonyms, 0.8);
  if (r < 0.75 && p.metas.length) return pickZipf(rng, p.metas, 0.8);
  if (r < 0.85 && p.unwrangled.length) return pickZipf(rng, p.unwrangled, 0.8);
  return rng() < 0.5 ? pick(rng, RATINGS).name : pick(rng, WARNINGS).name;
}

/** A full-text query in one of the shapes readers type. */
export function textQuery(rng: Rng, spec: CorpusSpec): string {
  const word = () => pickZipf(rng, EN.noun);
  switch (Math.floor(rng() * 12)) {
    case 0:
    case 1:
      return word();
    case 2:
      return `"${pick(rng, ['that morning', `in the ${pick(rng, EN.season)}`, `the ${pickZipf(rng, EN.adj)}`, `the ${pickZipf(rng, EN.person)}`])}"`;
    case 3:
      return pick(rng, ['wor*', 'lig*', 'har*', `${pickZipf(rng, EN.noun).slice(0, 3)}*`]);
    case 4:
      return `${pick(rng, EN.noun)} OR ${pick(rng, EN.noun)}`;
    case 5:
      return `${word()} NOT ${word()}`;
    case 6:
      return pick(rng, [
        pickZipf(rng, ZH.noun),
        `${pickZipf(rng, ZH.adj)}的`,
        pickZipf(rng, ZH.noun).charAt(0),
        pickZipf(rng, JA.noun),
      ]);
    case 7:
      return pick(rng, [
        pickZipf(rng, RU.noun),
        pickZipf(rng, LATIN.es.noun),
        pickZipf(rng, LATIN.fr.noun),
        pickZipf(rng, LATIN.de.noun),
      ]);
    case 8:
      return nonceWord(Math.floor(rng() * spec.nonces));
    case 9:
      return `${pickZipf(rng, EN.adj)} ${word()}`;
    case 10:
      return pick(rng, ['Fluff', '"Hurt/Comfort"', spec.users[Math.floor(rng() * spec.users.length)]!]);
    default:
      return `(${word()} OR ${pickZipf(rng, EN.verb)}) -${pick(rng, EN.noun)}`;
  }
}

/** `n` queries for `spec`, the same ones for the same seed. */
export function randomQueries(spec: CorpusSpec, seed: number, n: number): WorksQuery[] {
  const rng = mulberry32(seed);
  const pools = tagPools(spec);
  const years = Array.from({ length: 17 }, (_, i) => 2009 + i);
  const languages = [...new Set(spec.works.map((w) => w.language))].sort();
  const out: WorksQuery[] = [];
  for (let i = 0; i < n; i++) {
    const q: WorksQuery = {};
    const conditions = 1 + Math.floor(rng() * rng() * 3);
    for (let c = 0; c < conditions; c++) {
      const kind = Math.floor(rng() * 24);
      if (kind < 7) (q.include ??= []).push(tagFrom(rng, pools));
      else if (kind < 10) (q.exclude ??= []).push(tagFrom(rng, pools));
      else if (kind < 11) q.ratings = [...new Set([pick(rng, RATINGS).name, pick(rng, RATINGS).name])];
      else if (kind < 12) q.warnings = [pick(rng, WARNINGS).name];
      else if (kind < 13) q.categories = [pick(rng, CATEGORIES).name];
      else if (kind < 14) q.crossover = pick(rng, ['include', 'exclude', 'only'] as const);
      else if (kind < 15) q.complete = rng() < 0.5;
      else if (kind < 16) {
        if (rng() < 0.5) q.wordsFrom = 100 + Math.floor(rng() * 500);
        else q.wordsTo = 150 + Math.floor(rng() * 700);
      } else if (kind < 17) {
        const y = pick(rng, years);
        if (rng() < 0.5) q.updatedFrom = `${y}-06-01`;
        else q.updatedTo = `${y}-12-31`;
      } else if (kind < 18) q.language = pick(rng, languages);
      else if (kind < 23) q.q = textQuery(rng, spec);
      else (q.include ??= []).push(`No Such Tag ${i}`);
    }
    q.sort = q.q ? pick(rng, ['title', 'updated'] as const) : pick(rng, LISTING_SORTS);
    if (rng() < 0.25) q.page = 2;
    out.push(q);
  }
  return out;
}
