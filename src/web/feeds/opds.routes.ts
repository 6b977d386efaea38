import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { siteOf } from '../site-settings.js';
import { canViewPublicPage, workDisclosure } from '../../policies/index.js';
import type { Work } from '../../domain/work.js';
import { queryWorks, type WorksQuery } from '../../search/works-query.js';
import { cachedWorkFacets } from '../../search/facet-cache.js';
import { parseWorksFilter, type SortKey, type WorksFilter } from '../../search/works-filter.js';
import { tagInfo } from '../../services/tag-info.js';
import { tagFromUrlSegment, tagToUrlSegment } from '../../domain/tags.js';
import { requestOrigin } from '../origin.js';
import { feedError } from './works-feed.js';
import {
  OPDS_ACQUISITION,
  OPDS_NAVIGATION,
  OPDS_PAGE_SIZE,
  OPENSEARCH_TYPE,
  acquisitionFeed,
  navigationFeed,
  openSearchDescription,
  type CatalogSite,
} from './opds.js';

/** How many fandoms the catalog offers: the most used ones, as the filter sidebar counts them. */
const FANDOMS_IN_CATALOG = 50;

function site(c: Context<AppEnv>): CatalogSite {
  return { origin: requestOrigin(c), name: siteOf(c).archiveName };
}

function catalog(c: Context<AppEnv>, xml: string, type: string): Response {
  c.header('Cache-Control', 'private, no-cache');
  return c.body(xml, 200, { 'Content-Type': `${type}; charset=utf-8` });
}

/**
 * An acquisition feed of a listing: the request's filter parameters (rating, complete, q, …) as
 * on the pages, 20 works a page, as this request's viewer may see them.
 */
async function acquisition(
  c: Context<AppEnv>,
  opts: { path: string; title: string; extra?: WorksQuery; sort?: SortKey; up?: string },
): Promise<Response> {
  const { filter, messages, refuse } = parseWorksFilter(new URL(c.req.url).searchParams);
  if (refuse) return feedError(c, 400, `This catalog's filter cannot be used: ${messages.join(' ')}`);
  // What the links repeat: a fixed sort is the route's own, and the blocklist always applies.
  const linkFilter: WorksFilter = { ...filter, showBlocked: undefined, sort: opts.sort ? undefined : filter.sort };
  const result = await queryWorks(c.get('deps').search, c.get('viewer'), {
    ...linkFilter,
    ...opts.extra,
    sort: opts.sort ?? filter.sort,
    pageSize: OPDS_PAGE_SIZE,
  });
  if (result.searchError) return feedError(c, 400, result.searchError);
  const viewer = c.get('viewer');
  const page = { ...result, disclosure: (w: Work) => workDisclosure(viewer, w) };
  const xml = acquisitionFeed(site(c), {
    path: opts.path,
    title: opts.title,
    filter: linkFilter,
    result: page,
    notes: [...messages, ...result.messages],
    up: opts.up,
  });
  return catalog(c, xml, OPDS_ACQUISITION);
}

/** The OPDS 1.2 catalog: /opds (root), recent works, fandoms, search and its OpenSearch description. */
export function registerOpdsRoutes(app: Hono<AppEnv>): void {
  app.get('/opds', (c) => {
    canViewPublicPage(c.get('viewer'), 'opds');
    const s = site(c);
    const xml = navigationFeed(s, {
      path: '/opds',
      title: s.name,
      items: [
        {
          href: '/opds/recent',
          title: 'Recently updated',
          content: 'Works, newest updates first.',
          rel: 'http://opds-spec.org/sort/new',
        },
        {
          href: '/opds/fandoms',
          title: 'Fandoms',
          content: 'The most used fandoms and their works.',
          type: OPDS_NAVIGATION,
        },
        {
          href: '/opds/opensearch.xml',
          title: 'Search',
          content: 'Search works by words, titles, creators and tags.',
          rel: 'search',
          type: OPENSEARCH_TYPE,
        },
      ],
    });
    return catalog(c, xml, OPDS_NAVIGATION);
  });

  app.get('/opds/recent', (c) => {
    canViewPublicPage(c.get('viewer'), 'opds');
    return acquisition(c, { path: '/opds/recent', title: 'Recently updated', sort: 'updated', up: '/opds' });
  });

  app.get('/opds/fandoms', async (c) => {
    canViewPublicPage(c.get('viewer'), 'opds');
    const facets = await cachedWorkFacets(c.get('deps').search, c.get('viewer'), {}, FANDOMS_IN_CATALOG);
    const xml = navigationFeed(site(c), {
      path: '/opds/fandoms',
      title: 'Fandoms',
      up: '/opds',
      items: (facets.fandom ?? []).map((f) => ({
        href: `/opds/fandoms/${tagToUrlSegment(f.name)}`,
        title: f.name,
        content: `${f.count.toLocaleString('en')} ${f.count === 1 ? 'work' : 'works'}`,
      })),
    });
    return catalog(c, xml, OPDS_NAVIGATION);
  });

  app.get('/opds/fandoms/:name', async (c) => {
    canViewPublicPage(c.get('viewer'), 'opds');
    const info = await tagInfo(c.get('deps').search, c.get('viewer'), tagFromUrlSegment(c.req.param('name')));
    if (!info) return feedError(c, 404, 'There is no such tag, or no works you can see use it.');
    if (info.synonymOf)
      return c.redirect(`/opds/fandoms/${tagToUrlSegment(info.synonymOf)}${new URL(c.req.url).search}`, 301);
    return acquisition(c, {
      path: `/opds/fandoms/${tagToUrlSegment(info.tag.name)}`,
      title: info.tag.name,
      extra: { tagId: info.tag.id },
      sort: 'updated',
      up: '/opds/fandoms',
    });
  });

  app.get('/opds/search', (c) => {
    canViewPublicPage(c.get('viewer'), 'opds');
    const q = c.req.query('q')?.trim();
    if (!q) {
      const xml = acquisitionFeed(site(c), {
        path: '/opds/search',
        title: 'Search',
        filter: {},
        result: { works: [], total: 0, page: 1, pages: 0, disclosure: () => 'blurb' },
        notes: ['Type the words to search for.'],
        up: '/opds',
      });
      return catalog(c, xml, OPDS_ACQUISITION);
    }
    return acquisition(c, { path: '/opds/search', title: `Search: ${q}`, up: '/opds' });
  });

  // The same for everyone, and loaded without credentials (token-auth.ts lets it through).
  app.get('/opds/opensearch.xml', (c) => {
    canViewPublicPage(c.get('viewer'), 'opds-opensearch');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(openSearchDescription(site(c)), 200, { 'Content-Type': `${OPENSEARCH_TYPE}; charset=utf-8` });
  });
}
