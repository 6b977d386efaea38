/**
 * The full-text suite: a fixed set of searches (common word, rare word, phrase, CJK, prefix,
 * boolean, word + filter) through queryWorks with `q`, for a guest, timed over many runs. With the
 * filter index ready they take search/fulltext-page.ts's path (exact totals; relevance ranked in
 * windows of the newest 10,000 matches, docs/decisions/004-search.md); each is run once untimed first.
 */
import type { SearchState } from '../src/search/search-state.js';
import { guestViewer } from '../src/policies/index.js';
import { queryWorks } from '../src/search/works-query.js';
import type { CorpusSpec } from './corpus-spec.js';
import { nonceWord } from './corpus-vocab.js';
import { pools, resolveRef, type NamedQuery } from './filter-queries.js';
import { percentile, repeat, round, spread, type Spread } from './timing.js';
import type { SuiteOptions } from './filter-suite.js';

/** The searches, with this corpus's most used freeform for the filtered one. */
export function fulltextQueries(spec: CorpusSpec): NamedQuery[] {
  const fluff = resolveRef(pools(spec), { kind: 'canonical', type: 'freeform', rank: 0 });
  // Deep in the Zipf tail of invented words: in a handful of works at most.
  const rare = nonceWord(Math.floor(spec.nonces * 0.9));
  return [
    { name: 'common word (relevance)', query: { q: 'light' } },
    { name: 'common word, by date', query: { q: 'light', sort: 'updated' } },
    { name: `rare word (${rare})`, query: { q: rare } },
    { name: 'phrase "that morning" (relevance)', query: { q: '"that morning"' } },
    { name: 'phrase, by title', query: { q: '"the old lighthouse"', sort: 'title' } },
    { name: 'CJK 灯塔', query: { q: '灯塔' } },
    { name: 'prefix lig*', query: { q: 'lig*', sort: 'updated' } },
    { name: 'harbour OR lighthouse, by kudos', query: { q: 'harbour OR lighthouse', sort: 'kudos' } },
    { name: `word + filter (lantern, ${fluff})`, query: { q: 'lantern', include: [fluff] } },
  ];
}

export interface FulltextFigures extends Spread {
  queries: number;
  perQuery: Array<{ name: string; total: number; p50: number; p95: number; measured: number }>;
}

export async function runFulltextSuite(
  search: SearchState,
  queries: NamedQuery[],
  opts: SuiteOptions,
): Promise<FulltextFigures> {
  const all: number[] = [];
  const perQuery: FulltextFigures['perQuery'] = [];
  for (const q of queries) {
    const first = await queryWorks(search, guestViewer(), q.query);
    if (first.searchError) opts.log(`WARNING full-text “${q.name}”: ${first.searchError}`);
    const t = await repeat(() => queryWorks(search, guestViewer(), q.query), opts.runs, opts.budgetMs);
    all.push(...t.samples);
    const fig = {
      name: q.name,
      total: first.total,
      p50: round(percentile(t.samples, 0.5)),
      p95: round(percentile(t.samples, 0.95)),
      measured: t.measured,
    };
    perQuery.push(fig);
    opts.log(`[fulltext] ${q.name.padEnd(50)} ${String(first.total).padStart(9)} works   p50 ${fig.p50} ms`);
  }
  return { queries: queries.length, ...spread(all), perQuery };
}
