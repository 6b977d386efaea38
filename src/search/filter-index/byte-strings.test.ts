import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../../bench/corpus.js';
import { ByteStrings } from './byte-strings.js';

test('byte strings give back what was stored and compare as UTF-8 bytes', () => {
  const rng = mulberry32(2);
  const alphabet = ['a', 'Z', 'é', '\uffee', '😀', '灯', ' ', '\u0000'];
  const word = () =>
    Array.from({ length: Math.floor(rng() * 5) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
  const s = new ByteStrings(4, 8);
  const ref: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const id = Math.floor(rng() * 500);
    ref[id] = word();
    s.set(id, ref[id]);
  }
  for (let id = 0; id < 600; id++) {
    assert.equal(s.get(id), ref[id]);
    assert.equal(s.has(id), ref[id] !== undefined);
  }
  const ids = ref.flatMap((v, i) => (v === undefined ? [] : [i]));
  for (let k = 0; k < 3000; k++) {
    const a = ids[Math.floor(rng() * ids.length)]!;
    const b = ids[Math.floor(rng() * ids.length)]!;
    assert.equal(Math.sign(s.compare(a, b)), Math.sign(Buffer.compare(Buffer.from(ref[a]!), Buffer.from(ref[b]!))));
  }
  const e = new ByteStrings();
  e.set(3, '');
  assert.equal(e.get(3), '');
  assert.equal(e.get(4), undefined, 'unset differs from empty');
});

test('compact gives back the reserve and keeps every string; later strings still fit', () => {
  const s = new ByteStrings(16, 1024 * 1024);
  for (let i = 0; i < 10; i++) s.set(i, `title ${i} – é`);
  const before = s.byteLength();
  s.compact();
  assert.ok(s.byteLength() < before - 900_000, `${s.byteLength()} vs ${before}`);
  for (let i = 0; i < 10; i++) assert.equal(s.get(i), `title ${i} – é`);
  s.set(3, 'a longer title, set after compacting');
  s.set(40, '灯');
  assert.equal(s.get(3), 'a longer title, set after compacting');
  assert.equal(s.get(40), '灯');
  assert.equal(s.get(4), 'title 4 – é');
});
