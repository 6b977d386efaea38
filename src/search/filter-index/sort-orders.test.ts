import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../../bench/corpus.js';
import { ByteStrings } from './byte-strings.js';
import { comparator, compareCodePoints, ORDER_KEYS, SortOrders, type OrderColumns } from './sort-orders.js';

const sign = (n: number) => Math.sign(n);

test('compareCodePoints orders strings as their UTF-8 bytes (SQLite BINARY, PostgreSQL "C")', () => {
  const rng = mulberry32(3);
  const alphabet = ['a', 'B', 'z', 'é', '\u00ff', '\ue000', '\uffee', '😀', '𝔄', '灯', ' ', '', '\u0000'];
  const word = () =>
    Array.from({ length: Math.floor(rng() * 4) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
  for (let i = 0; i < 5000; i++) {
    const a = word();
    const b = word();
    assert.equal(
      sign(compareCodePoints(a, b)),
      sign(Buffer.compare(Buffer.from(a), Buffer.from(b))),
      `${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
    );
  }
  assert.ok(compareCodePoints('\uffee', '😀') < 0, 'U+FFEE sorts before an astral character, unlike UTF-16 units');
});

function columns(n: number, rng: () => number): OrderColumns {
  const names = ['alice', 'bob', 'Émile', '', 'zoë'];
  const c: OrderColumns = {
    updated: new Float64Array(n),
    published: new Float64Array(n),
    words: new Uint32Array(n),
    kudos: new Uint32Array(n),
    hits: new Uint32Array(n),
    bookmarks: new Uint32Array(n),
    comments: new Uint32Array(n),
    titles: new ByteStrings(),
    creatorKey: new Uint32Array(n),
    creatorNames: names,
  };
  for (let w = 0; w < n; w++) randomise(c, w, rng);
  return c;
}

function randomise(c: OrderColumns, w: number, rng: () => number): void {
  // Few distinct values, so ties (broken by id) are common.
  c.updated[w] = Math.floor(rng() * 20) * 1000;
  c.published[w] = Math.floor(rng() * 20);
  c.words[w] = Math.floor(rng() * 10);
  c.kudos[w] = Math.floor(rng() * 3);
  c.hits[w] = Math.floor(rng() * 3);
  c.bookmarks[w] = Math.floor(rng() * 3);
  c.comments[w] = Math.floor(rng() * 3);
  (c.titles as ByteStrings).set(w, ['a', 'b', 'ab', '', 'é', '😀', '\uffee'][Math.floor(rng() * 7)]!);
  c.creatorKey[w] = Math.floor(rng() * c.creatorNames.length);
}

test('the orders stay exactly sorted through random removals and insertions, one by one and in bulk', async () => {
  const rng = mulberry32(9);
  const n = 400;
  const cols = columns(n, rng);
  const live = new Set(Array.from({ length: 300 }, (_, i) => i));
  const orders = await SortOrders.build(cols, Uint32Array.from(live), n);
  for (const key of ORDER_KEYS)
    assert.deepEqual([...orders.perm(key)], [...live].sort(comparator(key, cols)), `first sort of ${key}`);
  for (let round = 0; round < 60; round++) {
    const batch = [
      ...new Set(Array.from({ length: round % 3 === 0 ? 60 : 1 + Math.floor(rng() * 5) }, () => Math.floor(rng() * n))),
    ];
    orders.remove(batch);
    for (const w of batch) {
      live.delete(w);
      if (rng() < 0.8) {
        randomise(cols, w, rng);
        live.add(w);
      }
    }
    orders.insert(batch.filter((w) => live.has(w)));
    for (const key of ORDER_KEYS) {
      const want = [...live].sort(comparator(key, cols));
      assert.deepEqual([...orders.perm(key)], want, `${key} after round ${round}`);
      const rank = orders.rank(key, n);
      want.forEach((w, i) => assert.equal(rank[w], i));
    }
  }
});

test('firstOf picks the first k of a set of works in each order, as a full sort would', async () => {
  const rng = mulberry32(11);
  const n = 500;
  const cols = columns(n, rng);
  const orders = await SortOrders.build(
    cols,
    Uint32Array.from({ length: n }, (_, i) => i),
    n,
  );
  for (const key of ORDER_KEYS) {
    for (const [size, k] of [
      [0, 5],
      [3, 20],
      [40, 1],
      [40, 40],
      [300, 25],
      [300, 299],
    ] as const) {
      const ids = Uint32Array.from(new Set(Array.from({ length: size }, () => Math.floor(rng() * n)))).sort();
      const expected = [...ids].sort(comparator(key, cols)).slice(0, k);
      assert.deepEqual(orders.firstOf(key, ids, k), expected, `${key}: first ${k} of ${ids.length}`);
      // The answer must not depend on the ids' own order.
      const shuffled = ids.slice().sort(() => rng() - 0.5);
      assert.deepEqual(orders.firstOf(key, shuffled, k), expected, `${key}: first ${k} of ${ids.length}, shuffled`);
    }
  }
});
