import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openPg, type Pg } from '../../test/pg-client.js';
import { normalizeForIndex } from '../domain/normalize.js';
import { compileFts5, compileTsquery, parseQuery, positiveTokens, type QueryNode } from './query-parser.js';

const term = (t: string, prefix = false): QueryNode => ({ kind: 'term', tokens: [t], prefix });
const phrase = (...tokens: string[]): QueryNode => ({ kind: 'phrase', tokens });
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });

function parsed(input: string): QueryNode {
  const r = parseQuery(input);
  if (!r.ok) assert.fail(`${JSON.stringify(input)} did not parse: ${r.message}`);
  return r.node;
}

describe('parseQuery syntax', () => {
  const cases: Array<[string, QueryNode]> = [
    ['lighthouse', term('lighthouse')],
    ['Lighthouse Keeper', and(term('lighthouse'), term('keeper'))],
    ['lighthouse AND keeper', and(term('lighthouse'), term('keeper'))],
    ['lighthouse OR keeper', or(term('lighthouse'), term('keeper'))],
    ['lighthouse NOT storm', and(term('lighthouse'), not(term('storm')))],
    ['lighthouse -storm', and(term('lighthouse'), not(term('storm')))],
    ['"old lighthouse keeper"', phrase('old', 'lighthouse', 'keeper')],
    ['lamp -"dark night"', and(term('lamp'), not(phrase('dark', 'night')))],
    ['"lighthouse"', term('lighthouse')],
    ['light*', term('light', true)],
    ['"old ligh"*', { kind: 'phrase', tokens: ['old', 'ligh'], prefix: true }],
    ['well-known', phrase('well', 'known')],
    ['well-kno*', { kind: 'phrase', tokens: ['well', 'kno'], prefix: true }],
    ['中文', phrase('中', '文')],
    ["don't Café", and(term('dont'), term('cafe'))],
    ['cats and dogs or not', and(term('cats'), term('and'), term('dogs'), term('or'), term('not'))],
    ['(storm OR lamp) keeper', and(or(term('storm'), term('lamp')), term('keeper'))],
    ['keeper -(storm OR lamp)', and(term('keeper'), not(or(term('storm'), term('lamp'))))],
    ['a NOT NOT b', and(term('a'), term('b'))],
    ['a NOT -b', and(term('a'), term('b'))],
    ['lighthouse !!! keeper', and(term('lighthouse'), term('keeper'))],
    ['lighthouse "" keeper', and(term('lighthouse'), term('keeper'))],
    ['((a))', term('a')],
    ['a AND (b AND c)', and(term('a'), term('b'), term('c'))],
    ['a - b', and(term('a'), term('b'))],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parsed(input), expected));
  }
});

describe('parseQuery precedence: NOT > AND > OR', () => {
  const cases: Array<[string, QueryNode]> = [
    ['a OR b c', or(term('a'), and(term('b'), term('c')))],
    ['a b OR c', or(and(term('a'), term('b')), term('c'))],
    ['a OR b AND c', or(term('a'), and(term('b'), term('c')))],
    ['a AND b OR c AND d', or(and(term('a'), term('b')), and(term('c'), term('d')))],
    ['a OR b OR c', or(term('a'), term('b'), term('c'))],
    ['(a OR b) c', and(or(term('a'), term('b')), term('c'))],
    ['a NOT b c', and(term('a'), not(term('b')), term('c'))],
    ['a NOT b OR c', or(and(term('a'), not(term('b'))), term('c'))],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parsed(input), expected));
  }
});

