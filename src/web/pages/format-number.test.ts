import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber } from './components.js';

test('numbers are grouped as English writes them, as Intl would', () => {
  const intl = new Intl.NumberFormat('en');
  const values = [0, 7, 999, 1000, 1001, 12_345, 100_000, 999_999, 1_000_000, 2 ** 31, Number.MAX_SAFE_INTEGER];
  for (let i = 0; i < 2000; i++) values.push((i * 2_654_435_761) % 10 ** (1 + (i % 13)));
  values.push(-1, -12_345, 1.5, 12_345.678, Number.NaN, Infinity);
  for (const n of values) assert.equal(formatNumber(n), intl.format(n), String(n));
  assert.equal(formatNumber(1_234_567), '1,234,567');
});
