import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../../../bench/corpus.js';
import { bitsToIds, hasBit, setBit, wordsFor } from './bitset.js';
import { RangePrefixes } from './range-prefixes.js';

/** The order the index keeps: value descending, then id descending. */
const orderOf = (present: Set<number>, col: Float64Array) =>
  Uint32Array.from([...present].sort((a, b) => col[b]! - col[a]! || b - a));

test('any slice of the order, read through the prefixes, is exactly its works — before and after works change', () => {
  const rng = mulberry32(3);
  const capacity = 3000;
  const col = new Float64Array(capacity + 500);
  const present = new Set<number>();
  // Few distinct values, so that runs of equal values straddle the thresholds.
  for (let w = 0; w < capacity; w++) {
    if (rng() < 0.9) present.add(w);
    col[w] = Math.floor(rng() * 200);
  }
  let perm = orderOf(present, col);
  const prefixes = RangePrefixes.build(perm, col, capacity);
  const out = new Uint32Array(wordsFor(capacity + 500));
  const check = (label: string) => {
    for (let k = 0; k < 200; k++) {
      const a = Math.floor(rng() * (perm.length + 1));
      const b = Math.floor(rng() * (perm.length + 1));
      const [from, to] = a <= b ? [a, b] : [b, a];
      out.fill(0xffffffff);
      prefixes.sliceInto(out, perm, col, from, to);
      assert.deepEqual(
        [...bitsToIds(out)],
        [...perm.slice(from, to)].sort((x, y) => x - y),
        `${label}: slice [${from}, ${to})`,
      );
    }
    // skipInto: a point of the order with exactly `seen` matches before it, no more than asked to skip,
    // and not far before the match after them.
    for (let k = 0; k < 100; k++) {
      const acc = new Uint32Array(wordsFor(capacity + 500));
      const density = [0.01, 0.1, 0.5, 1][k % 4]!;
      for (const w of perm) if (rng() < density) setBit(acc, w);
      const matches = [...perm].map((w, i) => (hasBit(acc, w) ? i : -1)).filter((i) => i >= 0);
      const skip = Math.floor(rng() * (matches.length + 5));
      const { position, seen } = prefixes.skipInto(acc, perm, col, skip);
      const before = matches.filter((i) => i < position).length;
      assert.equal(seen, before, `${label}: matches counted before ${position}`);
      assert.ok(seen <= skip, `${label}: skipped ${seen} of ${skip}`);
      const next = matches[skip] ?? perm.length;
      assert.ok(
        next - position <= perm.length / 4,
        `${label}: start ${position}, next match at ${next} (density ${density})`,
      );
    }
  };
  check('as built');
  for (let round = 0; round < 5; round++) {
    const changed: number[] = [];
    for (let i = 0; i < 80; i++) {
      const w = Math.floor(rng() * (capacity + 500));
      changed.push(w);
      const r = rng();
      if (r < 0.2) present.delete(w);
      else {
        present.add(w);
        if (r < 0.7) col[w] = Math.floor(rng() * 260);
      }
    }
    perm = orderOf(present, col);
    prefixes.update(changed, col, (w) => present.has(w));
    check(`after changes, round ${round}`);
  }
});
