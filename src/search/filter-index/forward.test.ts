import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../../bench/corpus.js';
import { ForwardBuilder, eachValue, encodeValues } from './forward.js';

// Around the one-unit/two-unit boundary, and the largest value the encoding takes.
const EDGES = [0, 1, 0x7ffe, 0x7fff, 0x8000, 0x8001, 0xffff, 0x10000, 0x12345678, 0x7fffffff];

test('values round-trip through the 16-bit encoding, small ones in one unit and large in two', () => {
  const units = encodeValues(EDGES);
  assert.equal(units.length, 4 + 2 * 6);
  const back: number[] = [];
  eachValue(units, 0, units.length, (v) => back.push(v));
  assert.deepEqual(back, EDGES);
  assert.throws(() => encodeValues([2 ** 31]), /out of range/);
});

test('a built forward index gives each work its values; a later set replaces one work', () => {
  const rng = mulberry32(5);
  const ref = new Map<number, number[]>();
  const b = new ForwardBuilder(2000, 10);
  for (let w = 1; w < 2000; w += 1 + Math.floor(rng() * 3)) {
    const vals = Array.from({ length: Math.floor(rng() * 6) }, () =>
      rng() < 0.2 ? EDGES[Math.floor(rng() * EDGES.length)]! : Math.floor(rng() * 40_000),
    );
    ref.set(w, vals);
    b.push(w, vals);
  }
  const f = b.finish();
  for (let w = 0; w < 2005; w++) {
    const want = ref.get(w) ?? [];
    assert.deepEqual(f.get(w), want, `work ${w}`);
    assert.equal(f.count(w), want.length);
  }
  f.set(7, [0x8000, 3]);
  assert.deepEqual(f.get(7), [0x8000, 3]);
  const { changed } = f.raw();
  assert.deepEqual([...changed.keys()], [7]);
  assert.throws(() => b.push(1, [1]), /out of order/);
});
