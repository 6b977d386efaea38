/**
 * Which PostgreSQL the PostgreSQL-dialect tests should use, as decided by
 * scripts/test.mjs. Without either variable (e.g. `node --test` run directly)
 * we fall back to PGlite so the tests still run.
 */
export type PgTestTarget = { kind: 'server'; url: string } | { kind: 'pglite' };

export function pgTestTarget(): PgTestTarget {
  const url = process.env.QUIRE_TEST_PG_URL;
  if (url) return { kind: 'server', url };
  return { kind: 'pglite' };
}
