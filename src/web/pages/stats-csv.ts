import type { ChartPoint } from '../../services/stats.js';

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or return
 * before one) starts with a quote mark, so a work's title cannot run as one (CSV injection).
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A chart's figures as CSV: the works it shows, then one line per point, as its table lists them. */
export function chartCsv(subject: string, periodHeading: string, points: readonly ChartPoint[]): string {
  const lines = [['Works', periodHeading, 'Hits', 'Kudos'].map(csvCell).join(',')];
  for (const p of points) lines.push([subject, p.key, p.hits, p.kudos].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