describe('parseQuery errors', () => {
  const notInOr = (label: string, n: number, example: string): string =>
    `${label} cannot stand alone on one side of “OR” (character ${n}); put it after a word, like ${example}.`;
  const onlyNot = 'A search made only of exclusions (NOT …) matches everything; add a word to look for.';
  const cases: Array<[string, string, number]> = [
    ['', 'The search is empty.', 1],
    ['   ', 'The search is empty.', 1],
    ['!!! ...', 'The search has no letters or digits to look for.', 1],
    ['x'.repeat(501), 'The search is longer than 500 characters.', 501],
    ['lighthouse "old keeper', 'Unclosed quote that starts at character 12.', 12],
    ['lamp -"dark', 'Unclosed quote that starts at character 7.', 7],
    ['cat OR', '“OR” at character 5 needs a search term on both sides.', 5],
    ['OR cat', '“OR” at character 1 needs a search term on both sides.', 1],
    ['cat OR OR dog', '“OR” at character 5 needs a search term on both sides.', 5],
    ['cat AND', '“AND” at character 5 needs a search term on both sides.', 5],
    ['AND cat', '“AND” at character 1 needs a search term on both sides.', 1],
    ['cat AND OR dog', '“AND” at character 5 needs a search term on both sides.', 5],
    ['(cat OR) dog', '“OR” at character 6 needs a search term on both sides.', 6],
    ['cat NOT', '“NOT” at character 5 needs a search term after it.', 5],
    ['cat NOT OR dog', '“NOT” at character 5 needs a search term after it.', 5],
    ['cat dog)', 'Unmatched “)” at character 8.', 8],
    ['(cat) dog) x', 'Unmatched “)” at character 10.', 10],
    [')', 'Unmatched “)” at character 1.', 1],
    ['cat (dog', 'Unclosed “(” at character 5.', 5],
    ['cat (', 'Unclosed “(” at character 5.', 5],
    ['cat ()', 'The parentheses at character 5 contain nothing to search for.', 5],
    ['cat ( !!! )', 'The parentheses at character 5 contain nothing to search for.', 5],
    ['NOT storm', onlyNot, 1],
    ['-storm', onlyNot, 1],
    ['-storm -rain', onlyNot, 1],
    ['NOT storm OR NOT rain', onlyNot, 1],
    ['(NOT storm)', onlyNot, 2],
    ['lighthouse OR NOT storm', notInOr('“NOT”', 15, '“lighthouse NOT storm”'), 15],
    ['NOT storm OR lighthouse', notInOr('“NOT”', 1, '“lighthouse NOT storm”'), 1],
    ['lighthouse OR -storm', notInOr('“-storm”', 15, '“lighthouse -storm”'), 15],
    ['lighthouse OR (NOT storm NOT rain)', notInOr('“NOT”', 16, '“lighthouse NOT storm”'), 16],
    [
      'lamp NOT (NOT storm NOT rain)',
      'The group at character 10 is made only of exclusions (NOT …); add a word to look for inside it.',
      10,
    ],
    // Positions count code points: the emoji is one character.
    ['🎉 cat OR', '“OR” at character 7 needs a search term on both sides.', 7],
  ];
  for (const [input, message, position] of cases) {
    it(`${JSON.stringify(input.length > 40 ? `${input.slice(0, 20)}…` : input)} → ${message}`, () => {
      assert.deepEqual(parseQuery(input), { ok: false, message, position });
    });
  }

  it('accepts exactly 500 characters and 32 terms, not 33', () => {
    assert.equal(parseQuery('x'.repeat(500)).ok, true);
    const words = Array.from({ length: 32 }, (_, i) => `w${i}`);
    assert.equal(parseQuery(words.join(' ')).ok, true);
    const input = `${words.join(' ')} "one more"`;
    assert.deepEqual(parseQuery(input), {
      ok: false,
      message: `The search has more than 32 words or phrases; the one at character ${input.indexOf('"') + 1} is past the limit.`,
      position: input.indexOf('"') + 1,
    });
  });
});

