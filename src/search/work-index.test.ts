import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { indexableDoc, TSVECTOR_BUDGET_BYTES } from '../domain/indexable-doc.js';
import { postgresTestDb } from '../../test/db.js';

test('a huge text of distinct words is cut to fit PostgreSQL’s tsvector, at a token boundary', async () => {
  const words = Array.from({ length: 200_000 }, (_, i) => `w${i.toString(36)}x${(i * 7919).toString(36)}`);
  const doc = indexableDoc(words.join(' '));
  assert.ok(doc.length < words.join(' ').length, 'was cut');
  assert.ok(words.includes(doc.split(' ').at(-1)!), 'ends on a whole token');
  const t = await postgresTestDb();
  try {
    const r = await sql<{ n: number }>`select length(to_tsvector('simple', ${doc})) as n`.execute(t.db);
    assert.ok(Number(r.rows[0]?.n) > 20_000, 'tens of thousands of lexemes still indexed');
  } finally {
    await t.close();
  }
  assert.ok(TSVECTOR_BUDGET_BYTES < 1_048_576);
});

test('ordinary texts are indexed whole', () => {
  const text = 'The keeper’s lamp — café, 灯塔. '.repeat(1000);
  // the, keepers, lamp, cafe, 灯, 塔: six tokens a sentence.
  assert.equal(indexableDoc(text).split(' ').length, 6 * 1000);
});
