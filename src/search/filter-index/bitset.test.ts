import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../../bench/corpus.js';
import {
  andInto,
  andIntoCount,
  andNotInto,
  andNotIntoCount,
  bitsToIds,
  copyBits,
  clearBit,
  clearIds,
  countAnd,
  countAndPast,
  nonZeroSpan,
  grown,
  hasBit,
  orInto,
  popcount,
  popcount32,
  setBit,
  setIds,
  wordsFor,
} from './bitset.js';

const fromSet = (s: Set<number>, n: number) => {
  const b = new Uint32Array(wordsFor(n));
  for (const i of s) setBit(b, i);
  return b;
};
const randomSet = (rng: () => number, n: number, density: number) =>
  new Set(Array.from({ length: n }, (_, i) => i).filter(() => rng() < density));

test('popcount32 counts the bits of any 32-bit word', () => {
  for (const [v, n] of [
    [0, 0],
    [1, 1],
    [0xffffffff, 32],
    [0x80000000, 1],
    [0x55555555, 16],
    [0x0f0f0f0f, 16],
    [-1, 32],
  ] as const)
    assert.equal(popcount32(v), n, String(v));
});

test('bitset operations agree with sets (random sets, bitsets of different lengths)', () => {
  const rng = mulberry32(1);
  for (let round = 0; round < 50; round++) {
    const n = 1 + Math.floor(rng() * 300);
    const m = 1 + Math.floor(rng() * 300);
    const a = randomSet(rng, n, rng());
    const b = randomSet(rng, m, rng());
    const A = fromSet(a, n);
    const B = fromSet(b, m);
    assert.equal(popcount(A), a.size);
    assert.deepEqual(
      [...bitsToIds(A)],
      [...a].sort((x, y) => x - y),
    );
    for (let i = 0; i < n + 40; i++) assert.equal(hasBit(A, i), a.has(i), `has ${i}`);
    assert.equal(countAnd(A, B), [...a].filter((x) => b.has(x)).length);
    const and = A.slice();
    andInto(and, B);
    assert.deepEqual(
      [...bitsToIds(and)],
      [...a].filter((x) => b.has(x)).sort((x, y) => x - y),
    );
    const andNot = A.slice();
    andNotInto(andNot, B);
    assert.deepEqual(
      [...bitsToIds(andNot)],
      [...a].filter((x) => !b.has(x)).sort((x, y) => x - y),
    );
    const andC = A.slice();
    assert.equal(andIntoCount(andC, B), popcount(and), 'and, counted');
    assert.deepEqual([...andC], [...and], 'and, counted: the same bits');
    const andNotC = A.slice();
    assert.equal(andNotIntoCount(andNotC, B), popcount(andNot), 'and not, counted');
    assert.deepEqual([...andNotC], [...andNot], 'and not, counted: the same bits');
    const copy = A.slice().fill(0xffffffff);
    copyBits(copy, B);
    assert.deepEqual(
      [...bitsToIds(copy)],
      [...b].filter((x) => x < A.length << 5).sort((x, y) => x - y),
      'copy keeps its length',
    );
    const or = A.slice();
    orInto(or, B);
    assert.deepEqual(
      [...bitsToIds(or)],
      [...new Set([...a, ...b])].filter((x) => x < A.length << 5).sort((x, y) => x - y),
    );
    const ids = Uint32Array.from(b);
    const set = new Uint32Array(A.length);
    setIds(set, ids);
    assert.deepEqual(
      [...bitsToIds(set)],
      [...b].filter((x) => x < A.length << 5).sort((x, y) => x - y),
      'ids past the end are dropped',
    );
    clearIds(set, ids);
    assert.equal(popcount(set), 0);
  }
});

test('clearBit past the end is a no-op, grown keeps the bits', () => {
  const b = new Uint32Array(1);
  setBit(b, 31);
  clearBit(b, 500);
  const g = grown(b, 4);
  assert.equal(g.length, 4);
  assert.ok(hasBit(g, 31));
  assert.equal(grown(g, 2), g, 'a long enough bitset is returned as it is');
});

test('countAndPast is the exact count up to its limit, and some count above it past that', () => {
  const rng = mulberry32(21);
  for (let round = 0; round < 200; round++) {
    const n = 1 + Math.floor(rng() * 700);
    const a = fromSet(randomSet(rng, n, rng()), n);
    const b = fromSet(randomSet(rng, n, rng()), n);
    const exact = countAnd(a, b);
    const limit = Math.floor(rng() * (exact + 10));
    const got = countAndPast(a, b, limit);
    if (exact <= limit) assert.equal(got, exact, `limit ${limit}`);
    else assert.ok(got > limit && got <= exact, `limit ${limit}: got ${got} of ${exact}`);
    // Counting only where `a` has bits changes nothing.
    const span = nonZeroSpan(a);
    assert.equal(countAndPast(a, b, Infinity, span.from, span.to), exact);
    for (let w = 0; w < a.length; w++) if (w < span.from || w >= span.to) assert.equal(a[w], 0);
    if (span.to > span.from) assert.ok(a[span.from] !== 0 && a[span.to - 1] !== 0);
  }
});
