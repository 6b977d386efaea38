import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketKeys, bucketOf, firstDayOf, weekOf } from './date-buckets.js';

test('date buckets: weeks start on Monday, months are YYYY-MM', () => {
  assert.equal(weekOf('2026-12-06'), '2026-11-30', 'a Sunday belongs to the Monday before');
  assert.equal(weekOf('2026-11-30'), '2026-11-30');
  assert.equal(weekOf('2027-01-01'), '2026-12-28', 'a week may straddle the year');
  assert.equal(bucketOf('month', '2026-02-28'), '2026-02');
  assert.equal(bucketOf('day', '2026-02-28'), '2026-02-28');
});

test('date buckets: bounded ranges ending today', () => {
  const days = bucketKeys('day', '2026-03-01');
  assert.equal(days.length, 90);
  assert.equal(days.at(-1), '2026-03-01');
  assert.equal(days.at(-2), '2026-02-28');
  const weeks = bucketKeys('week', '2026-12-06');
  assert.equal(weeks.length, 104);
  assert.equal(weeks.at(-1), '2026-11-30');
  assert.deepEqual(bucketKeys('month', '2026-02-10', '2025-11-20'), ['2025-11', '2025-12', '2026-01', '2026-02']);
  assert.deepEqual(bucketKeys('month', '2026-02-10'), ['2026-02']);
  const long = bucketKeys('month', '2026-02-10', '1990-01-01');
  assert.equal(long.length, 240, 'at most 240 months');
  assert.equal(long.at(-1), '2026-02');
  assert.equal(firstDayOf('month', long), `${long[0]}-01`);
  assert.equal(firstDayOf('day', days), days[0]);
});
