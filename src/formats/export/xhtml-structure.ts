import { element, marker, type TreeElement, type TreeNode } from './html-tree.js';
import { elementAttributes, globalAttributes, type UrlRewriter } from './xhtml-attributes.js';

/*
 * Rebuilds a parsed fragment so every element sits where the XHTML5 schema
 * epubcheck uses allows it. The sanitizer's parser (htmlparser2) keeps
 * whatever nesting the writer typed, so a <div> may sit in a <b>, an <li> in a
 * <div>, text in a <table>. The rule throughout: text nodes are never moved,
 * merged or split — elements are renamed, wrapped or pushed down instead, and
 * a dropped element leaves an empty <span> so neighbouring text stays apart.
 * That keeps the text and AO3-style word count of the export equal to the
 * source.
 */

/** Where the nodes being converted sit. */
export interface Context {
  /** Only phrasing content is allowed here (inside <p>, <b>, <h1> …). */
  phrasing: boolean;
  inA: boolean;
  inDfn: boolean;
  inAddress: boolean;
  inCaption: boolean;
}

export const FLOW_CONTEXT: Context = { phrasing: false, inA: false, inDfn: false, inAddress: false, inCaption: false };

/** Converts a block with a structured content model (a list, a table …); `attrs` are its output attributes. */
export type BlockHandler = (env: Env, src: TreeElement, ctx: Context, attrs: Record<string, string>) => TreeElement;

/** What the converter knows about the file it writes. */
export interface Env {
  urls: UrlRewriter;
  /** Ids given to source elements (`<a name>`). */
  ids: Map<TreeElement, string>;
  /** Converters for ul, ol, dl, table, figure, details (xhtml-blocks.ts, xhtml-table.ts). */
  blocks: Readonly<Record<string, BlockHandler>>;
}

