import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bitsToIds, hasBit } from './bitset.js';
import { TagUnions } from './tag-unions.js';
import type { PostingView } from './posting.js';

const list = (...ids: number[]): PostingView => ({ size: ids.length, ids: Uint32Array.from(ids), bits: null });

test('a union holds the works of any of its tags, made once per set of tags', () => {
  const unions = new TagUnions();
  const u = unions.get([7, 3], [list(1, 5, 9), list(2, 5)], 64);
  assert.deepEqual([...bitsToIds(u.bits)], [1, 2, 5, 9]);
  assert.equal(u.size, 4);
  // The same tags in another order are the same union (the views are not read again).
  assert.equal(unions.get([3, 7], [list(40)], 64), u);
  assert.equal(unions.count, 1);
});

test('a union follows changed works: tags gained, tags lost, works gone, ids past its end', () => {
  const unions = new TagUnions();
  unions.get([7, 3], [list(1, 5, 9), list(2, 5)], 64);
  const tags = new Map<number, number[]>([
    [1, [4]], // lost tag 7
    [2, [3, 4]], // still has 3
    [6, [7]], // gained 7
    [9, []], // gone
    [500, [3]], // new, past the bitset's end
  ]);
  unions.update([...tags.keys()], (w) => tags.get(w)!);
  const now = unions.get([3, 7], [], 64);
  assert.deepEqual([...bitsToIds(now.bits)], [2, 5, 6, 500]);
  assert.equal(now.size, 4);
  assert.ok(!hasBit(now.bits, 9));
});

test('the least recently used unions go past the budget; a large batch of changes drops them all', () => {
  // Room for two unions of 64 ids (8 bytes each).
  const unions = new TagUnions(16);
  const a = unions.get([1], [list(1)], 64);
  unions.get([2], [list(2)], 64);
  assert.equal(unions.get([1], [], 64), a, 'a, used again, is now the most recent');
  unions.get([3], [list(3)], 64);
  assert.equal(unions.count, 2);
  assert.equal(unions.get([1], [], 64), a, 'a was kept');
  assert.deepEqual(
    [...bitsToIds(unions.get([2], [list(2, 4)], 64).bits)],
    [2, 4],
    '2 was dropped and is made again from its views',
  );
  unions.update(
    Array.from({ length: 1001 }, (_, i) => i),
    () => [],
  );
  assert.equal(unions.count, 0);
});
