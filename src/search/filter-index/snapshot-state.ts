/**
 * An IndexState as named arrays and back, for the snapshot (snapshot.ts). Saved as they are: the
 * flags and columns, the posting lists, the forward lists, the nine listing orders, the tags and
 * the interned names. Rebuilt on restore: the range prefixes (milliseconds, from the orders). Left
 * empty: the caches. A field of IndexState in none of these lists fails snapshot.test.ts, so a new
 * one is not forgotten here.
 */
import { bitsToIds, wordsFor, type Bits } from './bitset.js';
import { ByteStrings } from './byte-strings.js';
import { Forward } from './forward.js';
import { PostingIndex, promotionSize, viewToIds } from './posting.js';
import { PREFIXED_ORDERS, RangePrefixes } from './range-prefixes.js';
import { ORDER_KEYS, SortOrders, compareCodePoints } from './sort-orders.js';
import { IndexState } from './state.js';
import type { Section } from './snapshot-file.js';

const BITS = ['live', 'posted', 'open', 'crossover', 'complete', 'oddDates'] as const;
const F64 = ['updated', 'published'] as const;
const U32 = ['words', 'kudos', 'hits', 'bookmarks', 'comments', 'creatorKey'] as const;
const POSTINGS = ['tags', 'pseuds', 'users', 'langs'] as const;
const FORWARDS = ['tagFwd', 'pseudFwd'] as const;

/** IndexState's fields by what a snapshot does with them. */
export const STATE_FIELDS = {
  saved: [
    'capacity',
    'oddDateCount',
    ...BITS,
    ...F64,
    ...U32,
    'language',
    'titles',
    'creators',
    'languages',
    ...POSTINGS,
    ...FORWARDS,
    'pseudUser',
    'series',
    'seriesOf',
    'tagNames',
    'tagType',
    'tagMerger',
    'tagLog',
    'orders',
  ],
  rebuilt: ['ranges'],
  empty: ['tagMark', 'buffers', 'namesVersion', 'patterns', 'unions', 'version', 'counts', 'countsVersion'],
} as const;

/** The scalars saved in the snapshot's header. */
export interface StateMeta {
  capacity: number;
  oddDateCount: number;
  works: number;
}

// Keys, strings or works handled between two turns of the event loop (a few milliseconds' work).
const STEP = 10_000;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface PostingCopy {
  start: Uint32Array;
  data: Uint32Array;
  bigKeys: Uint32Array;
  bigCounts: Uint32Array;
  bigBits: Uint32Array;
}

/** A posting index as one block of small lists (CSR) and the big keys' bitsets, `words` words each. */
async function copyPostings(p: PostingIndex, capacity: number): Promise<PostingCopy> {
  const keys = p.keyLimit();
  const words = wordsFor(capacity);
  const promoteAt = promotionSize(capacity);
  const start = new Uint32Array(keys + 1);
  const big: number[] = [];
  let total = 0;
  for (let k = 0; k < keys; k++) {
    const v = p.view(k);
    start[k] = total;
    if (v.bits && v.size > promoteAt) big.push(k);
    else total += v.size;
    if (k % STEP === STEP - 1) await turn();
  }
  start[keys] = total;
  const data = new Uint32Array(total);
  const bigBits = new Uint32Array(big.length * words);
  const bigCounts = new Uint32Array(big.length);
  let b = 0;
  for (let k = 0; k < keys; k++) {
    const v = p.view(k);
    if (big[b] === k) {
      bigBits.set(v.bits!.subarray(0, words), b * words);
      bigCounts[b++] = v.size;
    } else if (v.size > 0) data.set(viewToIds(v), start[k]);
    if (k % STEP === STEP - 1) await turn();
  }
  return { start, data, bigKeys: Uint32Array.from(big), bigCounts, bigBits };
}

function restorePostings(c: PostingCopy, capacity: number): PostingIndex {
  const words = wordsFor(capacity);
  const big = new Map<number, { bits: Bits; count: number }>();
  c.bigKeys.forEach((k, i) =>
    big.set(k, { bits: c.bigBits.subarray(i * words, (i + 1) * words), count: c.bigCounts[i]! }),
  );
  return new PostingIndex(c.start, c.data, capacity, big);
}

/** One CSR block of a forward index, with the works changed since its build folded in. */
async function flattenForward(start: Uint32Array, data: Uint16Array, changed: ReadonlyMap<number, Uint16Array>) {
  if (changed.size === 0) return { start, data };
  let works = start.length - 1;
  for (const w of changed.keys()) works = Math.max(works, w + 1);
  const units = (w: number) => changed.get(w)?.length ?? (w + 1 < start.length ? start[w + 1]! - start[w]! : 0);
  const out = new Uint32Array(works + 1);
  for (let w = 0; w < works; w++) out[w + 1] = out[w]! + units(w);
  const flat = new Uint16Array(out[works]!);
  for (let w = 0; w < works; w++) {
    const own = changed.get(w);
    if (own) flat.set(own, out[w]);
    else if (w + 1 < start.length) flat.set(data.subarray(start[w], start[w + 1]), out[w]);
    if (w % (STEP * 4) === 0) await turn();
  }
  return { start: out, data: flat };
}