describe('compilers', () => {
  const cases: Array<[string, string, string]> = [
    ['lighthouse', '"lighthouse"', "'lighthouse'"],
    ['lighthouse keeper', '"lighthouse" AND "keeper"', "'lighthouse' & 'keeper'"],
    ['lighthouse OR keeper', '"lighthouse" OR "keeper"', "'lighthouse' | 'keeper'"],
    ['a OR b c', '"a" OR ("b" AND "c")', "'a' | ('b' & 'c')"],
    ['(a OR b) c', '("a" OR "b") AND "c"', "('a' | 'b') & 'c'"],
    ['"old keeper"', '"old keeper"', "'old' <-> 'keeper'"],
    ['light*', '"light" *', "'light':*"],
    ['well-kno*', '"well kno" *', "'well' <-> 'kno':*"],
    ['lighthouse -storm', '"lighthouse" NOT "storm"', "'lighthouse' & !'storm'"],
    ['x NOT y NOT z', '"x" NOT "y" NOT "z"', "'x' & !'y' & !'z'"],
    ['-y x -z', '"x" NOT "y" NOT "z"', "!'y' & 'x' & !'z'"],
    ['a b -c', '("a" AND "b") NOT "c"', "'a' & 'b' & !'c'"],
    ['lamp -"dark night"', '"lamp" NOT "dark night"', "'lamp' & !('dark' <-> 'night')"],
    ['keeper -(storm OR rain)', '"keeper" NOT ("storm" OR "rain")', "'keeper' & !('storm' | 'rain')"],
    ['(a -b) OR c', '("a" NOT "b") OR "c"', "('a' & !'b') | 'c'"],
    ['灯塔', '"灯 塔"', "'灯' <-> '塔'"],
    ['or AND not', '"or" AND "not"', "'or' & 'not'"],
  ];
  for (const [input, fts5, tsq] of cases) {
    it(JSON.stringify(input), () => {
      const node = parsed(input);
      assert.equal(compileFts5(node), fts5);
      assert.equal(compileTsquery(node), tsq);
    });
  }

  it('quotes defensively', () => {
    assert.equal(compileFts5(phrase('a"b', 'c')), '"a""b c"');
    assert.equal(compileTsquery(phrase("a'b", 'c')), "'a''b' <-> 'c'");
  });

  it('FTS5 refuses a NOT it cannot place', () => {
    assert.throws(() => compileFts5(not(term('a'))), /NOT/);
    assert.throws(() => compileFts5(or(term('a'), not(term('b')))), /NOT/);
    assert.throws(() => compileFts5(and(not(term('a')), not(term('b')))), /NOT/);
    assert.throws(() => compileFts5(and()), /NOT|empty/);
    assert.throws(() => compileFts5(or()), /empty/);
  });

  it('positiveTokens lists non-negated tokens, prefixes marked with *', () => {
    assert.deepEqual(positiveTokens(parsed('"old keeper" light* -storm NOT (rain OR wind) OR 灯塔 keeper')), [
      'old',
      'keeper',
      'light*',
      '灯',
      '塔',
    ]);
  });
});

// ---- Real engines: SQLite FTS5 and PostgreSQL must return the same works. ----

const DOCS = [
  'The old lighthouse keeper climbed the stairs every night.',
  "A storm broke over the lighthouse; the keeper's lamp went dark.",
  'She ordered a café au lait and read a naïve poem about the sea.',
  'Lightning lit the harbour, and the well-known ferry left early.',
  '灯台の守り人は夜ごとに階段を上った。',
  '我们的灯塔在风暴中依然明亮。',
  "The keeper didn't mind the STORM; he had seen worse at Ångström Point.",
  'Fishing boats returned to the harbour before the storm.',
];

const QUERIES: Array<[string, number[]]> = [
  ['lighthouse', [1, 2]],
  ['keeper', [1, 7]], // "keeper's" is indexed as "keepers"
  ['keeper*', [1, 2, 7]],
  ['"lighthouse keeper"', [1]],
  ['"the keeper"', [7]],
  ['lighthouse -storm', [1]],
  ['lighthouse NOT storm', [1]],
  ['storm OR harbour', [2, 4, 7, 8]],
  ['harbour storm', [8]],
  ['light*', [1, 2, 4]],
  ['"well-known ferry"', [4]],
  ['well-known', [4]],
  ['CAFÉ', [3]],
  ['naive cafe', [3]],
  ['angstrom', [7]],
  ["didn't", [7]],
  ['and', [3, 4]],
  ['灯塔', [6]],
  ['灯台', [5]],
  ['灯', [5, 6]],
  ['守り人', [5]],
  ['灯塔 OR 灯台', [5, 6]],
  ['(storm OR lamp) keeper*', [2, 7]],
  ['harbour -(storm OR ferry)', []],
  ['the NOT NOT storm', [2, 7, 8]],
  ['kee* -lamp', [1, 7]],
  ['"the keeper" OR 守り人', [5, 7]],
  ['(lighthouse -storm) OR (harbour -ferry)', [1, 8]],
  ['"lighthouse kee"*', [1]],
];

