import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { writerStats, type WriterStats } from '../../services/stats.js';
import type { StatsQuery } from '../../services/stats-query.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';
import { chartSubject, StatsView } from './stats.js';
import { PERIOD_HEADING } from './stats-chart.js';
import { chartCsv } from './stats-csv.js';

/** A writer's statistics page and its chart's figures as CSV, for the writer alone. */
export function registerStatsRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:username/stats', async (c) => {
    const r = await load(c);
    if (r instanceof Response) return r;
    return page(c, 'Statistics', <StatsView stats={r.stats} q={r.q} />);
  });

  app.get('/users/:username/stats.csv', async (c) => {
    const r = await load(c);
    if (r instanceof Response) return r;
    const { stats, q } = r;
    const body = chartCsv(chartSubject(stats, q.year), PERIOD_HEADING[q.period], stats.chart.points);
    const name = `stats-${q.workId ?? 'all'}${q.year ? `-${q.year}` : ''}-${q.period}.csv`;
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-cache',
    });
  });
}

async function load(c: Context<AppEnv>): Promise<Response | { stats: WriterStats; q: StatsQuery }> {
  const raw = {
    sort: c.req.query('sort'),
    year: c.req.query('year'),
    period: c.req.query('period'),
    work: c.req.query('work'),
  };
  const r = await writerStats(c.get('deps').db, c.get('viewer'), c.req.param('username') ?? '', raw);
  if (r.ok) return r.value;
  if (r.status === 400) return errorPage(c, 400, 'Statistics', r.errors._ ?? 'That is not a choice the page offers.');
  return notFoundPage(c);
}
