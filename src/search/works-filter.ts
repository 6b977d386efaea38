import { CATEGORIES, RATINGS, WARNINGS, findFixedTag, splitTagList } from '../domain/tags.js';
import { isKnownLanguage } from '../domain/languages.js';

/** Every listing order, with its label, in the order the filter form offers them: the one list of sorts. */
export const SORT_LABELS = {
  updated: 'Date Updated',
  published: 'Date Posted',
  title: 'Title',
  creator: 'Creator',
  words: 'Word Count',
  kudos: 'Kudos',
  hits: 'Hits',
  bookmarks: 'Bookmarks',
  comments: 'Comments',
  relevance: 'Best Match',
} as const;
export type SortKey = keyof typeof SORT_LABELS;
export const SORTS = Object.keys(SORT_LABELS) as [SortKey, ...SortKey[]];
/** The sorts by a count: a count change may reorder their listings (ADR 010). */
export const COUNT_SORTS: ReadonlySet<SortKey> = new Set<SortKey>(['kudos', 'hits', 'bookmarks', 'comments']);
export const CROSSOVER = ['include', 'exclude', 'only'] as const;

/** Limits on one query, so a single request cannot ask the database for unbounded work. */
export const FILTER_LIMITS = { tags: 20 } as const;

/** What a reader asked for, independent of who they are (the works query adds the viewer). */
export interface WorksFilter {
  /** Tag names of any type (ratings and warnings included); every one must match. */
  include?: string[];
  /** Tag names of any type; any one removes a work. */
  exclude?: string[];
  /** Rating display names; a work matches any of them. */
  ratings?: string[];
  /** Warning display names; a work must carry all of them. */
  warnings?: string[];
  /** Category display names; a work must carry all of them. */
  categories?: string[];
  crossover?: (typeof CROSSOVER)[number];
  complete?: boolean;
  wordsFrom?: number;
  wordsTo?: number;
  /** YYYY-MM-DD, inclusive. */
  updatedFrom?: string;
  updatedTo?: string;
  language?: string;
  /** Full-text query (search/query-parser.ts syntax). */
  q?: string;
  sort?: SortKey;
  page?: number;
  /** Show, once, what the reader's blocklist would hide. */
  showBlocked?: boolean;
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function all(p: Params, name: string): string[] {
  if (p instanceof URLSearchParams) return [...p.getAll(name), ...p.getAll(`${name}[]`)];
  const v = p[name] ?? p[`${name}[]`];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
const one = (p: Params, name: string) => all(p, name)[0]?.trim() ?? '';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a filter from query parameters (pages and the API share it). Never throws: each problem
 * becomes a message, and a filter the reader cannot have meant (an unknown rating, a bad date)
 * marks the result as empty so nothing unexpected is shown.
 */
export function parseWorksFilter(p: Params): {
  filter: WorksFilter;
  messages: string[];
  refuse: boolean;
  ignored: boolean;
} {
  const messages: string[] = [];
  let refuse = false;
  // A parameter that could not be read and was left out: pages list anyway and say so; the API refuses.
  let ignored = false;
  const f: WorksFilter = {};
  const include = splitTagList(all(p, 'include'));
  const exclude = splitTagList(all(p, 'exclude'));
  if (include.length > FILTER_LIMITS.tags || exclude.length > FILTER_LIMITS.tags) {
    messages.push(`A filter can include at most ${FILTER_LIMITS.tags} tags and exclude at most ${FILTER_LIMITS.tags}.`);
    refuse = true;
  }
  if (include.length) f.include = include.slice(0, FILTER_LIMITS.tags);
  if (exclude.length) f.exclude = exclude.slice(0, FILTER_LIMITS.tags);

  for (const [key, set, label, field] of [
    ['rating', RATINGS, 'rating', 'ratings'],
    ['warning', WARNINGS, 'archive warning', 'warnings'],
    ['category', CATEGORIES, 'category', 'categories'],
  ] as const) {
    const names: string[] = [];
    for (const raw of all(p, key)) {
      if (!raw.trim()) continue;
      const t = findFixedTag(set, raw);
      if (!t) {
        messages.push(`There is no ${label} “${raw}”. Choose from: ${set.map((x) => x.name).join(', ')}.`);
        refuse = true;
      } else if (!names.includes(t.name)) names.push(t.name);
    }
    if (names.length) f[field] = names;
  }

  const crossover = one(p, 'crossover');
  if (crossover) {
    if ((CROSSOVER as readonly string[]).includes(crossover)) f.crossover = crossover as WorksFilter['crossover'];
    else {
      messages.push(`crossover must be one of ${CROSSOVER.join(', ')}; “${crossover}” was ignored.`);
      ignored = true;
    }
  }
  const complete = one(p, 'complete');
  if (complete === 'true' || complete === '1') f.complete = true;
  else if (complete === 'false' || complete === '0') f.complete = false;
  else if (complete) {
    messages.push('complete must be true or false; it was ignored.');
    ignored = true;
  }

  for (const key of ['wordsFrom', 'wordsTo'] as const) {
    const v = one(p, key).replace(/[,_ ]/g, '');
    if (!v) continue;
    if (/^\d{1,9}$/.test(v)) f[key] = Number(v);
    else {
      messages.push(
        `${key === 'wordsFrom' ? 'Words from' : 'Words to'} must be a whole number (got “${one(p, key)}”).`,
      );
      refuse = true;
    }
  }
  for (const key of ['updatedFrom', 'updatedTo'] as const) {
    const v = one(p, key);
    if (!v) continue;
    if (DATE.test(v) && !Number.isNaN(Date.parse(v))) f[key] = v;
    else {
      messages.push(
        `${key === 'updatedFrom' ? 'Updated from' : 'Updated to'} must be a date like 2024-05-31 (got “${v}”).`,
      );
      refuse = true;
    }
  }
  const language = one(p, 'language');
  if (language) {
    if (isKnownLanguage(language)) f.language = language;
    else {
      messages.push(`There is no language “${language}”.`);
      refuse = true;
    }
  }
  const q = one(p, 'q');
  if (q) f.q = q;
  const sort = one(p, 'sort');
  if (sort) {
    if ((SORTS as readonly string[]).includes(sort)) f.sort = sort as SortKey;
    else {
      messages.push(`sort must be one of ${SORTS.join(', ')}; sorted by date updated instead.`);
      ignored = true;
    }
  }
  const page = one(p, 'page');
  if (page && /^\d{1,6}$/.test(page) && Number(page) >= 1) f.page = Number(page);
  else if (page) {
    messages.push(`page must be a whole number from 1 (got “${page}”); the first page is shown.`);
    ignored = true;
  }
  if (one(p, 'show_blocked') === '1' || one(p, 'show_blocked') === 'true') f.showBlocked = true;
  return { filter: f, messages, refuse, ignored };
}

/** The query string for a filter (links in the sidebar, pagination, saved filters). */
export function filterToParams(f: WorksFilter): URLSearchParams {
  const p = new URLSearchParams();
  for (const n of f.include ?? []) p.append('include', n);
  for (const n of f.exclude ?? []) p.append('exclude', n);
  for (const n of f.ratings ?? []) p.append('rating', n);
  for (const n of f.warnings ?? []) p.append('warning', n);
  for (const n of f.categories ?? []) p.append('category', n);
  if (f.crossover) p.set('crossover', f.crossover);
  if (f.complete !== undefined) p.set('complete', String(f.complete));
  if (f.wordsFrom !== undefined) p.set('wordsFrom', String(f.wordsFrom));
  if (f.wordsTo !== undefined) p.set('wordsTo', String(f.wordsTo));
  if (f.updatedFrom) p.set('updatedFrom', f.updatedFrom);
  if (f.updatedTo) p.set('updatedTo', f.updatedTo);
  if (f.language) p.set('language', f.language);
  if (f.q) p.set('q', f.q);
  if (f.sort) p.set('sort', f.sort);
  if (f.page && f.page > 1) p.set('page', String(f.page));
  if (f.showBlocked) p.set('show_blocked', '1');
  return p;
}

/** A filter plus the context of the page that lists (a tag page, a creator page, a drafts page). */
export interface WorksQuery extends WorksFilter {
  /** Works tagged with this tag, as a filter on it would find them (synonyms, sub tags). */
  tagId?: number;
  /** Works on which this pseud is credited. */
  pseudId?: number;
  /** Works by any pseud of this user. */
  userId?: number;
  /** Works in this series, listed in series order unless a sort is asked for. */
  seriesId?: number;
  /** List the viewer's own drafts of this user instead of posted works. */
  draftsOf?: number;
  /** Works this member bookmarked, as their bookmarks page lists them (by date bookmarked unless a sort is asked for). */
  bookmarkedBy?: BookmarkedBy;
  /** Works in this member's reading history (their own only), unread chapters first, then by last visit. */
  readBy?: number;
  /** With `readBy`: only the works marked for later. */
  markedForLater?: boolean;
  pageSize?: number;
}

/** The bookmark side of a member's bookmarks page: whose bookmarks, and what each must have. */
export interface BookmarkedBy {
  userId: number;
  /** Names of the bookmarker's own tags; every one must be on the bookmark (synonyms and sub tags match, as in a filter). */
  tags?: string[];
  /** Recs only. */
  rec?: boolean;
  /** Bookmarks with notes only. */
  withNotes?: boolean;
}
