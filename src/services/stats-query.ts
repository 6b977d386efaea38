import { PERIODS, type Period } from '../domain/date-buckets.js';

/** The columns the stats table sorts on. */
export const STATS_SORTS = [
  'hits',
  'kudos',
  'threads',
  'bookmarks',
  'subscriptions',
  'words',
  'title',
  'date',
] as const;
export type StatsSort = (typeof STATS_SORTS)[number];

/** What a stats page or its CSV asks for, checked. */
export interface StatsQuery {
  sort: StatsSort;
  /** Only works first published in this year. */
  year?: number;
  period: Period;
  /** One work's chart instead of all of them. */
  workId?: number;
}

/** The query string as given (each value at most a few characters once valid). */
export interface RawStatsQuery {
  sort?: string;
  year?: string;
  period?: string;
  work?: string;
}

// A value longer than any valid choice is refused before it is looked at.
const MAX_VALUE = 16;

/** Checks a stats query; an unknown sort, period, year or work id is refused with what is allowed. */
export function parseStatsQuery(raw: RawStatsQuery): { ok: true; value: StatsQuery } | { ok: false; message: string } {
  if (Object.values(raw).some((v) => typeof v === 'string' && v.length > MAX_VALUE))
    return { ok: false, message: 'That address asks for something the statistics page does not offer.' };
  const sort = raw.sort || 'hits';
  if (!(STATS_SORTS as readonly string[]).includes(sort))
    return { ok: false, message: `Sort by one of: ${STATS_SORTS.join(', ')}.` };
  const period = raw.period || 'day';
  if (!(PERIODS as readonly string[]).includes(period))
    return { ok: false, message: `Show figures by one of: ${PERIODS.join(', ')}.` };
  const q: StatsQuery = { sort: sort as StatsSort, period: period as Period };
  if (raw.year) {
    if (!/^\d{4}$/.test(raw.year)) return { ok: false, message: 'The year must be four digits, such as 2024.' };
    q.year = Number(raw.year);
  }
  if (raw.work) {
    if (!/^[1-9]\d{0,9}$/.test(raw.work)) return { ok: false, message: 'The work must be given by its number.' };
    q.workId = Number(raw.work);
  }
  return { ok: true, value: q };
}
