import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsGzip } from './accept-encoding.js';

test('gzip is sent only where Accept-Encoding allows it', () => {
  const cases: Array<[string | undefined, boolean]> = [
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['gzip, deflate, br, zstd', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['deflate, br', false],
    ['identity', false],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['gzip;q=0, *', false],
    ['*', true],
    ['*;q=0', false],
    ['br, *;q=0.5', true],
    ['x-gzip;q=0, gzip', false],
    ['gzip;q=abc', false],
  ];
  for (const [header, want] of cases) assert.equal(acceptsGzip(header), want, JSON.stringify(header));
});

test('answers stay right when many distinct headers pass through the remembered ones', () => {
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 200; i++) {
      const refuse = i % 3 === 0;
      assert.equal(
        acceptsGzip(`br;q=0.${i % 10}, gzip;q=${refuse ? 0 : 1}, x-${i}`),
        !refuse,
        `header ${i}, round ${round}`,
      );
    }
  }
  assert.equal(acceptsGzip('gzip'), true);
  assert.equal(acceptsGzip('gzip;q=0'), false);
});
