import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openPg, type Pg } from '../../test/pg-client.js';
import { CHAR_SCRIPTS, MAX_TOKEN_CHARS, normalizeForIndex, tokens } from './normalize.js';

describe('normalizeForIndex', () => {
  const cases: Array<[string, string, string]> = [
    ['lower-cases', 'The OLD Keeper', 'the old keeper'],
    ['strips precomposed diacritics', 'Café NAÏVE Ångström', 'cafe naive angstrom'],
    ['strips combining diacritics', 'cafe\u0301 nai\u0308ve', 'cafe naive'],
    ['lower-cases without the locale (dotted capital I)', 'İstanbul', 'istanbul'],
    ['keeps ß and ø (neither engine folds them)', 'Straße Søren', 'straße søren'],
    ['folds Greek final sigma', 'ΟΔΟΣ οδος', 'οδοσ οδοσ'],
    ['compatibility forms', 'ﬁne ＡＢＣ ㎒ Ⅸ', 'fine abc mhz ix'],
    ['ASCII apostrophe joins', "don't", 'dont'],
    ['typographic apostrophes join', 'it’s ‘tis donʼt', 'its tis dont'],
    ['hyphens split', 'well-known one--two', 'well known one two'],
    ['underscores, dots, slashes split', 'snake_case v1.2 a/b', 'snake case v1 2 a b'],
    ['e-mail and URL split', 'me@example.com https://x.org/a?b=c', 'me example com https x org a b c'],
    ['punctuation and dashes', 'Wait — what?! “Yes…”', 'wait what yes'],
    ['whitespace collapses and trims', '  one\n\ttwo\r\n  three  ', 'one two three'],
    ['emoji and symbols vanish', '🎉 party ✨ £5 € 10%', 'party 5 10'],
    ['Han: one token per character', '中文字', '中 文 字'],
    ['Japanese', '灯台の守り人', '灯 台 の 守 り 人'],
    ['Chinese with punctuation', '我们的灯塔，很亮。', '我 们 的 灯 塔 很 亮'],
    ['Latin around Han', 'abc中def', 'abc 中 def'],
    ['katakana with prolonged sound mark', 'コーヒー', 'コ ー ヒ ー'],
    ['voiced kana stay voiced', 'がぎ', 'が ぎ'],
    ['decomposed voiced kana', 'か\u3099', 'が'],
    ['half-width katakana', 'ｶﾞｷ', 'ガ キ'],
    ['Hangul syllables, not jamo', '한국어', '한 국 어'],
    ['Hangul compatibility jamo compose', 'ㄱㅏ', '가'],
    ['Thai (marks stripped)', 'สวัสดี', 'ส ว ส ด'],
    ['Cyrillic', 'Привет, мир!', 'привет мир'],
    ['non-ASCII digits are digits', '٣ ४', '٣ ४'],
    ['ideographic number zero is not a letter', '〇', ''],
    ['letters SQLite still calls marks are deleted', 'z\u19B0z', 'zz'],
    ['lone surrogates separate', 'a\uD800b\uDC00c', 'a b c'],
    ['astral Han', '𠀀𠀁', '𠀀 𠀁'],
    ['empty', '', ''],
    ['punctuation only', '... !? — --', ''],
  ];
  for (const [name, input, expected] of cases) {
    it(`${name}: ${JSON.stringify(input)}`, () => assert.equal(normalizeForIndex(input), expected));
  }

  it('cuts very long tokens (PostgreSQL ignores words of 2047 bytes or more)', () => {
    const out = normalizeForIndex(`x ${'A'.repeat(3000)} ${'𐌰'.repeat(3)}${'é'.repeat(600)} y`).split(' ');
    assert.deepEqual(
      out.map((t) => Array.from(t).length),
      [1, MAX_TOKEN_CHARS, MAX_TOKEN_CHARS, 1],
    );
    assert.equal(out[1], 'a'.repeat(MAX_TOKEN_CHARS));
    assert.ok(out.every((t) => Buffer.byteLength(t) < 2047));
  });

  it('gives the same result for composed and decomposed text', () => {
    const s = 'Crème brûlée, Ångström, がぎぐ, 한국어';
    assert.equal(normalizeForIndex(s.normalize('NFD')), normalizeForIndex(s.normalize('NFC')));
  });

  it('matches a straightforward regex implementation on random text', () => {
    const split = new RegExp(`((?=[\\p{L}\\p{Nd}])[${CHAR_SCRIPTS}])|[^\\p{L}\\p{Nd}]+`, 'gu');
    const reference = (s: string): string =>
      s
        .normalize('NFKD')
        .toLowerCase()
        .replace(/(?![\u3099\u309A])\p{M}|['’‘ʼ\u19B0-\u19C0\u19C8\u19C9\u1CF2\u1CF3]/gu, '')
        .normalize('NFC')
        .replace(/ς/g, 'σ')
        .replace(split, (_m, c: string | undefined) => (c === undefined ? ' ' : ` ${c} `))
        .replace(/ +/g, ' ')
        .trim();
    const pool = Array.from("aZé\u0301 .-_'’ﬁ中文のがカ한ΣςÅ٣🎉—\n1ｶ");
    let seed = 42;
    const rand = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
    for (let k = 0; k < 2000; k++) {
      const s = Array.from({ length: 1 + rand(20) }, () => pool[rand(pool.length)]!).join('');
      const out = normalizeForIndex(s);
      assert.equal(out, reference(s), JSON.stringify(s));
      assert.equal(normalizeForIndex(out), out, `not idempotent on ${JSON.stringify(s)}`);
    }
  });

  it('outputs only letters and digits separated by single spaces', () => {
    const all = Array.from({ length: 0x3000 }, (_, i) => String.fromCharCode(i + 32)).join('');
    assert.match(normalizeForIndex(all), /^[\p{L}\p{Nd}]+(?: [\p{L}\p{Nd}]+)*$/u);
  });

  // The timeout is the hang guard against a pattern gone quadratic, not a measure of speed.
  it('handles 5 MB of mixed text', { timeout: 60_000 }, () => {
    const text = 'The Keeper’s “lamp” — café, naïve; 我们的灯塔，灯台の守り人。 '.repeat(105_000);
    assert.ok(text.length > 5_000_000);
    const out = normalizeForIndex(text);
    assert.ok(out.startsWith('the keepers lamp cafe naive 我 们 的 灯 塔 灯 台 の 守 り 人 the keepers'));
    assert.ok(out.endsWith('灯 台 の 守 り 人'), out.slice(-40));
  });
});

describe('tokens', () => {
  it('splits the normalised text', () => {
    assert.deepEqual(tokens("Don't panic — 中文!"), ['dont', 'panic', '中', '文']);
  });
  it('is empty for text without letters or digits', () => {
    assert.deepEqual(tokens(''), []);
    assert.deepEqual(tokens(' !!! '), []);
  });
});

// ---- Both engines must split the normalised text exactly at the spaces. ----

const SAMPLES = [
  'The old lighthouse keeper climbed the stairs every night.',
  "A storm broke over the lighthouse; the keeper's lamp went dark — v1.2 at 10:30, e-mail me@example.com!",
  'Crème brûlée, naïve café, Ångström, Straße, Søren, ΟΔΟΣ, İstanbul, Привет, ﬁne ＡＢＣ',
  '灯台の守り人は夜ごとに階段を上った。我们的灯塔在风暴中依然明亮。한국어 ｶﾞｷ コーヒー สวัสดีครับ',
  'snake_case https://example.org/path?q=1 C++ C# 3.14 -42 1,000,000 <b>tag</b> &amp; x&y',
  `${'Z'.repeat(3000)} 〇 ٣٤ ४२ z\u19B0z`,
];

/** Every letter and digit the normaliser can emit, each inside a word: a…b (CJK letters stand alone). */
function everyLetter(): string {
  const words: string[] = [];
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (/[\p{L}\p{Nd}]/u.test(ch)) words.push(`a${ch}b`);
  }
  return words.join(' ');
}

describe('engine tokenisation of normalised text', () => {
  const docs = [...SAMPLES.map(normalizeForIndex), normalizeForIndex(everyLetter())];
  let pgdb: Pg;
  before(async () => {
    pgdb = await openPg();
  });
  after(async () => {
    await pgdb.close();
  });

  it('SQLite FTS5 (unicode61 remove_diacritics 2) sees exactly tokens()', () => {
    const db = new Database(':memory:');
    db.exec(`create virtual table t using fts5(doc, tokenize = 'unicode61 remove_diacritics 2');
             create virtual table v using fts5vocab(t, 'instance');`);
    const insert = db.prepare('insert into t (rowid, doc) values (?, ?)');
    docs.forEach((doc, i) => insert.run(i + 1, doc));
    const terms = db.prepare('select term from v where doc = ? order by offset');
    docs.forEach((doc, i) => {
      const got = (terms.all(i + 1) as { term: string }[]).map((r) => r.term);
      const want = doc.split(' ');
      const bad = want.findIndex((t, k) => got[k] !== t);
      assert.equal(
        bad,
        -1,
        `doc ${i + 1}: token ${bad}: FTS5 ${JSON.stringify(got[bad])} vs ${JSON.stringify(want[bad])}`,
      );
      assert.equal(got.length, want.length, `doc ${i + 1}`);
    });
    db.close();
  });

  it("PostgreSQL's default parser sees exactly tokens(), and to_tsvector('simple') keeps them all", async () => {
    for (const [i, doc] of docs.entries()) {
      const { rows } = await pgdb.query<{ token: string }>(
        "select token from ts_parse('default', $1) where tokid <> (select tokid from ts_token_type('default') where alias = 'blank')",
        [doc],
      );
      const got = rows.map((r) => r.token);
      const want = doc.split(' ');
      const bad = want.findIndex((t, k) => got[k] !== t);
      assert.equal(
        bad,
        -1,
        `${pgdb.name} doc ${i + 1}: token ${bad}: ${JSON.stringify(got[bad])} vs ${JSON.stringify(want[bad])}`,
      );
      assert.equal(got.length, want.length);
    }
    for (const doc of docs.slice(0, SAMPLES.length)) {
      const { rows } = await pgdb.query<{ lexeme: string }>(
        "select lexeme from unnest(to_tsvector('simple', $1)) order by lexeme",
        [doc],
      );
      const want = [...new Set(doc.split(' '))];
      assert.deepEqual(new Set(rows.map((r) => r.lexeme)), new Set(want), pgdb.name);
    }
  });
});
