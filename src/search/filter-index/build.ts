import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import { bitsToIds } from './bitset.js';
import { ForwardBuilder } from './forward.js';
import { CsrBuilder, type PostingIndex } from './posting.js';
import { SortOrders } from './sort-orders.js';
import { IndexState } from './state.js';
import { unionBudget } from './tag-unions.js';
import { PREFIXED_ORDERS, RangePrefixes } from './range-prefixes.js';
import { readTags, readWorks, type SourceSizes } from './load.js';

/** Progress of a build: a stage and how far it got. */
export type BuildProgress = (stage: string, done: number, total: number) => void;

// Works and tags read per query: big enough that per-query cost vanishes, small enough that SQLite's
// one connection (synchronous in better-sqlite3) is never held long.
const WORK_PAGE = 5_000;
const TAG_PAGE = 50_000;

/**
 * Bytes the index will hold for a database of these sizes (its typed arrays; the process adds its
 * own ~150 MB). Measured at 1,000,000 works with 13.7M tag links and 250,000 tags: 210 MB held,
 * against 270 MB estimated. Per link: its id in the work's list (16-bit units) and in the tag's;
 * per work: nine orders and three kept rank arrays, the columns, the title's bytes and the list
 * offsets; per tag: its name and codes.
 */
export function estimateBytes(z: SourceSizes): number {
  // Per work, 12 of the 172 bytes are the range prefixes (3 × 32 bits, range-prefixes.ts); the last term is the tag unions' budget.
  return z.links * 6.5 + (z.maxWorkId + 1) * 172 + (z.maxTagId + 1) * 50 + 8_000_000 + unionBudget(z.maxWorkId + 1);
}

/** Postings by key from each work's keys, visited in ascending work order. */
function postingsFrom(
  maxWork: number,
  capacity: number,
  keyOf: (w: number, emit: (key: number) => void) => void,
): PostingIndex {
  let maxKey = -1;
  for (let w = 0; w <= maxWork; w++) keyOf(w, (k) => (maxKey = Math.max(maxKey, k)));
  const b = new CsrBuilder(maxKey + 1, capacity);
  for (let w = 0; w <= maxWork; w++) keyOf(w, (k) => b.count(k));
  b.allocate();
  for (let w = 0; w <= maxWork; w++) keyOf(w, (k) => b.put(k, w));
  return b.build();
}

/** Reads every work and tag and builds the index's state. Changes made meanwhile are caught up afterwards. */
export async function buildState(db: Kysely<DB>, sizes: SourceSizes, onProgress?: BuildProgress): Promise<IndexState> {
  const maxWork = sizes.maxWorkId;
  const capacity = Math.ceil(((maxWork + 1) * 1.0625) / 1024) * 1024 + 1024;
  const s = new IndexState(capacity);

  for (let from = 0; from < sizes.maxTagId; from += TAG_PAGE) {
    s.setTags(await readTags(db, { from, to: from + TAG_PAGE }));
    onProgress?.('tags', Math.min(from + TAG_PAGE, sizes.maxTagId), sizes.maxTagId);
  }

  const tagFwd = new ForwardBuilder(maxWork, Math.ceil(sizes.links * 1.02));
  const pseudFwd = new ForwardBuilder(maxWork, Math.ceil(sizes.works * 1.2));
  const unknownTags = new Set<number>();
  for (let from = 0; from < maxWork; from += WORK_PAGE) {
    for (const r of await readWorks(db, { from, to: Math.min(from + WORK_PAGE, maxWork) })) {
      s.writeColumns(r);
      tagFwd.push(r.id, r.tags);
      pseudFwd.push(
        r.id,
        r.creators.map((c) => c.pseudId),
      );
      for (const c of r.creators) s.pseudUser.set(c.pseudId, c.userId);
      s.addSeries(r);
      for (const t of r.tags) if (!s.knowsTag(t)) unknownTags.add(t);
    }
    onProgress?.('works', Math.min(from + WORK_PAGE, maxWork), maxWork);
  }
  // Tags made while the works were read.
  if (unknownTags.size) s.setTags(await readTags(db, { ids: [...unknownTags] }));

  s.tagFwd = tagFwd.finish();
  s.pseudFwd = pseudFwd.finish();
  const live = (w: number) => w < capacity && ((s.live[w >>> 5]! >>> (w & 31)) & 1) === 1;
  s.tags = postingsFrom(maxWork, capacity, (w, emit) => s.tagFwd.forEach(w, emit));
  s.pseuds = postingsFrom(maxWork, capacity, (w, emit) => s.pseudFwd.forEach(w, emit));
  s.users = postingsFrom(maxWork, capacity, (w, emit) => {
    const ps = s.pseudFwd.get(w);
    const seen: number[] = [];
    for (const p of ps) {
      const u = s.pseudUser.get(p)!;
      if (!seen.includes(u)) {
        seen.push(u);
        emit(u);
      }
    }
  });
  s.langs = postingsFrom(maxWork, capacity, (w, emit) => {
    if (live(w)) emit(s.language[w]!);
  });
  onProgress?.('postings', 1, 1);

  s.titles.compact();
  s.tagNames.compact();
  const ids = bitsToIds(s.live);
  let done = 0;
  s.orders = await SortOrders.build(s, ids, capacity, () => onProgress?.('orders', ++done, 9));
  s.ranges = Object.fromEntries(
    PREFIXED_ORDERS.map((key) => [key, RangePrefixes.build(s.orders.perm(key), s[key], capacity)]),
  ) as IndexState['ranges'];
  return s;
}
