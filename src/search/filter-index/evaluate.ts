import type { ListingScope } from '../../policies/index.js';
import type { ResolvedFilter } from '../resolve-filter.js';
import {
  andIntoCount,
  andNotIntoCount,
  bitsToIds,
  copyBits,
  countAnd,
  popcount,
  hasBit,
  wordsFor,
  type Bits,
} from './bitset.js';
import { BitsCond, RangeCond, SetCond, UnionCond, aboveRange, type Cond } from './conditions.js';
import type { IndexState } from './state.js';
import { bisect, hasPrefixes } from './range-prefixes.js';
import { ORDER_KEYS, type OrderKey } from './sort-orders.js';

/** What the index answers for one listing: the same three things the SQL computes. */
export interface IndexAnswer {
  total: number;
  /** One page of work ids, in listing order. */
  ids: number[];
  hiddenByBlocklist: number;
}

export interface PageRequest {
  offset: number;
  limit: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

/**
 * The listing order of works-sql.ts's `ordered()`, or 'series' for a series in reading order, or
 * 'bookmarked' for a member's bookmarks, newest bookmark first.
 */
export function orderOf(r: ResolvedFilter): OrderKey | 'series' | 'bookmarked' {
  if (r.bookmarkedBy && r.filter.sort === undefined) return 'bookmarked';
  if (r.seriesId !== undefined && r.filter.sort === undefined) return 'series';
  const sort = r.filter.sort ?? 'updated';
  return (ORDER_KEYS as readonly string[]).includes(sort) ? (sort as OrderKey) : 'updated';
}

interface Plan {
  positive: Cond[];
  negative: Cond[];
  blocklist: Cond[];
  /** The slice of the listing order every match lies in: narrowed by a range on the order's own key. */
  window: { from: number; to: number } | null;
}

/**
 * Turns scope and filter into conditions, or undefined for what the index leaves to SQL: full-text
 * searches, drafts pages, and dates it cannot compare exactly as text.
 */
function plan(
  s: IndexState,
  scope: ListingScope,
  r: ResolvedFilter,
  withBlocklist: boolean,
  foldAsciiCase: boolean,
): Plan | undefined {
  // A reading history lives in the readings table, which the index does not hold.
  if (r.search || scope.draftsOfUserId !== null || r.readBy) return undefined;
  const f = r.filter;
  const datesUsed =
    f.updatedFrom !== undefined || f.updatedTo !== undefined || ['updated', 'published'].includes(orderOf(r));
  if (datesUsed && s.oddDateCount > 0) return undefined;
  const flag = (bits: Bits) => new BitsCond(bits, s.countOf(bits));
  const p: Plan = {
    positive: [flag(scope.includeRestricted ? s.posted : s.open)],
    negative: [],
    blocklist: [],
    window: null,
  };
  const order = orderOf(r);
  const ranged = (key: 'words' | 'updated', c: RangeCond) => {
    p.positive.push(c);
    if (key === order) p.window = { from: c.from, to: c.to };
  };
  const tagCond = (ids: readonly number[]): Cond => {
    const views = ids.map((t) => s.tags.view(t));
    // Several lists that together hold many works: one bitset, made once (tag-unions.ts).
    if (views.filter((v) => v.size > 0).length > 1 && views.reduce((n, v) => n + v.size, 0) > sparseLimit(s)) {
      const u = s.unions.get(ids, views, s.capacity);
      return new BitsCond(u.bits, u.size);
    }
    ensureMark(s, ids);
    return new UnionCond(views, { keys: ids, forward: s.tagFwd, mark: s.tagMark });
  };
  for (const set of r.includeSets) p.positive.push(tagCond(set.ids));
  if (r.ratingIds.length) p.positive.push(tagCond(r.ratingIds));
  const excluded = [...r.exclude.ids, ...r.exclude.exactIds];
  if (excluded.length) p.negative.push(tagCond(excluded));
  if (f.crossover === 'only') p.positive.push(flag(s.crossover));
  if (f.crossover === 'exclude') p.negative.push(flag(s.crossover));
  if (f.complete === true) p.positive.push(flag(s.complete));
  if (f.complete === false) p.negative.push(flag(s.complete));
  if (f.wordsFrom !== undefined || f.wordsTo !== undefined) {
    const lo = f.wordsFrom ?? -Infinity;
    const hi = f.wordsTo ?? Infinity;
    ranged('words', rangeOf(s, 'words', s.words, { lo, hi, hiInclusive: true }));
  }
  if (f.updatedFrom !== undefined || f.updatedTo !== undefined) {
    if ((f.updatedFrom && !DAY.test(f.updatedFrom)) || (f.updatedTo && !DAY.test(f.updatedTo))) return undefined;
    const lo = f.updatedFrom ? dayMs(f.updatedFrom) : -Infinity;
    // `updated_at < nextDay(to)`: before the next midnight.
    const hi = f.updatedTo ? dayMs(f.updatedTo) + 86_400_000 : Infinity;
    if (Number.isNaN(lo) || Number.isNaN(hi)) return undefined;
    ranged('updated', rangeOf(s, 'updated', s.updated, { lo, hi, hiInclusive: false }));
  }
  if (f.language) {
    const code = s.languages.find(f.language);
    p.positive.push(code === undefined ? new SetCond(new Set()) : new UnionCond([s.langs.view(code)]));
  }
  if (r.pseudId !== undefined) p.positive.push(new UnionCond([s.pseuds.view(r.pseudId)]));
  if (r.userId !== undefined) p.positive.push(new UnionCond([s.users.view(r.userId)]));
  if (r.seriesId !== undefined) p.positive.push(new SetCond(s.series.get(r.seriesId) ?? new Set()));
  // A member's bookmarked works, read from the bookmarks table when the filter was resolved.
  if (r.bookmarkedBy) p.positive.push(new SetCond(r.bookmarkedBy.positions));
  if (withBlocklist) {
    const x = r.exclusions;
    const blocked = new Set([...x.ids, ...x.exactIds]);
    for (const like of x.likePatterns) for (const t of s.tagsLike(like, foldAsciiCase)) blocked.add(t);
    if (blocked.size) p.blocklist.push(tagCond([...blocked]));
    if (x.mutedUserIds.length) p.blocklist.push(new UnionCond(x.mutedUserIds.map((u) => s.users.view(u))));
    // The bookmarks of a member the reader muted are hidden by their choice, and counted so.
    if (r.bookmarkedBy && x.mutedUserIds.includes(r.bookmarkedBy.userId))
      p.blocklist.push(new SetCond(r.bookmarkedBy.positions));
  }
  return p;
}

function ensureMark(s: IndexState, ids: readonly number[]): void {
  let max = 0;
  for (const t of ids) if (t > max) max = t;
  if (max >= s.tagMark.length) s.tagMark = new Uint8Array(Math.ceil((max + 1) * 1.25));
}

/**
 * A word-count or update-time range as one slice of the order sorted descending by that column:
 * past the values above the range, up to the first value below it.
 */
function rangeOf(
  s: IndexState,
  key: 'words' | 'updated',
  col: ArrayLike<number>,
  range: { lo: number; hi: number; hiInclusive: boolean },
): RangeCond {
  const { lo, hi, hiInclusive } = range;
  const perm = s.orders.perm(key);
  const first = bisect(perm, (w) => !aboveRange(col[w]!, hi, hiInclusive));
  const end = Math.max(
    first,
    bisect(perm, (w) => col[w]! < lo),
  );
  const whole = { into: (out: Bits) => s.ranges[key].sliceInto(out, perm, col, first, end), temp: s.buffer(2) };
  return new RangeCond(perm, first, end, { col, ...range }, whole);
}

/** Below this many matches, work with id lists instead of bitsets. */
const sparseLimit = (s: IndexState) => Math.max(2048, s.capacity >>> 6);

/** All works a listing matches: a sorted id list when few, else a bitset (valid until the next query). */
export interface Matches {
  /** Ascending, unless `listed` says they are in the listing's order. */
  ids: Uint32Array | null;
  listed: boolean;
  acc: Bits | null;
  total: number;
  hiddenByBlocklist: number;
  /** Positions of the listing order outside which no match lies (see Plan). */
  window: { from: number; to: number } | null;
}

/** The works a listing matches, or undefined when SQL must answer (see `plan`). */
export function matches(
  s: IndexState,
  scope: ListingScope,
  r: ResolvedFilter,
  opts: { withBlocklist: boolean; foldAsciiCase: boolean; listed?: boolean },
): Matches | undefined {
  const p = plan(s, scope, r, opts.withBlocklist, opts.foldAsciiCase);
  if (!p) return undefined;
  const positive = [...p.positive].sort((a, b) => a.size - b.size);
  const scratch = s.buffer(0);
  const sparse = sparseLimit(s);

  let ids: Uint32Array | null = null;
  let acc: Bits | null = null;
  let hidden = 0;
  let total: number;
  let listed = false;
  if (positive[0]!.size <= sparse) {
    const first = positive[0]!;
    // Starting from a range on the order's own key, in the order's own sequence: the page is then
    // the first matches left, with nothing to sort.
    listed =
      opts.listed === true && first instanceof RangeCond && first.from === p.window?.from && first.to === p.window.to;
    ids = listed ? (first as RangeCond).inOrder() : first.list(scratch);
    for (const c of positive.slice(1)) ids = c.filter(ids, false);
    for (const c of p.negative) ids = c.filter(ids, true);
    const before = ids.length;
    for (const c of p.blocklist) ids = c.filter(ids, true);
    total = ids.length;
    hidden = before - total;
  } else {
    acc = s.buffer(1);
    const first = positive[0]!;
    const firstBits = first.onlyBits?.() ?? null;
    if (firstBits) copyBits(acc, firstBits);
    else first.addTo(acc.fill(0));
    const steps: [Cond, boolean][] = [
      ...positive.slice(1).map((c): [Cond, boolean] => [c, false]),
      ...p.negative.map((c): [Cond, boolean] => [c, true]),
    ];
    // The last step over a plain bitset counts as it goes, saving the counting pass.
    let counted = steps.length === 0 && firstBits ? first.size : -1;
    steps.forEach(([c, negate], i) => {
      const bits = i === steps.length - 1 && p.blocklist.length === 0 ? (c.onlyBits?.() ?? null) : null;
      if (bits) counted = negate ? andNotIntoCount(acc!, bits) : andIntoCount(acc!, bits);
      else c.apply(acc!, scratch, negate);
    });
    if (p.blocklist.length) {
      scratch.fill(0);
      for (const c of p.blocklist) c.addTo(scratch);
      hidden = countAnd(acc, scratch);
      counted = andNotIntoCount(acc, scratch);
    }
    total = counted >= 0 ? counted : popcount(acc);
  }
  if (!r.exclusions.active || !opts.withBlocklist) hidden = 0;
  return { ids, listed, acc, total, hiddenByBlocklist: hidden, window: p.window };
}

/** Answers one listing from the index, or undefined when SQL must (see `plan`). */
export function evaluate(
  s: IndexState,
  scope: ListingScope,
  r: ResolvedFilter,
  page: PageRequest | null,
  opts: { withBlocklist: boolean; foldAsciiCase: boolean },
): IndexAnswer | undefined {
  const m = matches(s, scope, r, { ...opts, listed: true });
  if (!m) return undefined;
  const { total, acc, hiddenByBlocklist: hidden } = m;
  let ids = m.ids;
  const order = orderOf(r);
  if (!page || page.offset >= total) return { total, ids: [], hiddenByBlocklist: hidden };

  // A bitset of few matches is walked too: the page's works are usually met within a few thousand
  // steps, where listing and ranking every match costs a pass over the whole bitset first.
  if (
    acc &&
    (order === 'series' ||
      order === 'bookmarked' ||
      sortIsCheaper(total, page, m.window?.from ?? 0, m.window?.to ?? s.orders.perm(order).length))
  )
    ids = bitsToIds(acc, total);
  if (ids && m.listed)
    return { total, ids: Array.from(ids.subarray(page.offset, page.offset + page.limit)), hiddenByBlocklist: hidden };
  if (ids) return { total, ids: sortPage(s, order, ids, r, page), hiddenByBlocklist: hidden };
  const perm = s.orders.perm(order as OrderKey);
  const from = m.window?.from ?? 0;
  const to = m.window?.to ?? perm.length;
  const deep = hasPrefixes(order) ? order : null;
  let walked = walk(
    perm,
    acc!,
    page,
    from,
    to,
    deep ? firstWalk(total, page, to - from, s.capacity) : walkBudget(total),
  );
  if (!walked && deep) {
    // The page lies deeper than the matches' share suggests: start at the last 32nd of the order
    // before it (range-prefixes.ts), with the matches before that point counted, not walked. No
    // match lies before `from`, so the count holds from there too.
    const skip = s.ranges[deep].skipInto(acc!, perm, s[deep], page.offset);
    walked = walk(
      perm,
      acc!,
      { offset: page.offset - skip.seen, limit: page.limit },
      Math.max(from, skip.position),
      to,
      walkBudget(total),
    );
  }
  // The walk ran long (the filter keeps works the order puts last): pick the page from all matches instead.
  const pageIds = walked ?? sortPage(s, order, bitsToIds(acc!, total), r, page);
  return { total, ids: pageIds, hiddenByBlocklist: hidden };
}

/** Walking positions [from, to) of the order to a deep page costs more than sorting all matches by rank. */
function sortIsCheaper(total: number, page: PageRequest, from: number, to: number): boolean {
  const walk = ((page.offset + page.limit) * (to - from)) / total;
  return total * (4 + Math.log2(total)) < walk;
}

/**
 * Steps a walk may take before picking from all matches is the cheaper way: about what listing and
 * ranking every match costs. The estimate in sortIsCheaper assumes the filter and the order are
 * unrelated; when they are not ("updated in 2015, newest published first"), the page's works can
 * lie at the far end of the order.
 */
const walkBudget = (total: number) => Math.max(4096, 2 * total);

/**
 * Steps of a first walk from the start, before counting where to start instead: four times what
 * the page needs if the filter and the order are unrelated, and at least two steps per bitset word:
 * about what counting costs (a bisection of the prefixes is up to five passes over the bitset, one
 * word per 32 works; each stops early where matches are dense and reads only the words where they
 * lie). Measured at 1M works, a first walk of a fifth of this let "F/F + top fandom" count where a
 * longer walk would have found its page, and took twice as long.
 */
const firstWalk = (total: number, page: PageRequest, span: number, capacity: number) =>
  Math.max(4096, wordsFor(capacity) * 2, Math.ceil((4 * (page.offset + page.limit) * span) / Math.max(1, total)));

/** The page of a dense result: the order's works in turn, within [from, to), that are in `acc`; undefined past `budget` steps. */
export function walk(
  perm: Uint32Array,
  acc: Bits,
  page: PageRequest,
  from: number,
  to: number,
  budget: number,
): number[] | undefined {
  const out: number[] = [];
  let seen = 0;
  const end = Math.min(to, perm.length);
  const stop = Math.min(end, from + budget);
  let i = from;
  for (; i < stop && out.length < page.limit; i++) {
    const w = perm[i]!;
    if (!hasBit(acc, w)) continue;
    if (seen++ >= page.offset) out.push(w);
  }
  return out.length < page.limit && i < end ? undefined : out;
}

// A page this deep, of at most this many matches, is picked by comparison when ranks are not at hand.
const FIRST_OF_MAX = 1_000;
const FIRST_OF_MATCHES = 200_000;

/** The page of a sparse result: matches sorted by their rank in the order (or series position). */
function sortPage(
  s: IndexState,
  order: OrderKey | 'series' | 'bookmarked',
  ids: Uint32Array,
  r: ResolvedFilter,
  page: PageRequest,
): number[] {
  if (order === 'bookmarked') {
    const pos = r.bookmarkedBy!.positions;
    return [...ids].sort((a, b) => pos.get(a)! - pos.get(b)!).slice(page.offset, page.offset + page.limit);
  }
  if (order === 'series') {
    const pos = s.series.get(r.seriesId!) ?? new Map<number, number>();
    return [...ids].sort((a, b) => pos.get(a)! - pos.get(b)! || a - b).slice(page.offset, page.offset + page.limit);
  }
  const want = page.offset + page.limit;
  if (!s.orders.hasFreshRank(order) && want <= FIRST_OF_MAX && ids.length <= FIRST_OF_MATCHES)
    return s.orders.firstOf(order, ids, want).slice(page.offset);
  const rank = s.orders.rank(order, s.capacity);
  const perm = s.orders.perm(order);
  const ranks = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) ranks[i] = rank[ids[i]!]!;
  ranks.sort();
  const out: number[] = [];
  for (let i = page.offset; i < Math.min(ranks.length, page.offset + page.limit); i++) out.push(perm[ranks[i]!]!);
  return out;
}
