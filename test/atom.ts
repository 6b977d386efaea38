import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A feed or catalog as tests look at it, read with a real XML parser (not regexes). */
export interface ParsedLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
  facetGroup?: string;
  activeFacet?: string;
}
export interface ParsedPerson {
  name: string;
  uri?: string;
}
export interface ParsedEntry {
  ids: string[];
  title: string;
  updated: string;
  authors: ParsedPerson[];
  links: ParsedLink[];
  categories: Array<{ scheme: string; term: string; label: string }>;
  summary?: string;
  content?: { type: string; value: string };
  language?: string;
}
export interface ParsedFeed {
  ids: string[];
  titles: string[];
  updated: string[];
  authors: ParsedPerson[];
  links: ParsedLink[];
  entries: ParsedEntry[];
  namespaces: Record<string, string>;
  totalResults?: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ['entry', 'link', 'author', 'category', 'id', 'title', 'updated', 'Url'].includes(name),
});

type Node = Record<string, unknown>;
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  const inner = v && typeof v === 'object' ? (v as Node)['#text'] : undefined;
  return typeof inner === 'string' ? inner : '';
}
const nodes = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node]);
const attr = (n: Node, name: string): string | undefined =>
  n[`@${name}`] === undefined ? undefined : String(n[`@${name}`]);

function links(v: unknown): ParsedLink[] {
  return nodes(v).map((l) => {
    const out: ParsedLink = { rel: attr(l, 'rel') ?? 'alternate', href: attr(l, 'href') ?? '' };
    for (const [k, a] of [
      ['type', 'type'],
      ['title', 'title'],
      ['facetGroup', 'opds:facetGroup'],
      ['activeFacet', 'opds:activeFacet'],
    ] as const) {
      const x = attr(l, a);
      if (x !== undefined) out[k] = x;
    }
    return out;
  });
}

function people(v: unknown): ParsedPerson[] {
  return nodes(v).map((a) => {
    const uri = text(a.uri);
    return uri ? { name: text(a.name), uri } : { name: text(a.name) };
  });
}

/** Parses an Atom document, failing the test when it is not well-formed XML or not a feed. */
export function parseFeed(xml: string): ParsedFeed {
  const valid = XMLValidator.validate(xml);
  assert.equal(valid, true, `not well-formed XML: ${JSON.stringify(valid)}`);
  const doc = parser.parse(xml) as Node;
  const feed = doc.feed as Node | undefined;
  assert.ok(feed, 'the root element is not <feed>');
  const namespaces: Record<string, string> = {};
  for (const [k, v] of Object.entries(feed)) if (k.startsWith('@xmlns')) namespaces[k.slice(1)] = String(v);
  const parsed: ParsedFeed = {
    ids: nodes(feed.id).map(text),
    titles: nodes(feed.title).map(text),
    updated: nodes(feed.updated).map(text),
    authors: people(feed.author),
    links: links(feed.link),
    namespaces,
    entries: nodes(feed.entry).map((e) => {
      const entry: ParsedEntry = {
        ids: nodes(e.id).map(text),
        title: nodes(e.title).map(text)[0] ?? '',
        updated: nodes(e.updated).map(text)[0] ?? '',
        authors: people(e.author),
        links: links(e.link),
        categories: nodes(e.category).map((c) => ({
          scheme: attr(c, 'scheme') ?? '',
          term: attr(c, 'term') ?? '',
          label: attr(c, 'label') ?? '',
        })),
      };
      if (e.summary !== undefined) entry.summary = text(e.summary);
      if (e.content !== undefined)
        entry.content = { type: attr(e.content as Node, 'type') ?? 'text', value: text(e.content) };
      if (e['dc:language'] !== undefined) entry.language = text(e['dc:language']);
      return entry;
    }),
  };
  if (feed['opensearch:totalResults'] !== undefined) parsed.totalResults = text(feed['opensearch:totalResults']);
  return parsed;
}

/** Parses an OpenSearch description document. */
export function parseOpenSearch(xml: string): { shortName: string; urls: Array<{ type: string; template: string }> } {
  assert.equal(XMLValidator.validate(xml), true);
  const doc = parser.parse(xml) as Node;
  const d = doc.OpenSearchDescription as Node;
  assert.ok(d, 'the root element is not <OpenSearchDescription>');
  return {
    shortName: text(d.ShortName),
    urls: nodes(d.Url).map((u) => ({ type: attr(u, 'type') ?? '', template: attr(u, 'template') ?? '' })),
  };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks what RFC 4287 requires of a feed and its entries: exactly one id, title and updated
 * (RFC 3339), an author, a self link; each entry an id, title, updated, an author and content or
 * an alternate link. Entries of works must name their own authors; navigation entries may inherit
 * the feed's, as the RFC allows.
 */
export function assertAtomFeed(f: ParsedFeed, where: string, entryAuthors: 'own' | 'inherited' = 'own'): void {
  assert.equal(f.ids.length, 1, `${where}: feed ids ${JSON.stringify(f.ids)}`);
  assert.match(f.ids[0]!, /^[a-z][a-z0-9+.-]*:/i, `${where}: feed id is not an IRI`);
  assert.equal(f.titles.length, 1, `${where}: one feed title`);
  assert.ok(f.titles[0]!.trim(), `${where}: empty feed title`);
  assert.equal(f.updated.length, 1, `${where}: one feed updated`);
  assert.match(f.updated[0]!, RFC3339, `${where}: feed updated`);
  assert.ok(f.authors.length >= 1 && f.authors.every((a) => a.name), `${where}: feed author`);
  const self = f.links.filter((l) => l.rel === 'self');
  assert.equal(self.length, 1, `${where}: one self link`);
  assert.match(self[0]!.href, /^https?:\/\//, `${where}: self link is absolute`);
  for (const e of f.entries) {
    assert.equal(e.ids.length, 1, `${where}: entry ids`);
    assert.ok(e.title, `${where}: entry title`);
    assert.match(e.updated, RFC3339, `${where}: entry updated`);
    if (entryAuthors === 'own' || e.authors.length)
      assert.ok(e.authors.length >= 1 && e.authors.every((a) => a.name), `${where}: entry author`);
    assert.ok(
      e.content || e.links.some((l) => l.rel === 'alternate'),
      `${where}: entry has content or an alternate link`,
    );
  }
}

export const titlesOf = (f: ParsedFeed) => f.entries.map((e) => e.title);
export const linkOf = (links: ParsedLink[], rel: string) => links.find((l) => l.rel === rel);
