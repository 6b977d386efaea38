import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateChapter, validateWorkMeta } from './work-input.js';

const base = {
  title: 'T',
  rating: 'General Audiences',
  warnings: ['No Archive Warnings Apply'],
  fandoms: 'Original Work',
};

test('valid metadata is normalised: names, tag lists, expected chapters', () => {
  const r = validateWorkMeta({
    ...base,
    rating: 'explicit',
    warnings: ['violence', 'Violence'],
    categories: ['gen'],
    freeforms: 'Fluff, Angst',
    expectedChapters: '?',
  });
  assert.ok(r.ok);
  assert.equal(r.value.rating, 'Explicit');
  assert.deepEqual(r.value.warnings, ['Graphic Depictions Of Violence']);
  assert.deepEqual(r.value.categories, ['Gen']);
  assert.deepEqual(r.value.freeforms, ['Fluff', 'Angst']);
  assert.equal(r.value.expectedChapters, null);
});

test('every invalid field gets its own message', () => {
  const r = validateWorkMeta({
    title: '',
    rating: 'spicy',
    warnings: [],
    fandoms: '',
    summary: 'x'.repeat(1251),
    expectedChapters: '0',
    language: 'xx',
  });
  assert.ok(!r.ok);
  assert.deepEqual(Object.keys(r.errors).sort(), [
    'expectedChapters',
    'fandoms',
    'language',
    'rating',
    'summary',
    'title',
    'warnings',
  ]);
  assert.match(r.errors.rating!, /General Audiences/);
});

test('more than 75 free tags are refused', () => {
  const many = Array.from({ length: 76 }, (_, i) => `Tag ${i}`).join(',');
  const r = validateWorkMeta({ ...base, freeforms: many });
  assert.ok(!r.ok);
  assert.match(r.errors.freeforms!, /75/);
});

test('chapter bodies: 10 characters at least, 510,000 at most', () => {
  assert.ok(!validateChapter({ body: 'too short' }).ok);
  assert.ok(validateChapter({ body: 'long enough now' }).ok);
  const big = validateChapter({ body: 'x'.repeat(510_001) });
  assert.ok(!big.ok);
  assert.match(big.errors.body!, /500,000/);
});
