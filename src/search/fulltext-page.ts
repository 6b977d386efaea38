import { sql } from 'kysely';
import type { Executor } from '../store/executor.js';
import { isPostgres } from '../store/dialect.js';
import type { StampMemoKind } from '../store/stamp-memo.js';
import type { ListingScope } from '../policies/index.js';
import type { ResolvedFilter } from './resolve-filter.js';
import type { SearchState } from './search-state.js';
import { matches, orderOf, type IndexAnswer, type Matches, type PageRequest } from './filter-index/evaluate.js';
import { hasBit, setBit, wordsFor } from './filter-index/bitset.js';
import type { IndexState } from './filter-index/state.js';
import type { OrderKey } from './filter-index/sort-orders.js';
import { facetCounts, type FacetCount } from './filter-index/facets.js';

/*
 * Full-text listings with the filter index: FTS5 (or PostgreSQL's GIN index) gives the ids of the
 * matching works (one row, as text: a row per match costs more than the match itself), the filter index
 * gives the visible works that pass the filters and blocklist as a bitset, and their intersection is
 * the result. Totals are exact; non-relevance orders come from the index's sorted orders, and
 * relevance (bm25) is computed only for the window of matches a page needs (see RELEVANCE_WINDOW).
 */

/**
 * Relevance ranks matches in windows of this many, newest first (by work id): the newest window's
 * matches are ranked by bm25 among themselves, then the next window's, and so on. A search with no
 * more matches than this is ranked exactly as by bm25 over all of them. bm25 costs a few µs a work,
 * so ranking a common word's 850,000 matches took over a second; a window bounds that cost.
 */
export const RELEVANCE_WINDOW = 10_000;
let relevanceWindow = RELEVANCE_WINDOW;

/** The window size in force (tests make it small to see the windows at work). */
export function relevanceWindowSize(): number {
  return relevanceWindow;
}

/** For tests: changes the window size; call with no argument to restore the default. */
export function setRelevanceWindowForTests(n: number = RELEVANCE_WINDOW): void {
  relevanceWindow = Math.max(1, Math.trunc(n));
}

type Search = NonNullable<ResolvedFilter['search']>;

/**
 * Match sets remembered per search for one change stamp (store/stamp-memo.ts): a common word's set
 * (850,000 ids at a million works) takes FTS5 hundreds of milliseconds to list, and paging, sorting
 * or filtering the same search asks for it again. Any logged change — a post, an edit, a deletion —
 * starts afresh, so a remembered set is what the text index holds now. Kept to MATCH_MEMO_BYTES.
 */
const MATCH_MEMO_BYTES = 16 * 1024 * 1024;
interface Scored {
  ids: Uint32Array;
  scores: Float64Array;
}
interface MatchMemo {
  /** Search → its match set. */
  sets: Map<string, Uint32Array>;
  /** Search and id range → the scores of the matches in it (rankWindow). */
  windows: Map<string, Scored>;
  /** Bytes held by both, counted as entries are added. */
  bytes: number;
}
const MATCH_MEMO: StampMemoKind<MatchMemo> = {
  create: () => ({ sets: new Map(), windows: new Map(), bytes: 0 }),
  full: (m) => m.bytes > MATCH_MEMO_BYTES,
};
const searchKey = (db: Executor, search: Search) => (isPostgres(db) ? search.tsquery : search.fts5);

/** Ids of the works whose text matches the search, ascending (shared: read, never change). */
async function textMatchIds(db: Executor, memo: MatchMemo | undefined, search: Search): Promise<Uint32Array> {
  const key = searchKey(db, search);
  const known = memo?.sets.get(key);
  if (known) return known;
  const ids = await readTextMatchIds(db, search);
  // The stamp was read before the set: a change committed meanwhile moves it, and the next call starts afresh.
  if (memo && ids.byteLength <= MATCH_MEMO_BYTES / 4 && !memo.sets.has(key)) {
    memo.sets.set(key, ids);
    memo.bytes += ids.byteLength;
  }
  return ids;
}

