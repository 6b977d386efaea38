import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { eachDialect } from '../../../test/db.js';
import { mulberry32 } from '../../../bench/corpus.js';
import { likeMatcher } from './like.js';
import { wildcardToLike } from '../resolve-filter.js';

eachDialect(
  'likeMatcher agrees with the database’s own LIKE … ESCAPE on random names and patterns',
  async ({ db, dialect }) => {
    const rng = mulberry32(dialect === 'sqlite' ? 4 : 5);
    const chars = ['a', 'A', 'n', 'g', 's', 't', '_', '%', '\\', '-', ' ', 'é', 'É', '灯', '😀', '.', '*', '(', '\n'];
    const text = (max: number) =>
      Array.from({ length: Math.floor(rng() * max) }, () => chars[Math.floor(rng() * chars.length)]).join('');
    const cases: Array<[string, string]> = [
      ['angst', '%angst%'],
      ['so much angst', '%angst'],
      ['a_b', 'a\\_b'],
      ['axb', 'a\\_b'],
      ['ANGST', '%angst%'],
      ['éa', '_a'],
      ['😀a', '_a'],
      ['a\nb', 'a_b'],
    ];
    for (let i = 0; i < 300; i++)
      cases.push([text(6), rng() < 0.5 ? wildcardToLike(text(5)) : text(5).replace(/\\$/, '')]);
    // One statement for all cases: VALUES names its columns column1, column2, … in both dialects.
    const rows = sql.join(cases.map(([name, pattern], i) => sql`(cast(${i} as integer), ${name}, ${pattern})`));
    const got = await sql<{
      m: number | boolean;
    }>`select (column2 like column3 escape '\\') as m from (values ${rows}) as v order by column1`.execute(db);
    cases.forEach(([name, pattern], i) => {
      const want = Boolean(got.rows[i]?.m);
      assert.equal(
        likeMatcher(pattern, dialect === 'sqlite')(name),
        want,
        `${JSON.stringify(name)} LIKE ${JSON.stringify(pattern)}`,
      );
    });
  },
);
