import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { siteOf } from '../site-settings.js';
import { queryWorks, type WorksQuery } from '../../search/works-query.js';
import { filterToParams, parseWorksFilter, type WorksFilter } from '../../search/works-filter.js';
import { requestOrigin } from '../origin.js';
import { renderAtom, rfc3339 } from './atom.js';
import { workFeedEntry } from './work-entry.js';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';
/** Entries per feed: enough that a reader polling daily misses nothing on a busy listing. */
export const FEED_SIZE = 30;

export interface WorksFeedOptions {
  /** What the feed lists, e.g. "Works in Fluff"; the site name is added. */
  title: string;
  /** This feed's URL (a local path or absolute), for `link rel="self"`. */
  selfUrl: string;
  /** The listing page the feed mirrors (path or absolute): `link rel="alternate"` and, by default, the feed's id. */
  alternateUrl: string;
  /** The works to list, as the page asks the works query; the feed sets sort, page and size itself. */
  query?: WorksQuery;
  /** A permanent IRI for the feed when the alternate URL is not one. */
  id?: string;
  /** Notes shown as the feed's subtitle (e.g. why a filter matched nothing). */
  notes?: string[];
}

/** A plain-text error for feed readers and catalog apps (they show the body, not a page). */
export function feedError(c: Context<AppEnv>, status: 400 | 401 | 404, message: string): Response {
  c.header('Cache-Control', 'no-store');
  return c.body(message, status, { 'Content-Type': 'text/plain; charset=utf-8' });
}

/**
 * Answers a request with an Atom feed of works: the newest-updated works of `query` as this
 * request's viewer sees them (restricted works and the blocklist follow the viewer, through the
 * one works query). A route adds a feed in a few lines:
 *
 *   app.get('/series/:id{[0-9]+}/feed.atom', async (c) => {
 *     const s = await findVisibleSeries(...);
 *     if (!s) return feedError(c, 404, 'No such series.');
 *     return worksFeedResponse(c, { title: `Series: ${s.title}`, selfUrl: `/series/${s.id}/feed.atom`, alternateUrl: `/series/${s.id}`, query: { seriesId: s.id } });
 *   });
 */
export async function worksFeedResponse(c: Context<AppEnv>, opts: WorksFeedOptions): Promise<Response> {
  const { search } = c.get('deps');
  const origin = requestOrigin(c);
  const abs = (u: string) => (/^https?:\/\//.test(u) ? u : `${origin}${u.startsWith('/') ? u : `/${u}`}`);
  // A feed is the reader's standing view: newest updates first, blocklist always on.
  const result = await queryWorks(search, c.get('viewer'), {
    ...opts.query,
    showBlocked: false,
    sort: 'updated',
    page: 1,
    pageSize: FEED_SIZE,
  });
  if (result.searchError) return feedError(c, 400, result.searchError);
  const entries = result.works.map((w) => workFeedEntry(origin, w));
  const newest = entries.reduce<string | undefined>(
    (max, e) => (max === undefined || e.updated > max ? e.updated : max),
    undefined,
  );
  const notes = [...(opts.notes ?? []), ...result.messages];
  const xml = renderAtom({
    id: opts.id ?? abs(opts.alternateUrl),
    title: `${opts.title} | ${siteOf(c).archiveName}`,
    subtitle: notes.length ? notes.join(' ') : undefined,
    updated: newest ?? rfc3339(null),
    authors: [{ name: siteOf(c).archiveName, uri: `${origin}/` }],
    links: [
      { rel: 'self', type: 'application/atom+xml', href: abs(opts.selfUrl) },
      { rel: 'alternate', type: 'text/html', href: abs(opts.alternateUrl) },
    ],
    entries,
  });
  c.header('Cache-Control', 'private, no-cache');
  return c.body(xml, 200, { 'Content-Type': ATOM_CONTENT_TYPE });
}

/** The filter as a canonical query string for a feed: no page, sort or one-off blocklist lifting. */
function feedParams(f: WorksFilter): string {
  const s = filterToParams({ ...f, page: undefined, sort: undefined, showBlocked: undefined }).toString();
  return s ? `?${s}` : '';
}

/** Where a listing page's feed is, for its `<link rel="alternate" type="application/atom+xml">`. */
export function listingFeedHref(feedPath: string, filter: WorksFilter): string {
  return `${feedPath}${feedParams(filter)}`;
}

/**
 * The feed of a filterable listing (/works, /search, a tag's works): reads the same filter
 * parameters as the page. Input the page would refuse gets a 400 with the page's message.
 */
export async function listingFeedResponse(
  c: Context<AppEnv>,
  opts: { title: string; pagePath: string; feedPath: string; extra?: WorksQuery },
): Promise<Response> {
  const { filter, messages, refuse } = parseWorksFilter(new URL(c.req.url).searchParams);
  if (refuse) return feedError(c, 400, `This feed's filter cannot be used: ${messages.join(' ')}`);
  const params = feedParams(filter);
  return worksFeedResponse(c, {
    title: opts.title,
    selfUrl: `${opts.feedPath}${params}`,
    alternateUrl: `${opts.pagePath}${params}`,
    query: { ...filter, ...opts.extra },
    notes: messages,
  });
}
