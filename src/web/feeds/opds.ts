import type { Work } from '../../domain/work.js';
import { RATINGS } from '../../domain/tags.js';
import { filterToParams, type WorksFilter } from '../../search/works-filter.js';
import { renderAtom, rfc3339, xmlEscape, type AtomEntry, type AtomLink } from './atom.js';
import { workCatalogEntry } from './work-entry.js';
import type { WorkDisclosure } from '../../policies/index.js';

/** OPDS 1.2 documents (Atom catalogs for e-reader apps); routes in opds.routes.ts. */

export const OPDS_NAVIGATION = 'application/atom+xml;profile=opds-catalog;kind=navigation';
export const OPDS_ACQUISITION = 'application/atom+xml;profile=opds-catalog;kind=acquisition';
export const OPENSEARCH_TYPE = 'application/opensearchdescription+xml';
export const OPDS_PAGE_SIZE = 20;
export const FACET_REL = 'http://opds-spec.org/facet';

const NAMESPACES = {
  opds: 'http://opds-spec.org/2010/catalog',
  dc: 'http://purl.org/dc/terms/',
  opensearch: 'http://a9.com/-/spec/opensearch/1.1/',
};

/** The site, for every document: its origin (absolute links) and name. */
export interface CatalogSite {
  origin: string;
  name: string;
}

/** Links every catalog document carries: the root (`start`), itself, and search. */
function commonLinks(site: CatalogSite, selfPath: string, selfType: string): AtomLink[] {
  return [
    { rel: 'start', type: OPDS_NAVIGATION, href: `${site.origin}/opds`, title: site.name },
    { rel: 'self', type: selfType, href: `${site.origin}${selfPath}` },
    { rel: 'search', type: OPENSEARCH_TYPE, href: `${site.origin}/opds/opensearch.xml`, title: `Search ${site.name}` },
    // Apps that skip the description can fill this template directly.
    {
      rel: 'search',
      type: OPDS_ACQUISITION,
      href: `${site.origin}/opds/search?q={searchTerms}`,
      title: `Search ${site.name}`,
    },
  ];
}

export interface NavItem {
  /** A local path, also the entry's id once made absolute. */
  href: string;
  title: string;
  content: string;
  rel?: string;
  type?: string;
}

/** A navigation feed: entries that lead to other catalog documents. */
export function navigationFeed(
  site: CatalogSite,
  opts: { path: string; title: string; items: NavItem[]; up?: string },
): string {
  const now = rfc3339(null);
  const entries: AtomEntry[] = opts.items.map((i) => ({
    id: `${site.origin}${i.href}`,
    title: i.title,
    updated: now,
    authors: [],
    links: [{ rel: i.rel ?? 'subsection', type: i.type ?? OPDS_ACQUISITION, href: `${site.origin}${i.href}` }],
    content: { type: 'text', value: i.content },
  }));
  const links = commonLinks(site, opts.path, OPDS_NAVIGATION);
  if (opts.up) links.push({ rel: 'up', type: OPDS_NAVIGATION, href: `${site.origin}${opts.up}` });
  return renderAtom({
    id: `${site.origin}${opts.path}`,
    title: opts.title,
    updated: now,
    authors: [{ name: site.name, uri: `${site.origin}/` }],
    links,
    entries,
    namespaces: NAMESPACES,
  });
}

/** A path with the filter's query string (`page` only past the first page). */
export function catalogPath(path: string, f: WorksFilter): string {
  const s = filterToParams(f).toString();
  return s ? `${path}?${s}` : path;
}

type FacetOption = { title: string; filter: WorksFilter; active: boolean };

/** Facets by rating and by completion; choosing one starts again at page 1. */
function facetGroups(f: WorksFilter): Array<{ group: string; options: FacetOption[] }> {
  const base: WorksFilter = { ...f, page: undefined };
  const oneRating = f.ratings?.length === 1 ? f.ratings[0] : undefined;
  return [
    {
      group: 'Rating',
      options: [
        { title: 'All ratings', filter: { ...base, ratings: undefined }, active: !f.ratings?.length },
        ...RATINGS.map((r) => ({
          title: r.name,
          filter: { ...base, ratings: [r.name] },
          active: oneRating === r.name,
        })),
      ],
    },
    {
      group: 'Completion',
      options: [
        {
          title: 'Complete and in progress',
          filter: { ...base, complete: undefined },
          active: f.complete === undefined,
        },
        { title: 'Complete', filter: { ...base, complete: true }, active: f.complete === true },
        { title: 'In progress', filter: { ...base, complete: false }, active: f.complete === false },
      ],
    },
  ];
}

