import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../../bench/corpus.js';
import { CsrBuilder, Posting, PostingIndex, search, viewHas, viewToIds } from './posting.js';

test('search finds ids and insertion points in a sorted prefix', () => {
  const a = Uint32Array.from([2, 4, 8, 99, 0, 0]);
  assert.equal(search(a, 4, 8), 2);
  assert.equal(search(a, 4, 1), -1);
  assert.equal(search(a, 4, 5), -3);
  assert.equal(search(a, 4, 100), -5);
  assert.equal(search(a, 0, 1), -1);
});

test('a posting list agrees with a set through random adds and removes, across the array/bitset switch', () => {
  const rng = mulberry32(7);
  const capacity = 4096;
  const p = new Posting();
  const ref = new Set<number>();
  for (let i = 0; i < 20_000; i++) {
    const id = Math.floor(rng() * capacity);
    if (rng() < 0.6) assert.equal(p.add(id, capacity), !ref.has(id) && (ref.add(id), true));
    else assert.equal(p.remove(id), ref.delete(id));
    if (i % 997 === 0) {
      assert.equal(p.size, ref.size);
      assert.deepEqual(
        [...viewToIds(p.view())],
        [...ref].sort((a, b) => a - b),
      );
      assert.ok(p.checkCount());
    }
  }
  assert.ok(p.view().bits, 'a list over 1/32 of the space became a bitset');
  for (let id = 0; id < capacity + 100; id++) assert.equal(p.has(id), ref.has(id));
  p.add(capacity + 5000, capacity);
  assert.ok(p.has(capacity + 5000), 'a bitset grows for ids past the old capacity');
});

test('a posting index serves small keys from its shared block and big ones as bitsets, and copies a key on its first change', () => {
  const capacity = 64 * 32 * 4;
  const keys = [[1, 5, 9], [], Array.from({ length: 300 }, (_, i) => i * 3), [7]];
  const b = new CsrBuilder(keys.length, capacity);
  keys.forEach((ids, k) => ids.forEach(() => b.count(k)));
  b.allocate();
  // Ids arrive in ascending order overall, as in the build.
  const pairs = keys.flatMap((ids, k) => ids.map((id) => [k, id] as const)).sort((x, y) => x[1] - y[1]);
  for (const [k, id] of pairs) b.put(k, id);
  const ix = b.build();
  assert.ok(ix.view(2).bits, 'key 2 has more than 1/32 of the space');
  // The same from a plain block: the big key is promoted on construction.
  const plain = new PostingIndex(
    Uint32Array.from([0, 3, 3, 303, 304]),
    Uint32Array.from([1, 5, 9, ...keys[2]!, 7]),
    capacity,
  );
  assert.ok(plain.view(2).bits);
  assert.deepEqual([...viewToIds(plain.view(2))], keys[2]);
  assert.deepEqual([...viewToIds(plain.view(3))], [7]);
  assert.deepEqual([...viewToIds(ix.view(0))], [1, 5, 9]);
  assert.equal(ix.size(1), 0);
  assert.equal(ix.size(42), 0, 'an unknown key is empty');
  ix.add(0, 7);
  ix.remove(3, 7);
  ix.add(50, 3);
  assert.deepEqual([...viewToIds(ix.view(0))], [1, 5, 7, 9]);
  assert.equal(ix.size(3), 0);
  assert.ok(viewHas(ix.view(50), 3));
  assert.ok(viewHas(ix.view(2), 299 * 3));
  assert.deepEqual(
    [...ix.keys()].sort((x, y) => x - y),
    [0, 2, 50],
  );
});