async function readTextMatchIds(db: Executor, search: Search): Promise<Uint32Array> {
  const query = isPostgres(db)
    ? sql<{
        ids: string | null;
      }>`select string_agg(work_id::text, ',') as ids from work_search where tsv @@ to_tsquery('simple', ${search.tsquery})`
    : sql<{
        ids: string | null;
      }>`select group_concat(rowid) as ids from work_search where work_search match ${search.fts5}`;
  const row = (await query.execute(db)).rows[0];
  const s = row?.ids ?? '';
  if (s.length === 0) return new Uint32Array(0);
  let n = 1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 44) n++;
  const out = new Uint32Array(n);
  let k = 0;
  let v = 0;
  let sorted = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) {
      if (k > 0 && v <= out[k - 1]!) sorted = false;
      out[k++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  if (k > 0 && v <= out[k - 1]!) sorted = false;
  out[k] = v;
  // FTS5 scans in rowid order (PostgreSQL's bitmap scan mostly in table order); sorted when not.
  return sorted ? out : out.sort();
}

/** The text matches that are also in the index's matches (both ascending). */
function intersect(text: Uint32Array, m: Matches): Uint32Array {
  const out = new Uint32Array(Math.min(text.length, m.total));
  let n = 0;
  if (m.acc) {
    const acc = m.acc;
    for (let i = 0; i < text.length && n < out.length; i++) if (hasBit(acc, text[i]!)) out[n++] = text[i]!;
  } else {
    const ids = m.ids!;
    let j = 0;
    for (let i = 0; i < text.length && j < ids.length; i++) {
      const w = text[i]!;
      while (j < ids.length && ids[j]! < w) j++;
      if (ids[j] === w) out[n++] = w;
    }
  }
  return out.subarray(0, n);
}

/** How many of `text` are in the index's matches, without keeping them. */
function countIn(text: Uint32Array, m: Matches): number {
  return intersect(text, m).length;
}

/** The text matches the listing shows, and how many more the blocklist hid; undefined when the index leaves it to SQL. */
function visibleMatches(
  s: IndexState,
  scope: ListingScope,
  filters: ResolvedFilter,
  text: Uint32Array,
  blocklist: boolean,
  foldAsciiCase: boolean,
): { ids: Uint32Array; hidden: number } | undefined {
  // foldAsciiCase: SQLite's LIKE (blocklist wildcards) ignores ASCII case, PostgreSQL's does not.
  const opts = { withBlocklist: true, foldAsciiCase };
  try {
    // matches() reuses its buffers: each result is read before the next call.
    let before = 0;
    if (blocklist) {
      const all = matches(s, scope, filters, { ...opts, withBlocklist: false });
      if (!all) return undefined;
      before = countIn(text, all);
    }
    const m = matches(s, scope, filters, opts);
    if (!m) return undefined;
    const ids = intersect(text, m);
    return { ids, hidden: blocklist ? before - ids.length : 0 };
  } catch {
    // The index's own answer() rebuilds on such an error; here SQL answers this one.
    return undefined;
  }
}

/**
 * The works in ids[from..to) (ascending ids), best match first, ties by id descending: the score of
 * works-sql.ts's order (-bm25 on SQLite, ts_rank on PostgreSQL), computed for this window only.
 */
async function rankWindow(
  db: Executor,
  memo: MatchMemo | undefined,
  search: Search,
  ids: Uint32Array,
  from: number,
  to: number,
): Promise<number[]> {
  if (from >= to) return [];
  const lo = ids[from]!;
  const hi = ids[to - 1]!;
  const scored = await scoresIn(db, memo, search, lo, hi);
  // The range also holds matches the filters dropped; only the window's own are kept.
  const keep = new Set<number>();
  for (let i = from; i < to; i++) keep.add(ids[i]!);
  const ranked: Array<{ id: number; score: number }> = [];
  for (let i = 0; i < scored.ids.length; i++)
    if (keep.has(scored.ids[i]!)) ranked.push({ id: scored.ids[i]!, score: scored.scores[i]! });
  ranked.sort((a, b) => b.score - a.score || b.id - a.id);
  return ranked.map((r) => r.id);
}

/** The score of every match with an id in [lo, hi] (remembered with the match sets). */
async function scoresIn(
  db: Executor,
  memo: MatchMemo | undefined,
  search: Search,
  lo: number,
  hi: number,
): Promise<Scored> {
  const key = `${searchKey(db, search)}\u0000${lo}-${hi}`;
  const known = memo?.windows.get(key);
  if (known) return known;
  const query = isPostgres(db)
    ? sql<{
        id: number;
        score: number;
      }>`select work_id as id, ts_rank(tsv, to_tsquery('simple', ${search.tsquery})) as score from work_search
        where tsv @@ to_tsquery('simple', ${search.tsquery}) and work_id >= ${lo} and work_id <= ${hi}`
    : sql<{ id: number; score: number }>`select rowid as id, -bm25(work_search) as score from work_search
        where work_search match ${search.fts5} and rowid >= ${lo} and rowid <= ${hi}`;
  const rows = (await query.execute(db)).rows;
  const scored = {
    ids: Uint32Array.from(rows, (r) => Number(r.id)),
    scores: Float64Array.from(rows, (r) => Number(r.score)),
  };
  if (memo && !memo.windows.has(key)) {
    memo.windows.set(key, scored);
    memo.bytes += scored.ids.byteLength + scored.scores.byteLength;
  }
  return scored;
}

/** One page of `ids` (ascending) in relevance order: windows of the newest matches, each ranked by bm25. */
async function relevancePage(
  db: Executor,
  memo: MatchMemo | undefined,
  search: Search,
  ids: Uint32Array,
  page: PageRequest,
): Promise<number[]> {
  const w = relevanceWindow;
  const total = ids.length;
  const end = Math.min(total, page.offset + page.limit);
  const out: number[] = [];
  for (let b = Math.floor(page.offset / w); b * w < end; b++) {
    const from = Math.max(0, total - (b + 1) * w);
    const to = total - b * w;
    const ranked = await rankWindow(db, memo, search, ids, from, to);
    const skip = Math.max(0, page.offset - b * w);
    const take = Math.min(ranked.length, end - b * w);
    for (let i = skip; i < take; i++) out.push(ranked[i]!);
  }
  return out;
}

/** One page of `ids` in one of the index's listing orders. */
function orderedPage(s: IndexState, order: OrderKey, ids: Uint32Array, page: PageRequest): number[] {
  const perm = s.orders.perm(order);
  const end = Math.min(ids.length, page.offset + page.limit);
  if (page.offset >= end) return [];
  // Walking the order costs about (offset + limit) / density steps; sorting all matches by rank about n log n.
  const walkSteps = ((page.offset + page.limit) * perm.length) / ids.length;
  if (walkSteps < ids.length * (4 + Math.log2(ids.length))) {
    const member = new Uint32Array(wordsFor(s.capacity));
    for (const w of ids) setBit(member, w);
    const out: number[] = [];
    let seen = 0;
    for (let i = 0; i < perm.length && out.length < end - page.offset; i++) {
      const w = perm[i]!;
      if (hasBit(member, w) && seen++ >= page.offset) out.push(w);
    }
    return out;
  }
  const rank = s.orders.rank(order, s.capacity);
  const ranks = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) ranks[i] = rank[ids[i]!]!;
  ranks.sort();
  const out: number[] = [];
  for (let i = page.offset; i < end; i++) out.push(perm[ranks[i]!]!);
  return out;
}