describe('engines: parsed and compiled queries return the same works', () => {
  const sqlite = new Database(':memory:');
  let pgdb: Pg;
  const sqliteIds = new Map<string, number[]>();

  sqlite.exec(`create virtual table t using fts5(doc, tokenize = 'unicode61 remove_diacritics 2')`);
  const insert = sqlite.prepare('insert into t (rowid, doc) values (?, ?)');
  DOCS.forEach((d, i) => insert.run(i + 1, normalizeForIndex(d)));

  before(async () => {
    pgdb = await openPg();
    await pgdb.query('create temp table t (id int, tsv tsvector)');
    for (const [i, d] of DOCS.entries()) {
      await pgdb.query("insert into t (id, tsv) values ($1, to_tsvector('simple', $2))", [i + 1, normalizeForIndex(d)]);
    }
  });
  after(async () => {
    sqlite.close();
    await pgdb?.close();
  });

  const search = sqlite.prepare('select rowid from t where t match ? order by rowid');
  for (const [input, expected] of QUERIES) {
    it(`SQLite: ${input} → [${expected.join(', ')}]`, () => {
      const ids = (search.all(compileFts5(parsed(input))) as { rowid: number }[]).map((r) => r.rowid);
      sqliteIds.set(input, ids);
      assert.deepEqual(ids, expected);
    });
  }
  for (const [input, expected] of QUERIES) {
    it(`PostgreSQL: ${input} → [${expected.join(', ')}]`, async () => {
      const { rows } = await pgdb.query<{ id: number }>(
        "select id from t where tsv @@ to_tsquery('simple', $1) order by id",
        [compileTsquery(parsed(input))],
      );
      const ids = rows.map((r) => r.id);
      assert.deepEqual(ids, sqliteIds.get(input) ?? expected, `${pgdb.name} differs from SQLite`);
      assert.deepEqual(ids, expected);
    });
  }

  it('agree on 300 random queries', async () => {
    const words = [
      'the',
      'keeper',
      'kee*',
      'light*',
      'storm',
      'harbour',
      'lamp',
      'cafe',
      '灯塔',
      '灯',
      'zebra',
      '"the keeper"',
      '"the storm"',
    ];
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 48271) % 2147483647) % n;
    const gen = (depth: number): string => {
      const w = (): string => (rand(4) === 0 ? '-' : '') + words[rand(words.length)]!;
      if (depth === 0 || rand(3) === 0) return w();
      const op = ['', ' AND', ' OR', ' NOT'][rand(4)]!;
      const inner = `${gen(depth - 1)}${op} ${gen(depth - 1)}`;
      return rand(2) === 0 ? `(${inner})` : inner;
    };
    let compared = 0;
    for (let k = 0; k < 300; k++) {
      const input = gen(3);
      const r = parseQuery(input);
      if (!r.ok) continue;
      const lite = (search.all(compileFts5(r.node)) as { rowid: number }[]).map((x) => x.rowid);
      const { rows } = await pgdb.query<{ id: number }>(
        "select id from t where tsv @@ to_tsquery('simple', $1) order by id",
        [compileTsquery(r.node)],
      );
      assert.deepEqual(
        rows.map((x) => x.id),
        lite,
        input,
      );
      compared++;
    }
    assert.ok(compared > 150, `only ${compared} random queries parsed`);
  });
});
