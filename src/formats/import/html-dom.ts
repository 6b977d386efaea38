/*
 * Small helpers over htmlparser2's tree, written iteratively: a fuzzed or hostile file may nest
 * elements tens of thousands deep, and a recursive walk would overflow the stack.
 *
 * Bodies are cut out of the source text by position rather than re-serialized, so an importer
 * returns a chapter's HTML exactly as the file holds it (round trips compare the text).
 */
import { DomHandler, DomUtils, Parser } from 'htmlparser2';
import type { AnyNode, Document, Element, ParentNode, Text } from 'domhandler';
import { ImportError } from '../portable-work.js';
import { CLI_IMPORT_LIMITS, ImportTooLarge } from './import-limits.js';

/**
 * No story nests elements this deep. htmlparser2 keeps its stack of open elements with
 * Array#unshift, so each new element costs time in proportion to the depth: a file of nothing but
 * opening tags would take hours. Parsing stops at this depth instead.
 */
export const MAX_HTML_DEPTH = 1000;

/** How many more HTML nodes an import may parse: shared by every parse of one file (see ImportLimits). */
export interface NodeBudget {
  left: number;
  readonly max: number;
}

export const nodeBudget = (max: number): NodeBudget => ({ left: max, max });

class DepthLimitedHandler extends DomHandler {
  constructor(
    private readonly nodes: NodeBudget,
    settings: ConstructorParameters<typeof DomHandler>[1],
  ) {
    super(undefined, settings);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    if (this.tagStack.length > MAX_HTML_DEPTH)
      throw new ImportError(`the HTML nests elements more than ${MAX_HTML_DEPTH.toLocaleString('en')} deep`);
  }

  // Every element, text run and comment: a parsed node costs ~210 bytes of heap, its markup as little as 4.
  protected override addNode(node: Parameters<DomHandler['addNode']>[0]): void {
    if (--this.nodes.left < 0)
      throw new ImportTooLarge(
        `the file has more than ${this.nodes.max.toLocaleString('en')} HTML elements and runs of text`,
      );
    super.addNode(node);
  }
}

export interface HtmlSource {
  text: string;
  doc: Document;
}

/**
 * `xhtml` honours `<div/>` as an empty element (EPUB content files are XML); HTML files keep the
 * browser's reading, where only void elements can self-close. `nodes` is the import's budget of
 * parsed nodes (a parse of its own with the command line's budget when not given).
 */
export function parseHtml(text: string, options: { xhtml?: boolean; nodes?: NodeBudget } = {}): HtmlSource {
  const settings = { withStartIndices: true, withEndIndices: true, recognizeSelfClosing: options.xhtml === true };
  const handler = new DepthLimitedHandler(options.nodes ?? nodeBudget(CLI_IMPORT_LIMITS.htmlNodes), settings);
  new Parser(handler, settings).end(text);
  return { text, doc: handler.root };
}

export const isElement = (node: AnyNode): node is Element => DomUtils.isTag(node);
export const isText = (node: AnyNode): node is Text => DomUtils.isText(node);

export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

export function hasClass(el: Element, cls: string): boolean {
  const value = el.attribs['class'];
  return value !== undefined && value.split(/\s+/).includes(cls);
}

/** Visit elements in document order; return false from `visit` to skip an element's subtree. */
export function walkElements(root: ParentNode, visit: (el: Element) => boolean | void): void {
  const stack: AnyNode[] = [...root.children].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!isElement(node)) continue;
    if (visit(node) === false) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}

export function findElement(root: ParentNode, match: (el: Element) => boolean): Element | undefined {
  let found: Element | undefined;
  walkElements(root, (el) => {
    if (found) return false;
    if (match(el)) {
      found = el;
      return false;
    }
    return true;
  });
  return found;
}

export function findAll(root: ParentNode, match: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  walkElements(root, (el) => {
    if (match(el)) out.push(el);
  });
  return out;
}

