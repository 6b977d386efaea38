import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { queryWorks, type WorksQuery } from '../../search/works-query.js';
import { cachedWorkFacets } from '../../search/facet-cache.js';
import { parseWorksFilter } from '../../search/works-filter.js';
import { tagInfo } from '../../services/tag-info.js';
import { tagFromUrlSegment, tagToUrlSegment } from '../../domain/tags.js';
import { canViewPublicPage } from '../../policies/index.js';
import { notFoundPage } from './error-page.js';
import { page } from './render.js';
import { WorksBrowse } from './works-browse.js';
import { countsForListing } from './counts-shown.js';
import { listingFeedHref } from '../feeds/works-feed.js';
import { timed } from '../../domain/stage-clock.js';

/** Query parameters as the filter reader wants them (repeated keys kept). */
function params(c: Context<AppEnv>): URLSearchParams {
  return new URL(c.req.url).searchParams;
}

async function browse(
  c: Context<AppEnv>,
  opts: { heading: string; base: string; feedPath: string; extra?: Partial<WorksQuery>; fixedTag?: string },
) {
  const { search } = c.get('deps');
  const viewer = c.get('viewer');
  const clock = c.get('stages');
  const { filter, messages, refuse } = parseWorksFilter(params(c));
  const query: WorksQuery = { ...filter, ...opts.extra };
  const result = refuse
    ? { works: [], total: 0, page: 1, pages: 0, messages: [], hiddenByBlocklist: 0, snippets: new Map() }
    : await queryWorks(search, viewer, query, clock);
  const facets =
    refuse || result.total === 0 ? {} : await timed(clock, 'facets', () => cachedWorkFacets(search, viewer, query));
  const counts = await timed(clock, 'counts', () => countsForListing(c, result.works, query.sort));
  return page(
    c,
    opts.heading,
    <WorksBrowse
      heading={opts.heading}
      base={opts.base}
      filter={filter}
      result={result}
      facets={facets}
      counts={counts}
      notes={messages}
      fixedTag={opts.fixedTag}
      saveCsrf={viewer.user ? c.get('session')?.csrf_token : undefined}
    />,
    200,
    { feed: { href: listingFeedHref(opts.feedPath, filter), title: `${opts.heading} (Atom feed)` } },
  );
}

export function registerBrowseRoutes(app: Hono<AppEnv>): void {
  app.get('/works', (c) => browse(c, { heading: 'Works', base: '/works', feedPath: '/works/feed.atom' }));

  app.get('/search', (c) => {
    canViewPublicPage(c.get('viewer'), 'search');
    const q = c.req.query('q')?.trim();
    return browse(c, { heading: q ? `Search: ${q}` : 'Search', base: '/search', feedPath: '/search/feed.atom' });
  });

  app.get('/tags/:name/works', async (c) => {
    const name = tagFromUrlSegment(c.req.param('name'));
    const info = await tagInfo(c.get('deps').search, c.get('viewer'), name);
    if (!info) return notFoundPage(c);
    // A synonym's works page is its canonical's, as on AO3.
    if (info.synonymOf)
      return c.redirect(`/tags/${tagToUrlSegment(info.synonymOf)}/works${new URL(c.req.url).search}`, 301);
    return browse(c, {
      heading: `Works in ${info.tag.name}`,
      base: `/tags/${tagToUrlSegment(info.tag.name)}/works`,
      feedPath: `/tags/${tagToUrlSegment(info.tag.name)}/feed.atom`,
      extra: { tagId: info.tag.id },
      fixedTag: info.tag.name,
    });
  });
}