/**
 * The visible works that match a search and pass its filters and blocklist, by the filter index and
 * the text index together; undefined when SQL must answer (no ready index, a drafts page, or what the
 * index leaves to SQL). The state comes with them: callers use it before their next await.
 */
async function searchMatches(
  state: SearchState,
  scope: ListingScope,
  resolved: ResolvedFilter,
): Promise<{ s: IndexState; memo: MatchMemo | undefined; ids: Uint32Array; hidden: number } | undefined> {
  const { db, filterIndex: index } = state;
  const search = resolved.search;
  if (!index || !search || scope.draftsOfUserId !== null) return undefined;
  // The same listing without the words: visibility, filters and blocklist, which the index answers.
  const filters: ResolvedFilter = { ...resolved };
  delete filters.search;
  if (!index.ready()) return undefined;
  // The stamp is read before the text: a change committed meanwhile moves it, and the next call starts afresh.
  const memo = await state.memos.get(db, MATCH_MEMO);
  const text = await textMatchIds(db, memo, search);
  // Caught up after the text was read, and used without an await until the ids are taken out.
  const s = await index.caughtUp();
  if (!s) return undefined;
  const found = visibleMatches(s, scope, filters, text, resolved.exclusions.active, !isPostgres(db));
  return found && { s, memo, ...found };
}

/**
 * A full-text listing answered with the filter index, or undefined when SQL must answer: no ready
 * index, a drafts page, a series in reading order, or what the index leaves to SQL.
 */
export async function fulltextPage(
  state: SearchState,
  scope: ListingScope,
  resolved: ResolvedFilter,
  page: PageRequest,
): Promise<IndexAnswer | undefined> {
  const { db } = state;
  const search = resolved.search;
  if (!search) return undefined;
  const sort = resolved.filter.sort ?? 'relevance';
  if (resolved.seriesId !== undefined && resolved.filter.sort === undefined) return undefined;
  const found = await searchMatches(state, scope, resolved);
  if (!found) return undefined;
  const { s, memo, ids, hidden } = found;
  const total = ids.length;
  if (page.offset >= total) return { total, ids: [], hiddenByBlocklist: hidden };
  if (sort === 'relevance')
    return { total, ids: await relevancePage(db, memo, search, ids, page), hiddenByBlocklist: hidden };
  const order = orderOf(resolved);
  if (order === 'series' || order === 'bookmarked') return undefined;
  return { total, ids: orderedPage(s, order, ids, page), hiddenByBlocklist: hidden };
}

/**
 * The sidebar's counts of a search's results, by the filter index over the works the search
 * matches (as fulltextPage finds them); undefined when SQL must count. SQL's count of every tag
 * of every match took a search page 90 % of its time.
 */
export async function fulltextFacets(
  state: SearchState,
  scope: ListingScope,
  resolved: ResolvedFilter,
  limit: number,
): Promise<FacetCount[] | undefined> {
  if (!resolved.search) return undefined;
  const found = await searchMatches(state, scope, resolved);
  if (!found) return undefined;
  const m: Matches = {
    ids: found.ids,
    listed: false,
    acc: null,
    total: found.ids.length,
    hiddenByBlocklist: found.hidden,
    window: null,
  };
  return facetCounts(found.s, m, limit);
}
