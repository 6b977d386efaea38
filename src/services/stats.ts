import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Viewer } from '../policies/index.js';
import { maySeeStats } from '../policies/index.js';
import { findUserByUsername } from '../store/user.store.js';
import { sumsOf, writerSums, writerWorkFigures, type DailySum, type WorkFigures } from '../store/work-stats.store.js';
import { bucketKeys, bucketOf, firstDayOf, type Period } from '../domain/date-buckets.js';
import { parseStatsQuery, type RawStatsQuery, type StatsQuery, type StatsSort } from './stats-query.js';
import { fail, ok, type ServiceResult } from './result.js';

export type { WorkFigures } from '../store/work-stats.store.js';

/** A point of a chart: a day, a week (its Monday) or a month, and its hits and kudos. */
export interface ChartPoint {
  key: string;
  hits: number;
  kudos: number;
}

export interface WriterStats {
  username: string;
  works: WorkFigures[];
  totals: Omit<WorkFigures, 'id' | 'title' | 'publishedAt'> & { works: number };
  /** The years the writer first published works in, newest first (the year filter's choices). */
  years: number[];
  chart: { workId?: number; workTitle?: string; period: Period; points: ChartPoint[] };
}

const NO_PAGE = fail(404, { _: 'There is no such page.' });
const NUMERIC: ReadonlyArray<Exclude<StatsSort, 'title' | 'date'>> = [
  'hits',
  'kudos',
  'threads',
  'bookmarks',
  'subscriptions',
  'words',
];

/**
 * A writer's statistics, for the writer alone: the figures of each posted work they co-created
 * (the works' own counts, so the totals hold from before daily figures were kept), and a chart of
 * hits and kudos of all those works or one of them from the daily figures. `year` keeps the works
 * first published that year, for the table and the chart alike.
 */
export async function writerStats(
  db: Kysely<DB>,
  viewer: Viewer,
  username: string,
  raw: RawStatsQuery,
  today = new Date().toISOString().slice(0, 10),
): Promise<ServiceResult<{ stats: WriterStats; q: StatsQuery }>> {
  const user = await findUserByUsername(db, username);
  if (!user || !maySeeStats(viewer, user.id)) return NO_PAGE;
  // Checked after the policy: anyone else is told only that there is no such page.
  const parsed = parseStatsQuery(raw);
  if (!parsed.ok) return fail(400, { _: parsed.message });
  const q = parsed.value;
  const all = await writerWorkFigures(db, user.id);
  const years = [...new Set(all.map((w) => yearOf(w.publishedAt)))].filter((y) => y > 0).sort((a, b) => b - a);
  const works = sortWorks(q.year === undefined ? all : all.filter((w) => yearOf(w.publishedAt) === q.year), q.sort);
  const chartWork = q.workId === undefined ? undefined : all.find((w) => w.id === q.workId);
  if (q.workId !== undefined && !chartWork) return NO_PAGE;
  const inChart = chartWork ? [chartWork] : works;
  const since = inChart.reduce<string | undefined>(
    (min, w) => (w.publishedAt && (!min || w.publishedAt < min) ? w.publishedAt : min),
    undefined,
  );
  const stats: WriterStats = {
    username: user.username,
    works,
    totals: totalsOf(works),
    years,
    chart: {
      ...(chartWork ? { workId: chartWork.id, workTitle: chartWork.title } : {}),
      period: q.period,
      // All their works: the writer's own daily rows; a year's works or one work: those works' rows.
      points: await chartPoints(
        (from, by) =>
          chartWork || q.year !== undefined
            ? sumsOf(
                db,
                inChart.map((w) => w.id),
                from,
                by,
              )
            : writerSums(db, user.id, from, by),
        q.period,
        today,
        since,
      ),
    },
  };
  return ok({ stats, q });
}

/** The chart's points, with its sums read by `read` (the writer's own rows, or their works'). */
async function chartPoints(
  read: (fromDay: string, by: 'day' | 'month') => Promise<DailySum[]>,
  period: Period,
  today: string,
  since: string | undefined,
): Promise<ChartPoint[]> {
  const keys = bucketKeys(period, today, since);
  const from = firstDayOf(period, keys);
  const sums = await read(from, period === 'month' ? 'month' : 'day');
  const points = new Map(keys.map((key) => [key, { key, hits: 0, kudos: 0 }]));
  for (const s of sums) {
    const p = points.get(bucketOf(period, s.key));
    if (!p) continue;
    p.hits += s.hits;
    p.kudos += s.kudos;
  }
  return [...points.values()];
}

const yearOf = (iso: string): number => Number(iso.slice(0, 4)) || 0;

function sortWorks(works: WorkFigures[], sort: StatsSort): WorkFigures[] {
  const byTitle = (a: WorkFigures, b: WorkFigures) =>
    a.title.toLowerCase() < b.title.toLowerCase()
      ? -1
      : a.title.toLowerCase() > b.title.toLowerCase()
        ? 1
        : a.id - b.id;
  if (sort === 'title') return [...works].sort(byTitle);
  if (sort === 'date')
    return [...works].sort((a, b) =>
      a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.id - a.id,
    );
  return [...works].sort((a, b) => b[sort] - a[sort] || byTitle(a, b));
}

function totalsOf(works: WorkFigures[]): WriterStats['totals'] {
  const t = { works: works.length, words: 0, hits: 0, kudos: 0, threads: 0, bookmarks: 0, subscriptions: 0 };
  for (const w of works) for (const k of NUMERIC) t[k] += w[k];
  return t;
}
