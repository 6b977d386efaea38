import type { WriterStats, WorkFigures } from '../../services/stats.js';
import type { StatsQuery, StatsSort } from '../../services/stats-query.js';
import { PERIODS } from '../../domain/date-buckets.js';
import { chartCaption, StatsChart } from './stats-chart.js';
import { raw } from 'hono/html';
import { escapeHtml } from '../../domain/escape-html.js';
import { formatNumber } from './components.js';

/** The address of a stats page or its CSV with these choices; defaults are left out. */
export function statsHref(username: string, q: Partial<StatsQuery>, csv = false): string {
  const params = new URLSearchParams();
  if (q.sort && q.sort !== 'hits') params.set('sort', q.sort);
  if (q.year !== undefined) params.set('year', String(q.year));
  if (q.period && q.period !== 'day') params.set('period', q.period);
  if (q.workId !== undefined) params.set('work', String(q.workId));
  const s = params.toString();
  return `/users/${encodeURIComponent(username)}/stats${csv ? '.csv' : ''}${s ? `?${s}` : ''}`;
}

/** What a chart is of, in words. */
export function chartSubject(stats: WriterStats, year: number | undefined): string {
  if (stats.chart.workTitle !== undefined) return stats.chart.workTitle;
  return year === undefined ? 'all your works' : `your works first published in ${year}`;
}

const HEADINGS: Record<StatsSort, string> = {
  title: 'Work',
  date: 'Published',
  words: 'Words',
  hits: 'Hits',
  kudos: 'Kudos',
  threads: 'Comment threads',
  bookmarks: 'Bookmarks',
  subscriptions: 'Subscriptions',
};
const NUMBERS = ['words', 'hits', 'kudos', 'threads', 'bookmarks', 'subscriptions'] as const;
const PERIOD_NAMES = { day: 'Day', week: 'Week', month: 'Month' } as const;

/** A writer's statistics: the choices, the chart with its table and CSV, and the figures per work. */
export function StatsView(props: { stats: WriterStats; q: StatsQuery }) {
  const { stats, q } = props;
  const order: StatsSort[] = ['title', 'date', ...NUMBERS];
  const subject = chartSubject(stats, q.year);
  const sortHeader = (s: StatsSort) => (
    <th scope="col" aria-sort={q.sort === s ? (s === 'title' ? 'ascending' : 'descending') : undefined}>
      {q.sort === s ? HEADINGS[s] : <a href={statsHref(stats.username, { ...q, sort: s })}>{HEADINGS[s]}</a>}
    </th>
  );
  // The rows as one string, every value escaped: a busy writer's 500 rows as elements took most of
  // the page's rendering time.
  // Each row's chart link is this address and the work's id: `work` is the last parameter statsHref writes.
  const chartHref = statsHref(stats.username, { ...q, workId: 0 }).replace(/work=0$/, 'work=');
  const row = (w: WorkFigures) => {
    const title = escapeHtml(w.title);
    let cells = '';
    for (const k of NUMBERS) cells += `<td>${formatNumber(w[k])}</td>`;
    return (
      `<tr><th scope="row"><a href="/works/${w.id}">${title}</a> ` +
      `<a class="muted" href="${escapeHtml(chartHref)}${w.id}" aria-label="Chart of ${title}">chart</a></th>` +
      `<td>${escapeHtml(w.publishedAt.slice(0, 10))}</td>${cells}</tr>`
    );
  };
  return (
    <div class="ui stats">
      <h1>Statistics</h1>
      <form method="get" action={statsHref(stats.username, {})} class="stats-choices">
        <label for="stats-year">Works first published in</label>{' '}
        <select id="stats-year" name="year">
          <option value="" selected={q.year === undefined}>
            any year
          </option>
          {stats.years.map((y) => (
            <option value={String(y)} selected={q.year === y}>
              {y}
            </option>
          ))}
        </select>{' '}
        <label for="stats-period">Chart by</label>{' '}
        <select id="stats-period" name="period">
          {PERIODS.map((p) => (
            <option value={p} selected={q.period === p}>
              {PERIOD_NAMES[p].toLowerCase()}
            </option>
          ))}
        </select>
        {q.sort !== 'hits' ? <input type="hidden" name="sort" value={q.sort} /> : null}
        {q.workId !== undefined ? <input type="hidden" name="work" value={String(q.workId)} /> : null}{' '}
        <button type="submit">Show</button>
      </form>
      <h2>{`Hits and kudos of ${subject}`}</h2>
      {q.workId !== undefined ? (
        <p>
          <a href={statsHref(stats.username, { ...q, workId: undefined })}>Back to the chart of all your works</a>
        </p>
      ) : null}
      <p class="muted">
        Counted each day since daily figures were kept; the totals in the table below are the works’ own counts.
      </p>
      <StatsChart points={stats.chart.points} period={q.period} caption={chartCaption(subject, q.period)} />
      <p>
        <a href={statsHref(stats.username, q, true)} download>
          Download these figures (CSV)
        </a>
      </p>
      <h2>Your works</h2>
      {stats.works.length === 0 ? (
        <p>{q.year === undefined ? 'You have no posted works yet.' : `You posted no works first in ${q.year}.`}</p>
      ) : (
        <div class="stats-works" role="region" aria-label="Figures per work" tabindex={0}>
          <table>
            <caption>
              {`Figures of ${stats.totals.works} ${stats.totals.works === 1 ? 'work' : 'works'}, sorted by ${HEADINGS[q.sort].toLowerCase()}`}
            </caption>
            <thead>
              <tr>{order.map(sortHeader)}</tr>
            </thead>
            <tbody>{raw(stats.works.map(row).join(''))}</tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td></td>
                {NUMBERS.map((k) => (
                  <td>{formatNumber(stats.totals[k])}</td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}
