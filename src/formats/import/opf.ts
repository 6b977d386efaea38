/*
 * EPUB's XML: META-INF/container.xml and the package document (.opf), read with fast-xml-parser.
 * Entities are decoded here, not by the parser: only the five XML ones and character references,
 * so a DOCTYPE cannot define entities that expand.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ImportError } from '../portable-work.js';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Every element as an array of nodes with a #text: one shape to read, whatever the file repeats.
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: true,
});

export function parseXml(xml: string, what: string): XmlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const reason = valid.err.msg.replace(/\s+/g, ' ').slice(0, 160);
    throw new ImportError(`${what} is not well-formed XML (line ${valid.err.line}: ${reason})`);
  }
  try {
    return parser.parse(xml) as XmlNode;
  } catch (error) {
    // The parser's own guards (nesting depth, reserved names) end up here.
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 160) : 'unreadable';
    throw new ImportError(`${what} could not be read (${reason})`);
  }
}

/** The child elements called `name` (namespace prefix removed). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!node || !Object.hasOwn(node, name)) return [];
  const value = node[name];
  return Array.isArray(value) ? value.filter((v): v is XmlNode => typeof v === 'object' && v !== null) : [];
}

export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let n = node;
  for (const name of path) n = children(n, name)[0];
  return n;
}

export function textOf(node: XmlNode): string {
  const t = Object.hasOwn(node, '#text') ? node['#text'] : undefined;
  return typeof t === 'string' || typeof t === 'number' ? decodeXmlEntities(String(t)).trim() : '';
}

export function attrOf(node: XmlNode, name: string): string | undefined {
  const key = `@_${name}`;
  const v = Object.hasOwn(node, key) ? node[key] : undefined;
  return typeof v === 'string' ? decodeXmlEntities(v) : undefined;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
      ? String.fromCodePoint(code)
      : whole;
  });
}

/** The package document's path inside the zip, as container.xml names it. */
export function rootfilePath(containerXml: string): string | undefined {
  const doc = parseXml(containerXml, 'EPUB META-INF/container.xml');
  const rootfiles = children(child(doc, 'container', 'rootfiles'), 'rootfile');
  const preferred = rootfiles.find((r) => attrOf(r, 'media-type') === 'application/oebps-package+xml') ?? rootfiles[0];
  const path = preferred ? attrOf(preferred, 'full-path')?.trim() : undefined;
  return path || undefined;
}

export interface ManifestItem {
  id: string;
  /** Path inside the zip, resolved against the package document's folder. */
  path: string;
  mediaType: string;
  properties: string[];
}

export interface MetaElement {
  name?: string | undefined;
  content?: string | undefined;
  property?: string | undefined;
  refines?: string | undefined;
  id?: string | undefined;
  text: string;
}

export interface PackageDocument {
  uniqueIdentifier?: string | undefined;
  dc: {
    titles: string[];
    creators: string[];
    languages: string[];
    descriptions: string[];
    subjects: string[];
    sources: string[];
    dates: string[];
    identifiers: { id?: string | undefined; value: string }[];
  };
  metas: MetaElement[];
  manifest: Map<string, ManifestItem>;
  spine: string[];
  /** Paths the guide marks as cover or table of contents. */
  guideSkips: Set<string>;
}

export function parsePackageDocument(xml: string, path: string): PackageDocument {
  const doc = parseXml(xml, `EPUB package document ${path}`);
  const pkg = child(doc, 'package');
  if (!pkg) throw new ImportError(`EPUB package document ${path} has no <package> element`);
  const base = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  const metadata = child(pkg, 'metadata');
  const texts = (name: string): string[] =>
    children(metadata, name)
      .map(textOf)
      .filter((t) => t !== '');

  const manifest = new Map<string, ManifestItem>();
  for (const item of children(child(pkg, 'manifest'), 'item')) {
    const id = attrOf(item, 'id');
    const href = attrOf(item, 'href');
    if (!id || !href || manifest.has(id)) continue;
    manifest.set(id, {
      id,
      path: resolvePath(base, href),
      mediaType: (attrOf(item, 'media-type') ?? '').trim().toLowerCase(),
      properties: (attrOf(item, 'properties') ?? '').split(/\s+/).filter(Boolean),
    });
  }
  const spineEl = child(pkg, 'spine');
  if (!spineEl) throw new ImportError(`EPUB package document ${path} has no spine`);
  const spine = children(spineEl, 'itemref')
    .filter((ref) => attrOf(ref, 'linear') !== 'no')
    .map((ref) => attrOf(ref, 'idref') ?? '');

  const guideSkips = new Set<string>();
  for (const ref of children(child(pkg, 'guide'), 'reference')) {
    const type = (attrOf(ref, 'type') ?? '').toLowerCase();
    const href = attrOf(ref, 'href');
    if (href && (type === 'cover' || type === 'toc')) guideSkips.add(resolvePath(base, href));
  }

  return {
    uniqueIdentifier: attrOf(pkg, 'unique-identifier'),
    dc: {
      titles: texts('title'),
      creators: texts('creator'),
      languages: texts('language'),
      descriptions: texts('description'),
      subjects: texts('subject'),
      sources: texts('source'),
      dates: texts('date'),
      identifiers: children(metadata, 'identifier')
        .map((n) => ({ id: attrOf(n, 'id'), value: textOf(n) }))
        .filter((i) => i.value !== ''),
    },
    metas: children(metadata, 'meta').map((m) => ({
      name: attrOf(m, 'name'),
      content: attrOf(m, 'content'),
      property: attrOf(m, 'property'),
      refines: attrOf(m, 'refines'),
      id: attrOf(m, 'id'),
      text: textOf(m),
    })),
    manifest,
    spine,
    guideSkips,
  };
}

/** `href` (relative, maybe percent-encoded, maybe with a #fragment) as a path inside the zip. */
export function resolvePath(base: string, href: string): string {
  let h = href.split('#')[0]!.trim();
  try {
    h = decodeURIComponent(h);
  } catch {
    // A stray % is a literal character in some files.
  }
  const parts = h.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const seg of h.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}
