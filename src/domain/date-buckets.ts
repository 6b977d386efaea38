/** How a chart groups days: each day, each week (from Monday, UTC) or each month. */
export type Period = 'day' | 'week' | 'month';

export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

/** How far back each period reaches: the points a chart draws at most. */
export const MAX_POINTS: Record<Period, number> = { day: 90, week: 104, month: 240 };

const DAY_MS = 86_400_000;

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** The Monday (YYYY-MM-DD) of the week holding a day. */
export function weekOf(day: string): string {
  const ms = msOf(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  return dayOf(ms - weekday * DAY_MS);
}

/** The key of the point a day falls in: the day, its week's Monday, or its month (YYYY-MM). */
export function bucketOf(period: Period, day: string): string {
  if (period === 'day') return day;
  if (period === 'week') return weekOf(day);
  return day.slice(0, 7);
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * The points of a chart ending at `today`, oldest first: the last 90 days, the last 104 weeks, or
 * the months since `since` (the first work's day; today's month when absent), at most 240.
 */
export function bucketKeys(period: Period, today: string, since?: string): string[] {
  const n = MAX_POINTS[period];
  if (period === 'day') return Array.from({ length: n }, (_, i) => dayOf(msOf(today) - (n - 1 - i) * DAY_MS));
  if (period === 'week') {
    const last = msOf(weekOf(today));
    return Array.from({ length: n }, (_, i) => dayOf(last - (n - 1 - i) * 7 * DAY_MS));
  }
  const last = today.slice(0, 7);
  const first = since && since.slice(0, 7) < last ? since.slice(0, 7) : last;
  const keys: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) keys.push(m);
  return keys.slice(-n);
}

/** The first day a chart's points cover. */
export function firstDayOf(period: Period, keys: readonly string[]): string {
  const first = keys[0] ?? '';
  return period === 'month' ? `${first}-01` : first;
}
