import type { ChartPoint } from '../../services/stats.js';
import type { Period } from '../../domain/date-buckets.js';
import { formatNumber } from './components.js';

const W = 720;
const PANEL_H = 150;
const M = { left: 56, right: 12, top: 22, bottom: 24 };

/** How a period's points are named in the chart's table and its CSV. */
export const PERIOD_HEADING: Record<Period, string> = { day: 'Day', week: 'Week from', month: 'Month' };
const PERIOD_SPAN: Record<Period, string> = {
  day: 'by day, last 90 days',
  week: 'by week, last 104 weeks',
  month: 'by month',
};

/** The chart's name, shared by its picture, its table's caption and the page. */
export function chartCaption(subject: string, period: Period): string {
  return `Hits and kudos of ${subject}, ${PERIOD_SPAN[period]}`;
}

/** One panel: a bar per point, all bars one path, so a chart of 240 points stays a few elements. */
function Panel(props: { points: ChartPoint[]; pick: 'hits' | 'kudos'; label: string; color: string; top: number }) {
  const { points, pick, top } = props;
  const plotW = W - M.left - M.right;
  const plotH = PANEL_H - M.top - M.bottom;
  const max = Math.max(1, ...points.map((p) => p[pick]));
  const step = plotW / Math.max(1, points.length);
  const bar = Math.max(1, step * 0.8);
  const base = top + M.top + plotH;
  const d = points
    .map((p, i) => {
      const h = (p[pick] / max) * plotH;
      return h > 0
        ? `M${(M.left + i * step).toFixed(1)} ${base}v${(-h).toFixed(1)}h${bar.toFixed(1)}v${h.toFixed(1)}z`
        : '';
    })
    .join('');
  const first = points[0]?.key ?? '';
  const last = points.at(-1)?.key ?? '';
  return (
    <g>
      <text x={M.left} y={top + 14} font-weight="bold" fill="#1d1d1f">
        {props.label}
      </text>
      <line x1={M.left} x2={W - M.right} y1={top + M.top} y2={top + M.top} stroke="#d9d6cf" />
      <text x={M.left - 6} y={top + M.top + 4} text-anchor="end" fill="#1d1d1f">
        {formatNumber(max)}
      </text>
      <text x={M.left - 6} y={base + 4} text-anchor="end" fill="#1d1d1f">
        0
      </text>
      <path d={d} fill={props.color} />
      <line x1={M.left} x2={W - M.right} y1={base} y2={base} stroke="#1d1d1f" />
      <text x={M.left} y={base + 16} fill="#1d1d1f">
        {first}
      </text>
      <text x={W - M.right} y={base + 16} text-anchor="end" fill="#1d1d1f">
        {last}
      </text>
    </g>
  );
}

/**
 * Hits above, kudos below, drawn on the server (no script). The picture is one image to assistive
 * technology, named by its caption and totals; the table beside it carries every figure.
 */
export function StatsChart(props: { points: ChartPoint[]; period: Period; caption: string }) {
  const { points, period, caption } = props;
  const hits = points.reduce((s, p) => s + p.hits, 0);
  const kudos = points.reduce((s, p) => s + p.kudos, 0);
  const label = `${caption}: ${formatNumber(hits)} hits and ${formatNumber(kudos)} kudos in all. The table that follows lists every ${period}.`;
  return (
    <figure class="stats-chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        role="img"
        aria-label={label}
        viewBox={`0 0 ${W} ${PANEL_H * 2}`}
        width="100%"
        font-family="system-ui, sans-serif"
        font-size="12"
      >
        <title>{label}</title>
        <Panel points={points} pick="hits" label="Hits" color="#8a1c2b" top={0} />
        <Panel points={points} pick="kudos" label="Kudos" color="#2a5db0" top={PANEL_H} />
      </svg>
      <div class="stats-data" role="region" aria-label={`${caption}, as a table`} tabindex={0}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{PERIOD_HEADING[period]}</th>
              <th scope="col">Hits</th>
              <th scope="col">Kudos</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr>
                <th scope="row">{p.key}</th>
                <td>{p.hits}</td>
                <td>{p.kudos}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
