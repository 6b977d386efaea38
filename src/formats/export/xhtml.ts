import { parseFragment, serializeNodes, type TreeElement, type TreeNode } from './html-tree.js';
import type { UrlRewriter } from './xhtml-attributes.js';
import { BLOCKS } from './xhtml-blocks.js';
import { convertNodes, FLOW_CONTEXT, type Env } from './xhtml-structure.js';
import { TABLES } from './xhtml-table.js';

/*
 * Sanitized user HTML → XHTML5 fragments that epubcheck accepts. The text is
 * kept exactly (entities become characters; only the five XML entities are
 * written); see xhtml-structure.ts for how invalid nesting is repaired.
 */

export interface XhtmlOptions {
  /** Relative links and citations are made absolute against this (the archive's home page). */
  siteUrl: string;
  /** Where a link to an anchor outside the file points (the work's page), as `workUrl#anchor`. */
  workUrl: string;
  /**
   * Ids already taken in the file the fragments go into. The ids given to
   * `<a name>` anchors are added, so one set shared by every call for a file
   * keeps all its ids unique.
   */
  usedIds?: Set<string>;
}

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'ftp:']);
const HANDLERS = { ...BLOCKS, ...TABLES };

/** Converts one fragment (a chapter body, a summary …). */
export function toXhtml(html: string, options: XhtmlOptions): string {
  return xhtmlFragments([html], options)[0] ?? '';
}

/**
 * Converts fragments that go into the same file together, so that a link in
 * one (`href="#note"`) finds an anchor in another (`<a name="note">`).
 */
export function xhtmlFragments(fragments: readonly string[], options: XhtmlOptions): string[] {
  const trees = fragments.map(parseFragment);
  const usedIds = options.usedIds ?? new Set<string>();
  const ids = new Map<TreeElement, string>();
  const anchors = new Map<string, string>();
  for (const tree of trees) assignIds(tree, usedIds, ids, anchors);
  const env: Env = { urls: urlRewriter(options, anchors), ids, blocks: HANDLERS };
  return trees.map((tree) => serializeNodes(convertNodes(env, tree, FLOW_CONTEXT)).join(''));
}

function absolute(url: string, base: string): string | undefined {
  try {
    const u = new URL(url.trim(), base);
    return LINK_PROTOCOLS.has(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function urlRewriter(options: XhtmlOptions, anchors: Map<string, string>): UrlRewriter {
  return {
    absolute: (url) => absolute(url, options.siteUrl),
    href(url) {
      const trimmed = url.trim();
      if (!trimmed.startsWith('#')) return absolute(trimmed, options.siteUrl);
      const name = trimmed.slice(1);
      const id = anchors.get(name) ?? anchors.get(safeDecode(name));
      return id !== undefined ? `#${id}` : absolute(trimmed, options.workUrl);
    },
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Gives every `<a name>` a unique id that is an XML name (epubcheck requires both). */
function assignIds(
  nodes: readonly TreeNode[],
  used: Set<string>,
  ids: Map<TreeElement, string>,
  anchors: Map<string, string>,
): void {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    const name = node.name === 'a' ? node.attrs.name : undefined;
    if (name !== undefined && name.trim() !== '') {
      const id = uniqueId(xmlName(name.trim()), used);
      ids.set(node, id);
      if (!anchors.has(name)) anchors.set(name, id);
    }
    assignIds(node.children, used, ids, anchors);
  }
}

function xmlName(name: string): string {
  const cleaned = name.replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, '_');
  return /^[\p{L}_]/u.test(cleaned) ? cleaned : `anchor-${cleaned}`;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}