/** Strings as one UTF-8 text and their lengths in UTF-16 units, the units `slice` counts on the way back. */
async function encodeStrings(
  n: number,
  at: (i: number) => string,
  fits: (s: string, before: string, i: number) => boolean = () => true,
): Promise<{ lens: Uint32Array; text: Uint8Array } | undefined> {
  const lens = new Uint32Array(n);
  const parts: Uint8Array[] = [];
  // Read a chunk at a time and encoded at once: a million titles held as strings would keep the
  // garbage collector busy for longer than any chunk.
  let before = '';
  for (let i = 0; i < n; i += STEP) {
    const part: string[] = [];
    for (let k = i; k < Math.min(n, i + STEP); k++) {
      const s = at(k);
      if (k > 0 && !fits(s, before, k)) return undefined;
      lens[k] = s.length;
      part.push((before = s));
    }
    parts.push(encoder.encode(part.join('')));
    await turn();
  }
  return { lens, text: Buffer.concat(parts) };
}

function decodeStrings(lens: Uint32Array, text: Uint8Array): string[] {
  const all = decoder.decode(text);
  let at = 0;
  return Array.from(lens, (n) => all.slice(at, (at += n)));
}

/** What `copyState` takes from a still state; `encodeState` makes the snapshot's sections of it. */
export interface StateCopy {
  meta: StateMeta;
  sections: Map<string, Section>;
  /** The forward lists' blocks (never changed in place) and their changed works (replaced, not changed). */
  forwards: Array<{
    key: (typeof FORWARDS)[number];
    start: Uint32Array;
    data: Uint16Array;
    changed: Map<number, Uint16Array>;
  }>;
  creators: string[];
  languages: string[];
  tagIds: Uint32Array;
}

/**
 * Copies what changes in place (flags, columns, posting lists, orders, maps), an array at a time;
 * to be called while no change is applied (FilterIndex.still), so that the copy belongs to the
 * positions read with it. Strings are never changed in place: `encodeState` reads them afterwards.
 */
export async function copyState(s: IndexState): Promise<StateCopy> {
  const out = new Map<string, Section>();
  const { capacity } = s;
  // A piece at a time: filling a fresh array touches its pages, which costs as much as copying.
  const copy = async (name: string, a: Float64Array | Uint32Array | Uint16Array) => {
    const to = new (a.constructor as new (n: number) => typeof a)(a.length);
    for (let i = 0; i < a.length; i += STEP * 50) {
      to.set(a.subarray(i, i + STEP * 50), i);
      await turn();
    }
    out.set(name, to);
  };
  for (const k of BITS) out.set(`bits.${k}`, s[k].slice());
  for (const k of [...F64, ...U32] as const) await copy(`col.${k}`, s[k]);
  await copy('col.language', s.language);
  for (const key of ORDER_KEYS) await copy(`order.${key}`, s.orders.perm(key));
  for (const k of POSTINGS) {
    const c = await copyPostings(s[k], capacity);
    for (const [part, a] of Object.entries(c)) out.set(`${k}.${part}`, a as Uint32Array);
  }
  out.set('pseudUser.keys', Uint32Array.from(s.pseudUser.keys()));
  out.set('pseudUser.users', Uint32Array.from(s.pseudUser.values()));
  const [seriesIds, seriesWorks, positions]: number[][] = [[], [], []];
  for (const [sid, works] of s.series)
    for (const [w, position] of works) {
      seriesIds!.push(sid);
      seriesWorks!.push(w);
      positions!.push(position);
    }
  out.set('series.ids', Uint32Array.from(seriesIds!));
  out.set('series.works', Uint32Array.from(seriesWorks!));
  out.set('series.positions', Float64Array.from(positions!));
  const tagIds = Uint32Array.from(s.tagLog);
  out.set('tags.ids', tagIds);
  out.set('tags.type', s.tagType.slice());
  out.set('tags.merger', s.tagMerger.slice());
  return {
    meta: { capacity, oddDateCount: s.oddDateCount, works: 0 },
    sections: out,
    forwards: FORWARDS.map((key) => {
      const raw = s[key].raw();
      return { key, start: raw.start, data: raw.data, changed: new Map(raw.changed) };
    }),
    creators: s.creators.names.slice(),
    languages: s.languages.names.slice(),
    tagIds,
  };
}

/**
 * The snapshot's sections of a copy, with the strings read from the state now, a chunk at a time.
 * A string may be newer than the copy, which is harmless (the catch-up after a restore reads its
 * work or tag again) unless a title moved its work in the title order: that is checked, and the
 * snapshot given up (undefined) for this time.
 */