export interface AcquisitionPage {
  works: Work[];
  /** What each listed work may carry (policies/work.policy.ts): its download only when `full`. */
  disclosure: (w: Work) => WorkDisclosure;
  total: number;
  page: number;
  pages: number;
}

/**
 * An acquisition feed of works, paged (`first`, `previous`, `next`, `last`) and faceted. `filter`
 * is what the links repeat: the listing's own parameters, without the page.
 */
export function acquisitionFeed(
  site: CatalogSite,
  opts: { path: string; title: string; filter: WorksFilter; result: AcquisitionPage; notes?: string[]; up?: string },
): string {
  const { result } = opts;
  const f: WorksFilter = { ...opts.filter, page: undefined };
  const at = (page: number) => `${site.origin}${catalogPath(opts.path, { ...f, page })}`;
  const last = Math.max(result.pages, 1);
  const selfPath = catalogPath(opts.path, { ...f, page: result.page });
  const links = commonLinks(site, selfPath, OPDS_ACQUISITION);
  if (opts.up) links.push({ rel: 'up', type: OPDS_NAVIGATION, href: `${site.origin}${opts.up}` });
  links.push(
    { rel: 'first', type: OPDS_ACQUISITION, href: at(1) },
    { rel: 'last', type: OPDS_ACQUISITION, href: at(last) },
  );
  if (result.page > 1)
    links.push({ rel: 'previous', type: OPDS_ACQUISITION, href: at(Math.min(result.page - 1, last)) });
  if (result.page < result.pages) links.push({ rel: 'next', type: OPDS_ACQUISITION, href: at(result.page + 1) });
  for (const { group, options } of facetGroups(f)) {
    for (const o of options) {
      links.push({
        rel: FACET_REL,
        type: OPDS_ACQUISITION,
        href: `${site.origin}${catalogPath(opts.path, o.filter)}`,
        title: o.title,
        attrs: { 'opds:facetGroup': group, ...(o.active ? { 'opds:activeFacet': 'true' } : {}) },
      });
    }
  }
  const entries = result.works.map((w) => workCatalogEntry(site.origin, w, result.disclosure(w)));
  const newest = entries.reduce<string | undefined>(
    (max, e) => (max === undefined || e.updated > max ? e.updated : max),
    undefined,
  );
  return renderAtom({
    // The listing, not the page, is the feed: every page shares the id.
    id: `${site.origin}${catalogPath(opts.path, f)}`,
    title: opts.title,
    subtitle: opts.notes?.length ? opts.notes.join(' ') : undefined,
    updated: newest ?? rfc3339(null),
    authors: [{ name: site.name, uri: `${site.origin}/` }],
    links,
    entries,
    namespaces: NAMESPACES,
    extras: [
      { name: 'opensearch:totalResults', value: String(result.total) },
      { name: 'opensearch:itemsPerPage', value: String(OPDS_PAGE_SIZE) },
      { name: 'opensearch:startIndex', value: String((result.page - 1) * OPDS_PAGE_SIZE + 1) },
    ],
  });
}

/** The OpenSearch description that tells apps how to search the catalog. */
export function openSearchDescription(site: CatalogSite): string {
  // ShortName is limited to 16 characters by the OpenSearch 1.1 spec.
  const short = site.name.length > 16 ? site.name.slice(0, 16) : site.name;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
    `<ShortName>${xmlEscape(short)}</ShortName>`,
    `<Description>${xmlEscape(`Search the works on ${site.name}`)}</Description>`,
    '<InputEncoding>UTF-8</InputEncoding>',
    '<OutputEncoding>UTF-8</OutputEncoding>',
    `<Url type="${OPDS_ACQUISITION}" template="${xmlEscape(`${site.origin}/opds/search?q={searchTerms}`)}"/>`,
    `<Url type="text/html" template="${xmlEscape(`${site.origin}/search?q={searchTerms}`)}"/>`,
    '</OpenSearchDescription>',
    '',
  ].join('\n');
}
