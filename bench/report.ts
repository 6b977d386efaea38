/** Shaping and printing the suite's figures: the JSON sections, the tables, and writing files. */
import fs from 'node:fs';
import path from 'node:path';
import type { DialectName } from '../src/store/db.js';
import { BENCH_ROOT } from './corpus-db.js';
import type { DialectFigures, SuiteOptions } from './filter-suite.js';
import type { AppIndexInfo } from './app-index.js';

export const fmt = (n: number | null | undefined): string =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en', { maximumFractionDigits: 1 });

/** The filter section of the JSON: the primary dialect's queryWorks figures, the baselines, and per-query detail. */
export function filterJson(
  figs: DialectFigures[],
  suite: Pick<SuiteOptions, 'runs' | 'warmPass'>,
  indexInfo: Map<DialectName, AppIndexInfo>,
) {
  const by = (d: DialectName) => figs.find((f) => f.dialect === d);
  const main = figs[0]!;
  const lite = by('sqlite');
  const pg = by('postgres');
  return {
    queries: main.perQuery.length,
    runs: suite.runs,
    warmPass: suite.warmPass,
    dialect: main.dialect,
    p50: main.app.p50,
    p95: main.app.p95,
    p99: main.app.p99,
    sqliteSqlP50: lite?.sql.p50 ?? null,
    sqliteSqlP95: lite?.sql.p95 ?? null,
    sqliteSqlP99: lite?.sql.p99 ?? null,
    postgresSqlP50: pg?.sql.p50 ?? null,
    postgresSqlP95: pg?.sql.p95 ?? null,
    postgresSqlP99: pg?.sql.p99 ?? null,
    app: Object.fromEntries(figs.map((f) => [f.dialect, f.app])),
    index: Object.fromEntries(figs.map((f) => [f.dialect, indexInfo.get(f.dialect) ?? null])),
    mismatches: Object.fromEntries(figs.map((f) => [f.dialect, f.mismatches])),
    perQuery: Object.fromEntries(figs.map((f) => [f.dialect, f.perQuery])),
  };
}

export function printFilter(figs: DialectFigures[], runs: number, indexInfo: Map<DialectName, AppIndexInfo>): void {
  const head = [
    'query'.padEnd(50),
    'works'.padStart(9),
    ...figs.flatMap((f) => [`app ${f.dialect}`.padStart(16), `sql ${f.dialect}`.padStart(16)]),
  ].join(' ');
  console.log(`\nFilter queries: p50 in ms over ${runs} runs each (guest; app = queryWorks, sql = plain-SQL baseline)`);
  for (const f of figs)
    console.log(`  app filter index [${f.dialect}]: ${JSON.stringify(indexInfo.get(f.dialect) ?? null)}`);
  console.log(head);
  console.log('-'.repeat(head.length));
  figs[0]!.perQuery.forEach((q, i) => {
    console.log(
      [
        q.name.padEnd(50),
        fmt(q.total).padStart(9),
        ...figs.flatMap((f) => [fmt(f.perQuery[i]!.app.p50).padStart(16), fmt(f.perQuery[i]!.sql.p50).padStart(16)]),
      ].join(' '),
    );
  });
  for (const f of figs) {
    console.log(
      `${`all queries [${f.dialect}]`.padEnd(30)} app p50 ${fmt(f.app.p50)}  p95 ${fmt(f.app.p95)}  p99 ${fmt(f.app.p99)}   |   sql p50 ${fmt(f.sql.p50)}  p95 ${fmt(f.sql.p95)}  p99 ${fmt(f.sql.p99)}`,
    );
    if (f.mismatches.length)
      console.log(
        `WARNING [${f.dialect}]: baseline and app differ on ${f.mismatches.length} queries: ${f.mismatches.join('; ')}`,
      );
  }
}

export function writeJson(file: string, data: unknown, log: (line: string) => void): void {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(data, null, 2) + '\n');
  log(`wrote ${path.relative(BENCH_ROOT, target)}`);
}

export type FilterJson = ReturnType<typeof filterJson>;

/** Points taken from earlier suite results (--from a.json,b.json): each one's works and filter figures. */
export function pointsFrom(files: string[]): Array<{ works: number; filter: FilterJson; source: string }> {
  return files.map((f) => {
    const j = JSON.parse(fs.readFileSync(f, 'utf8')) as { works: number; filter: FilterJson };
    return { works: j.works, filter: j.filter, source: path.relative(BENCH_ROOT, path.resolve(f)) };
  });
}