export const byName =
  (...names: string[]) =>
  (el: Element): boolean =>
    names.includes(el.name);

export function childElements(el: ParentNode): Element[] {
  return el.children.filter(isElement);
}

/** The next element sibling, skipping whitespace and comments. */
export function nextElement(el: Element): Element | undefined {
  for (let n = el.next; n; n = n.next) {
    if (isElement(n)) return n;
    if (DomUtils.isText(n) && n.data.trim() !== '') return undefined;
  }
  return undefined;
}

const NON_TEXT = new Set(['script', 'style', 'template', 'head']);

/** Text content (entities decoded by the parser); `<br>` counts as a space. */
export function textOf(root: AnyNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (DomUtils.isText(node)) parts.push(node.data);
    else if (isElement(node)) {
      if (node.name === 'br') parts.push(' ');
      if (NON_TEXT.has(node.name)) continue;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    } else if (DomUtils.isDocument(node)) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return parts.join('');
}

/** Text with runs of whitespace collapsed, trimmed: for titles, labels and tag names. */
export function cleanText(node: AnyNode): string {
  return collapse(textOf(node));
}

export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Where the element's own closing tag starts, or undefined when the parser implied it. */
function closeTagStart(src: string, el: Element): number | undefined {
  const start = el.startIndex;
  const end = el.endIndex;
  if (start === null || end === null) return undefined;
  // Only the tail matters; a closing tag is short.
  const from = Math.max(start, end + 1 - 64);
  const tail = src.slice(from, end + 1);
  const m = new RegExp(`</\\s*${escapeRegExp(el.name)}\\b[^<]*$`, 'i').exec(tail);
  return m ? from + m.index : undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * End (exclusive) of a node's source text. An element closed implicitly ends where its content
 * ends: htmlparser2 stretches such an element over the closing tag that ended it, which belongs
 * to an ancestor.
 */
function outerEnd(src: string, node: AnyNode): number {
  let n: AnyNode = node;
  for (;;) {
    if (n.endIndex === null) return src.length;
    if (!isElement(n)) return n.endIndex + 1;
    if (closeTagStart(src, n) !== undefined || n.children.length === 0) return n.endIndex + 1;
    n = n.children[n.children.length - 1]!;
  }
}

/** [start, end) of a node in the source, kept inside the bounds of its next sibling. */
export function outerRange(src: string, node: AnyNode): [number, number] {
  const start = node.startIndex ?? 0;
  let end = outerEnd(src, node);
  if (node.next?.startIndex != null) end = Math.min(end, node.next.startIndex);
  return [start, Math.max(start, end)];
}

/** [start, end) of an element's content in the source. */
export function innerRange(src: string, el: Element): [number, number] {
  const close = closeTagStart(src, el);
  const first = el.children[0];
  const last = el.children[el.children.length - 1];
  if (!first || !last) {
    // Empty: the content is whatever lies between the tags (nothing, for well-formed input).
    const at = close ?? (el.endIndex ?? 0) + 1;
    return [at, at];
  }
  const start = first.startIndex ?? 0;
  const end = close ?? outerRange(src, last)[1];
  return [start, Math.max(start, end)];
}

/** The element's inner HTML exactly as the source has it. */
export function innerHtml(src: string, el: Element): string {
  const [start, end] = innerRange(src, el);
  return src.slice(start, end);
}

/** The source of a run of sibling nodes, with `cut` (an element among or inside them) left out. */
export function sourceOf(src: string, nodes: readonly AnyNode[], cut?: Element): string {
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  if (!first || !last) return '';
  const start = outerRange(src, first)[0];
  const end = outerRange(src, last)[1];
  if (!cut) return src.slice(start, end);
  const [cs, ce] = outerRange(src, cut);
  if (cs < start || ce > end) return src.slice(start, end);
  return src.slice(start, cs) + src.slice(ce, end);
}