const PHRASING = new Set([
  'a',
  'abbr',
  'b',
  'br',
  'cite',
  'code',
  'del',
  'dfn',
  'em',
  'i',
  'ins',
  'kbd',
  'q',
  'ruby',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'u',
  'var',
]);
// Content model "transparent": flow inside when they sit in flow.
const TRANSPARENT = new Set(['a', 'ins', 'del']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
// Blocks whose content is phrasing.
const PHRASING_BLOCKS = new Set(['p', 'pre', ...HEADINGS]);
const FLOW_CONTAINERS = new Set(['address', 'blockquote', 'div']);
const FLOW_BLOCKS = new Set([
  ...PHRASING_BLOCKS,
  ...FLOW_CONTAINERS,
  'details',
  'dl',
  'figure',
  'hr',
  'ol',
  'table',
  'ul',
]);
// Obsolete elements epubcheck rejects, and what replaces them.
const RENAMED: Record<string, { name: string; kind?: string }> = {
  acronym: { name: 'abbr' },
  big: { name: 'span', kind: 'big' },
  center: { name: 'div', kind: 'center' },
  strike: { name: 's' },
  tt: { name: 'span', kind: 'tt' },
};
// Elements whose content is only other elements (and whitespace).
const NO_TEXT_CONTAINERS = new Set(['colgroup', 'dl', 'ol', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul']);
// ( base+ , ( rt+ | (rp rt rp)+ ) )+ — the schema's ruby content model.
const RUBY_RE = /^(?:b+(?:t+|(?:ptp)+))+$/;

const flowElements = new WeakSet<TreeElement>();

/** Creates an output element, remembering whether it is flow (not phrasing) content. */
export function make(name: string, attrs: Record<string, string>, children: TreeNode[]): TreeElement {
  const e = element(name, attrs, children);
  if (!PHRASING.has(name) || (TRANSPARENT.has(name) && children.some(isFlow))) flowElements.add(e);
  return e;
}

function isFlow(node: TreeNode): boolean {
  return typeof node !== 'string' && flowElements.has(node);
}

export function isWhitespace(node: TreeNode): boolean {
  return typeof node === 'string' && /^[ \t\n\f\r]*$/.test(node);
}

/** Converts a list of source nodes for the given context. */
export function convertNodes(env: Env, nodes: readonly TreeNode[], ctx: Context): TreeNode[] {
  const out: TreeNode[] = [];
  for (const n of nodes) {
    if (typeof n === 'string') out.push(n);
    else out.push(...convertElement(env, n, ctx));
  }
  return out;
}

/** An element that cannot stay what it is here: a <div> (or a <span> in phrasing) named for what it was. */
function neutral(env: Env, src: TreeElement, ctx: Context, kind: string): TreeElement {
  return make(
    ctx.phrasing ? 'span' : 'div',
    globalAttributes(src.attrs, kind, env.ids.get(src)),
    convertNodes(env, src.children, ctx),
  );
}

function phrasingOf(ctx: Context): Context {
  return ctx.phrasing ? ctx : { ...ctx, phrasing: true };
}

function convertElement(env: Env, src: TreeElement, ctx: Context): TreeNode[] {
  const renamed = RENAMED[src.name];
  const name = renamed?.name ?? src.name;
  const kind = renamed?.kind;
  const id = env.ids.get(src);

  switch (name) {
    case 'img':
      return [imageAlt(src)];
    case 'br':
      return [make('br', globalAttributes(src.attrs, undefined, id), [])];
    case 'hr':
      return [ctx.phrasing ? make('span', { class: 'hr' }, []) : make('hr', globalAttributes(src.attrs), [])];
    case 'col':
      // Reached only outside a <colgroup>: nothing to show.
      return [marker()];
    case 'a':
      // Nested links are invalid; the inner one keeps its text as a span.
      if (ctx.inA) return inline(env, src, 'span', 'a', ctx, ctx);
      return [
        make(
          'a',
          elementAttributes('a', src.attrs, env.urls, { id }),
          convertNodes(env, src.children, { ...ctx, inA: true }),
        ),
      ];
    case 'ins':
    case 'del':
      return [make(name, globalAttributes(src.attrs, kind, id), convertNodes(env, src.children, ctx))];
    case 'ruby':
      return [ruby(env, src, ctx)];
    case 'dfn':
      if (ctx.inDfn) return inline(env, src, 'span', 'dfn', ctx, ctx);
      return inline(env, src, 'dfn', undefined, { ...ctx, inDfn: true }, ctx);
  }
  if (PHRASING.has(name)) return inline(env, src, name, kind, ctx, ctx);
  if (!FLOW_BLOCKS.has(name)) {
    // Structural parts (li, td, caption, summary, rt …) are handled by their
    // parents; reaching one here means it is out of place. Ruby text is inline
    // wherever it is; the others become blocks. Unknown elements cannot come
    // out of the sanitizer, but are kept as spans all the same.
    if (name === 'rt' || name === 'rp') return inline(env, src, 'span', name, ctx, ctx);
    return RECOGNISED_PARTS.has(name) ? [neutral(env, src, ctx, name)] : inline(env, src, 'span', undefined, ctx, ctx);
  }
  if (
    ctx.phrasing ||
    ((name === 'address' || HEADINGS.has(name)) && ctx.inAddress) ||
    (name === 'table' && ctx.inCaption) ||
    (name === 'details' && ctx.inA)
  ) {
    return [neutral(env, src, ctx, kind ?? name)];
  }
  const attrs = elementAttributes(name, src.attrs, env.urls, { kind, id });
  if (PHRASING_BLOCKS.has(name)) return [make(name, attrs, convertNodes(env, src.children, phrasingOf(ctx)))];
  if (FLOW_CONTAINERS.has(name)) {
    const inner = name === 'address' ? { ...ctx, inAddress: true } : ctx;
    return [make(name, attrs, convertNodes(env, src.children, inner))];
  }
  const handler = env.blocks[name];
  return handler ? [handler(env, src, ctx, attrs)] : [neutral(env, src, ctx, name)];
}

const RECOGNISED_PARTS = new Set([
  'caption',
  'colgroup',
  'dd',
  'dt',
  'figcaption',
  'li',
  'summary',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
]);

/**
 * A phrasing element. In flow, it may hold blocks (`<b><p>…</p><p>…</p></b>`,
 * common in pasted HTML); it is then pushed down into them, as browsers
 * render it: `<p><b>…</b></p><p><b>…</b></p>`.
 */
function inline(
  env: Env,
  src: TreeElement,
  name: string,
  kind: string | undefined,
  inner: Context,
  ctx: Context,
): TreeNode[] {
  const attrs = elementAttributes(name, src.attrs, env.urls, { kind, id: env.ids.get(src) });
  const kids = convertNodes(env, src.children, inner);
  if (ctx.phrasing || !kids.some(isFlow)) return [make(name, attrs, kids)];
  return distribute(name, attrs, kids);
}

function distribute(name: string, attrs: Record<string, string>, kids: TreeNode[]): TreeNode[] {
  let first = true;
  const wrap = (children: TreeNode[]): TreeElement => {
    // Only the first copy keeps an id, so ids stay unique.
    const copy = first ? attrs : withoutId(attrs);
    first = false;
    return make(name, copy, children);
  };
  const pushInto = (node: TreeElement): TreeElement => {
    if (node.children.length === 0) return node;
    if (PHRASING_BLOCKS.has(node.name) || node.name === 'summary')
      return make(node.name, node.attrs, [wrap(node.children)]);
    return make(node.name, node.attrs, spread(node.children, NO_TEXT_CONTAINERS.has(node.name)));
  };
  // `structural`: the parent takes only elements (a list, a table row …), so its whitespace stays bare.
  const spread = (children: TreeNode[], structural = false): TreeNode[] => {
    const out: TreeNode[] = [];
    let run: TreeNode[] = [];
    const flush = (): void => {
      if (run.length === 0) return;
      // Whitespace is wrapped too where it may be: left bare, it would merge with a neighbouring text node.
      if (structural && run.every(isWhitespace)) out.push(...run);
      else out.push(wrap(run));
      run = [];
    };
    for (const k of children) {
      if (typeof k !== 'string' && isFlow(k)) {
        flush();
        out.push(pushInto(k));
      } else run.push(k);
    }
    flush();
    return out;
  };
  return spread(kids);
}

/** Output attributes with one more class, first. */
function withClass(attrs: Record<string, string>, kind: string): Record<string, string> {
  return { ...attrs, class: attrs.class === undefined ? kind : `${kind} ${attrs.class}` };
}

function withoutId(attrs: Record<string, string>): Record<string, string> {
  if (attrs.id === undefined) return attrs;
  const copy = { ...attrs };
  delete copy.id;
  return copy;
}

/** Remote images are not fetched: the alt text stays, in brackets, where the image was. */
function imageAlt(src: TreeElement): TreeElement {
  const alt = src.attrs.alt ?? '';
  return make('span', { class: 'image-alt' }, alt.trim() === '' ? [] : [`[${alt}]`]);
}

function ruby(env: Env, src: TreeElement, ctx: Context): TreeElement {
  const inner = phrasingOf(ctx);
  const kids: TreeNode[] = [];
  const parts = new Set<TreeElement>();
  let pattern = '';
  let textOnlyRp = true;
  for (const c of src.children) {
    if (typeof c === 'string') {
      kids.push(c);
      if (!isWhitespace(c)) pattern += 'b';
    } else if (c.name === 'rt' || c.name === 'rp') {
      if (c.name === 'rp' && c.children.some((k) => typeof k !== 'string')) textOnlyRp = false;
      const part = make(
        c.name,
        globalAttributes(c.attrs, undefined, env.ids.get(c)),
        convertNodes(env, c.children, inner),
      );
      parts.add(part);
      kids.push(part);
      pattern += c.name === 'rt' ? 't' : 'p';
    } else {
      kids.push(...convertElement(env, c, inner));
      pattern += 'b';
    }
  }
  if (textOnlyRp && RUBY_RE.test(pattern))
    return make('ruby', globalAttributes(src.attrs, undefined, env.ids.get(src)), kids);
  // A shape the schema rejects: keep the text, lose the annotation layout.
  const flat = kids.map((k) =>
    typeof k !== 'string' && parts.has(k) ? make('span', withClass(k.attrs, k.name), k.children) : k,
  );
  return make('span', globalAttributes(src.attrs, 'ruby', env.ids.get(src)), flat);
}
