/**
 * A small Atom (RFC 4287) writer. Feeds and the OPDS catalog (Atom with extra namespaces) build a
 * plain description and this file turns it into XML, so escaping lives in one place.
 */

export const ATOM_NS = 'http://www.w3.org/2005/Atom';

export interface AtomPerson {
  name: string;
  uri?: string;
}

export interface AtomLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
  /** Extension attributes such as `opds:facetGroup` (their namespaces declared on the feed). */
  attrs?: Record<string, string>;
}

export interface AtomText {
  type: 'text' | 'html';
  value: string;
}

export interface AtomCategory {
  scheme: string;
  term: string;
  label: string;
}

/** An extension element with text content, such as `dc:language` or `opensearch:totalResults`. */
export interface AtomExtra {
  name: string;
  value: string;
}

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  published?: string | undefined;
  authors: AtomPerson[];
  summary?: AtomText | undefined;
  content?: AtomText | undefined;
  categories?: AtomCategory[];
  links: AtomLink[];
  extras?: AtomExtra[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string | undefined;
  updated: string;
  authors: AtomPerson[];
  links: AtomLink[];
  entries: AtomEntry[];
  /** Extra namespaces by prefix (`opds`, `dc`, `opensearch`). */
  namespaces?: Record<string, string>;
  extras?: AtomExtra[];
}

// Characters XML 1.0 cannot carry at all, even escaped (controls, lone surrogates, U+FFFE/U+FFFF).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text made safe for XML character data and attribute values. */
export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/**
 * An RFC 3339 timestamp in UTC; `fallback` when the input is not a date. Milliseconds are kept, so
 * a chapter posted within the second after the work still gives the entry a later `updated`.
 */
export function rfc3339(iso: string | null | undefined, fallback: Date = new Date()): string {
  const ms = iso ? Date.parse(iso) : NaN;
  return new Date(Number.isNaN(ms) ? fallback.getTime() : ms).toISOString();
}

type Attrs = Record<string, string | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`)
    .join('');
}

function leaf(name: string, value: string, a: Attrs = {}): string {
  return `<${name}${attrs(a)}>${xmlEscape(value)}</${name}>`;
}

function person(kind: 'author', p: AtomPerson): string {
  return `<${kind}>${leaf('name', p.name)}${p.uri ? leaf('uri', p.uri) : ''}</${kind}>`;
}

function link(l: AtomLink): string {
  return `<link${attrs({ rel: l.rel, href: l.href, type: l.type, title: l.title, ...l.attrs })}/>`;
}

function textConstruct(name: 'summary' | 'content' | 'subtitle', t: AtomText): string {
  return leaf(name, t.value, { type: t.type });
}

function entry(e: AtomEntry): string {
  const parts = [
    leaf('id', e.id),
    leaf('title', e.title, { type: 'text' }),
    leaf('updated', e.updated),
    e.published ? leaf('published', e.published) : '',
    ...e.authors.map((a) => person('author', a)),
    ...(e.categories ?? []).map((c) => `<category${attrs({ scheme: c.scheme, term: c.term, label: c.label })}/>`),
    ...e.links.map(link),
    ...(e.extras ?? []).map((x) => leaf(x.name, x.value)),
    e.summary ? textConstruct('summary', e.summary) : '',
    e.content ? textConstruct('content', e.content) : '',
  ];
  return `<entry>${parts.join('')}</entry>`;
}

/** The feed document, with its XML declaration. */
export function renderAtom(f: AtomFeed): string {
  const ns: Attrs = { xmlns: ATOM_NS };
  for (const [prefix, uri] of Object.entries(f.namespaces ?? {})) ns[`xmlns:${prefix}`] = uri;
  const head = [
    leaf('id', f.id),
    leaf('title', f.title, { type: 'text' }),
    f.subtitle ? textConstruct('subtitle', { type: 'text', value: f.subtitle }) : '',
    leaf('updated', f.updated),
    ...f.authors.map((a) => person('author', a)),
    ...f.links.map(link),
    ...(f.extras ?? []).map((x) => leaf(x.name, x.value)),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed${attrs(ns)}>${head.join('')}${f.entries.map(entry).join('')}</feed>\n`;
}
