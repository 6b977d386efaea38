/**
 * The filter suite: each fixed query (bench/filter-queries.ts) timed through the app's own works
 * query (queryWorks, as the pages call it, for a guest, with whatever index the app enables) and
 * through two plain-SQL baselines on the same database, in the same run: the naive one
 * (bench/baseline-sql.ts) and the tuned one (bench/baseline-best.ts). Every baseline answer is
 * checked against the app's: same total, same ids on the page.
 */
import type { SearchState } from '../src/search/search-state.js';
import type { DialectName } from '../src/store/db.js';
import { guestViewer } from '../src/policies/index.js';
import { queryWorks } from '../src/search/works-query.js';
import { baselineQuery } from './baseline-sql.js';
import { bestBaselineQuery } from './baseline-best.js';
import type { NamedQuery } from './filter-queries.js';
import { collectAndSettle, percentile, repeat, round, spread, type Spread } from './timing.js';

export interface QueryFigures {
  name: string;
  total: number;
  /** p50 / p95 in ms, and how many runs were really measured (see timing.ts `repeat`). */
  app: { p50: number; p95: number; measured: number };
  sql: { p50: number; p95: number; measured: number };
  /** The tuned statement (baseline-best.ts). */
  tuned: { p50: number; p95: number; measured: number };
  /** Which of the two plain-SQL forms was faster here (by p50): its samples count in `best`. */
  fasterSql: 'naive' | 'tuned';
}

export interface DialectFigures {
  dialect: DialectName;
  app: Spread;
  sql: Spread;
  /**
   * The best plain SQL: per query, the samples of whichever form, naive or tuned, was faster, as a
   * developer with both would choose per shape of query.
   */
  best: Spread;
  perQuery: QueryFigures[];
  /** Queries whose baseline answer differed from the app's. */
  mismatches: string[];
}

export interface SuiteOptions {
  runs: number;
  /** Per query and method: stop repeating once this much time is spent. */
  budgetMs: number;
  /** One untimed pass over all queries before any is timed. */
  warmPass: boolean;
  log: (line: string) => void;
}

/** Runs every query through the app and the baseline on one database. */
export async function runFilterSuite(
  search: SearchState,
  dialect: DialectName,
  queries: NamedQuery[],
  opts: SuiteOptions,
): Promise<DialectFigures> {
  const appAll: number[] = [];
  const sqlAll: number[] = [];
  const bestAll: number[] = [];
  const perQuery: QueryFigures[] = [];
  const mismatches: string[] = [];
  const app = (q: NamedQuery) => queryWorks(search, guestViewer(), q.query);
  const base = (q: NamedQuery) => baselineQuery(search.db, dialect, q.query);
  const best = (q: NamedQuery) => bestBaselineQuery(search.db, dialect, q.query);
  // One untimed pass over every query first, so that no query's timings include V8 compiling a code
  // path an earlier query had not taken (at a million works such a first run took 3–7 ms where the
  // same query takes 1–1.5 ms once the process is warm, as a serving process soon is).
  if (opts.warmPass) for (const q of queries) await app(q);
  for (const q of queries) {
    // Warm-up run of each, which is also the correctness check.
    const a = await app(q);
    const ids = a.works.map((w) => w.id);
    for (const [which, b] of [
      ['naive', await base(q)],
      ['tuned', await best(q)],
    ] as const) {
      if (a.total !== b.total || ids.join() !== b.ids.join()) {
        mismatches.push(`${q.name} (${which})`);
        opts.log(
          `WARNING [${dialect}] ${which} baseline SQL and queryWorks differ on “${q.name}”: total ${b.total} vs ${a.total}, page ids ${b.ids.slice(0, 5).join(',')}… vs ${ids.slice(0, 5).join(',')}… (${JSON.stringify(q.query)})`,
        );
      }
    }
    // Each method's runs start from a collected heap: the other's garbage is not theirs to pay for
    // (nor the collection's own aftermath; see collectAndSettle).
    await collectAndSettle();
    const ta = await repeat(() => app(q), opts.runs, opts.budgetMs);
    await collectAndSettle();
    const tb = await repeat(() => base(q), opts.runs, opts.budgetMs);
    await collectAndSettle();
    const tc = await repeat(() => best(q), opts.runs, opts.budgetMs);
    appAll.push(...ta.samples);
    sqlAll.push(...tb.samples);
    const fasterSql = percentile(tc.samples, 0.5) < percentile(tb.samples, 0.5) ? 'tuned' : 'naive';
    bestAll.push(...(fasterSql === 'tuned' ? tc : tb).samples);
    const fig: QueryFigures = {
      name: q.name,
      total: a.total,
      app: { p50: round(percentile(ta.samples, 0.5)), p95: round(percentile(ta.samples, 0.95)), measured: ta.measured },
      sql: { p50: round(percentile(tb.samples, 0.5)), p95: round(percentile(tb.samples, 0.95)), measured: tb.measured },
      tuned: {
        p50: round(percentile(tc.samples, 0.5)),
        p95: round(percentile(tc.samples, 0.95)),
        measured: tc.measured,
      },
      fasterSql,
    };
    perQuery.push(fig);
    opts.log(
      `[${dialect}] ${q.name.padEnd(50)} ${String(a.total).padStart(9)} works   app p50 ${fig.app.p50} ms   sql p50 ${fig.sql.p50} ms   tuned sql p50 ${fig.tuned.p50} ms`,
    );
  }
  return { dialect, app: spread(appAll), sql: spread(sqlAll), best: spread(bestAll), perQuery, mismatches };
}
