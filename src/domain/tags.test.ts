import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  RATINGS,
  WARNINGS,
  findFixedTag,
  splitTagList,
  tagFromUrlSegment,
  tagKey,
  tagNameProblem,
  tagToUrlSegment,
} from './tags.js';

test('fixed tags are found by display name in any case, or by slug', () => {
  assert.equal(findFixedTag(RATINGS, 'explicit')?.name, 'Explicit');
  assert.equal(findFixedTag(RATINGS, 'TEEN AND UP AUDIENCES')?.name, 'Teen And Up Audiences');
  assert.equal(findFixedTag(WARNINGS, 'rape/non-con')?.name, 'Rape/Non-Con');
  assert.equal(findFixedTag(WARNINGS, 'rape-non-con')?.name, 'Rape/Non-Con');
  assert.equal(findFixedTag(RATINGS, 'spicy'), undefined);
});

test('tag names: forbidden characters, length, invisible-only names', () => {
  assert.equal(tagNameProblem('Fluff'), undefined);
  for (const bad of ['a,b', 'a*b', 'a<b', 'a%b', 'a\\b', 'a{b', 'a=b', 'a^b', 'a`b', '中，文', '、'])
    assert.ok(tagNameProblem(bad), bad);
  assert.ok(tagNameProblem('x'.repeat(151)));
  assert.equal(tagNameProblem('x'.repeat(150)), undefined);
  assert.ok(tagNameProblem('\u200B\u200D'));
  assert.ok(tagNameProblem('   '));
});

test('tag lists split on commas (including full-width), trim, and drop case-insensitive duplicates', () => {
  assert.deepEqual(splitTagList(' Fluff, slow  burn，Fluff、Angst ,, '), ['Fluff', 'slow burn', 'Angst']);
  assert.equal(tagKey('  Slow   BURN '), 'slow burn');
});

test('tag URL segments survive slashes, dots, ampersands and question marks', () => {
  for (const name of ['F/M', 'A & B', 'Mr. Smith?', 'C#', 'Keeper/Gull']) {
    const seg = tagToUrlSegment(name);
    assert.ok(!seg.includes('/'), seg);
    assert.equal(tagFromUrlSegment(decodeURIComponent(seg)), name);
  }
});
