import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBit, wordsFor } from './bitset.js';
import { walk } from './evaluate.js';

// An order of ten works (ids 0–9) listed 9, 8, …, 0; the matches are the even ids.
const perm = Uint32Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
const acc = new Uint32Array(wordsFor(10));
for (const w of [0, 2, 4, 6, 8]) setBit(acc, w);

test('walk lists the matches in the order, from the offset', () => {
  assert.deepEqual(walk(perm, acc, { offset: 0, limit: 2 }, 0, 10, 100), [8, 6]);
  assert.deepEqual(walk(perm, acc, { offset: 3, limit: 5 }, 0, 10, 100), [2, 0]);
});

test('walk stays inside its window of the order', () => {
  // Positions 3–6 hold works 6, 5, 4, 3.
  assert.deepEqual(walk(perm, acc, { offset: 0, limit: 5 }, 3, 7, 100), [6, 4]);
});

test('walk gives up past its budget, so the caller picks the page another way', () => {
  // Two matches sit in the first four positions; the third lies beyond a budget of four steps.
  assert.equal(walk(perm, acc, { offset: 0, limit: 3 }, 0, 10, 4), undefined);
  // A budget that reaches the end of the window is enough, even if the page is short.
  assert.deepEqual(walk(perm, acc, { offset: 0, limit: 3 }, 3, 7, 4), [6, 4]);
  assert.deepEqual(walk(perm, acc, { offset: 0, limit: 3 }, 0, 10, 6), [8, 6, 4]);
});
