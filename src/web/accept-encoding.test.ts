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