export async function encodeState(
  c: StateCopy,
  s: IndexState,
): Promise<{ meta: StateMeta; sections: Map<string, Section> } | undefined> {
  const out = c.sections;
  for (const f of c.forwards) {
    const { start, data } = await flattenForward(f.start, f.data, f.changed);
    out.set(`${f.key}.start`, start);
    out.set(`${f.key}.data`, data);
  }
  // Titles in the title order, each checked to follow the one before.
  const order = out.get('order.title') as Uint32Array;
  const strings = [
    [
      'titles',
      await encodeStrings(
        order.length,
        (i) => s.titles.get(order[i]!) ?? '',
        (t, before, i) => (compareCodePoints(before, t) || order[i - 1]! - order[i]!) < 0,
      ),
    ],
    ['tags.names', await encodeStrings(c.tagIds.length, (i) => s.tagNames.get(c.tagIds[i]!) ?? '')],
    ['creators', await encodeStrings(c.creators.length, (i) => c.creators[i]!)],
    ['languages', await encodeStrings(c.languages.length, (i) => c.languages[i]!)],
  ] as const;
  for (const [name, encoded] of strings) {
    if (!encoded) return undefined;
    out.set(`${name}.lens`, encoded.lens);
    out.set(`${name}.text`, encoded.text);
  }
  return { meta: { ...c.meta, works: order.length }, sections: out };
}

/** Every listing order, holding no work yet. */
const emptyOrders = (s: IndexState) => SortOrders.build(s, new Uint32Array(0), s.capacity);

/** The state `copyState` and `encodeState` saved; throws when the sections do not fit together. */
export async function restoreState(meta: StateMeta, sections: Map<string, Section>): Promise<IndexState> {
  const get = <T extends Section>(name: string, type: new (n: number) => T): T => {
    const a = sections.get(name);
    if (!(a instanceof type)) throw new Error(`the snapshot has no section ${name}`);
    return a;
  };
  const u32 = (name: string) => get(name, Uint32Array);
  const { capacity } = meta;
  const s = new IndexState(0);
  s.capacity = capacity;
  // Before the names are interned: an empty build still sorts the creator names.
  const orders = await emptyOrders(s);
  for (const k of BITS) s[k] = u32(`bits.${k}`);
  for (const k of F64) s[k] = get(`col.${k}`, Float64Array);
  for (const k of U32) s[k] = u32(`col.${k}`);
  s.language = get('col.language', Uint16Array);
  s.oddDateCount = meta.oddDateCount;
  if (s.words.length !== capacity || s.live.length !== wordsFor(capacity))
    throw new Error('the snapshot’s columns do not match its capacity');

  const live = bitsToIds(s.live);
  const perms = new Map(ORDER_KEYS.map((key) => [key, u32(`order.${key}`)]));
  for (const perm of perms.values())
    if (perm.length !== live.length) throw new Error('the snapshot’s listing orders do not match its works');
  const strings = (name: string) => decodeStrings(u32(`${name}.lens`), get(`${name}.text`, Uint8Array));
  // Saved in the title order.
  const titles = strings('titles');
  const byTitle = perms.get('title')!;
  if (titles.length !== byTitle.length) throw new Error('the snapshot’s titles do not match its works');
  s.titles = new ByteStrings(capacity, get('titles.text', Uint8Array).length + 65536);
  for (let i = 0; i < byTitle.length; i++) {
    s.titles.set(byTitle[i]!, titles[i]!);
    if (i % (STEP * 10) === 0) await turn();
  }
  for (const name of strings('creators')) s.creators.id(name);
  for (const name of strings('languages')) s.languages.id(name);

  for (const k of POSTINGS) {
    const part = (p: keyof PostingCopy) => u32(`${k}.${p}`);
    s[k] = restorePostings(
      {
        start: part('start'),
        data: part('data'),
        bigKeys: part('bigKeys'),
        bigCounts: part('bigCounts'),
        bigBits: part('bigBits'),
      },
      capacity,
    );
  }
  for (const k of FORWARDS) s[k] = new Forward(u32(`${k}.start`), get(`${k}.data`, Uint16Array));
  const pseuds = u32('pseudUser.keys');
  const users = u32('pseudUser.users');
  pseuds.forEach((p, i) => s.pseudUser.set(p, users[i]!));
  const seriesWorks = u32('series.works');
  const positions = get('series.positions', Float64Array);
  u32('series.ids').forEach((sid, i) => {
    const w = seriesWorks[i]!;
    let m = s.series.get(sid);
    if (!m) s.series.set(sid, (m = new Map<number, number>()));
    m.set(w, positions[i]!);
    let of = s.seriesOf.get(w);
    if (!of) s.seriesOf.set(w, (of = []));
    of.push(sid);
  });

  const tagIds = u32('tags.ids');
  const tagNames = strings('tags.names');
  tagIds.forEach((t, i) => {
    s.tagNames.set(t, tagNames[i]!);
    s.tagLog.push(t);
  });
  s.tagType = get('tags.type', Uint8Array);
  s.tagMerger = get('tags.merger', Int32Array);

  // The empty orders take the saved permutations: sorting them again is most of a build's time.
  orders.adoptSaved(perms, s.live);
  s.orders = orders;
  s.ranges = Object.fromEntries(
    PREFIXED_ORDERS.map((key) => [key, RangePrefixes.build(s.orders.perm(key), s[key], capacity)]),
  ) as IndexState['ranges'];
  return s;
}
