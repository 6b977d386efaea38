import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from './lru-cache.js';

test('the cache evicts the least recently used entries first, a repeated hit on the newest included', () => {
  const cache = new LruCache<Buffer>(30, (b) => b.length);
  const ten = (c: string) => Buffer.alloc(10, c);
  cache.set('a', ten('a'));
  cache.set('b', ten('b'));
  cache.set('c', ten('c'));
  // c is the newest: hitting it again and again changes nothing; then a is touched, so b is oldest.
  for (let i = 0; i < 3; i++) assert.equal(cache.get('c')?.[0], 'c'.charCodeAt(0));
  assert.ok(cache.get('a'));
  cache.set('d', ten('d'));
  assert.equal(cache.get('b'), undefined, 'b was the least recently used');
  assert.deepEqual(
    [cache.get('a') !== undefined, cache.get('c') !== undefined, cache.get('d') !== undefined],
    [true, true, true],
  );
  // Order now (oldest first): a, c, d — then c is touched: a goes next.
  assert.ok(cache.get('c'));
  cache.set('e', ten('e'));
  assert.equal(cache.get('a'), undefined);
  assert.equal(cache.size, 3);
  assert.equal(cache.hits, 8);
  assert.equal(cache.misses, 2);
});

test('an entry larger than the whole cache is not kept', () => {
  const cache = new LruCache<Buffer>(8, (b) => b.length);
  cache.set('big', Buffer.alloc(9));
  assert.equal(cache.get('big'), undefined);
  assert.equal(cache.size, 0);
});
