import type { TreeElement, TreeNode } from './html-tree.js';
import { globalAttributes } from './xhtml-attributes.js';
import { convertNodes, isWhitespace, make, type BlockHandler, type Env } from './xhtml-structure.js';

/*
 * Lists, definition lists, figures and disclosure widgets: blocks whose
 * children must be particular elements. Stray content is wrapped in the part
 * the schema expects (text directly in a <ul> goes into an <li>), never moved.
 */

/**
 * Keeps the children `keep` accepts (converted) and wraps every run of other
 * content between them with `wrapRun`. Whitespace between kept children stays as it is.
 */
export function regroup(
  children: readonly TreeNode[],
  keep: (child: TreeElement) => TreeNode | undefined,
  wrapRun: (run: TreeNode[]) => TreeNode,
): TreeNode[] {
  const out: TreeNode[] = [];
  let run: TreeNode[] = [];
  for (const c of children) {
    const kept = typeof c === 'string' ? undefined : keep(c);
    if (kept !== undefined) {
      if (run.length > 0) out.push(wrapRun(run));
      run = [];
      out.push(kept);
    } else if (run.length === 0 && isWhitespace(c)) {
      out.push(c);
    } else {
      run.push(c);
    }
  }
  if (run.length > 0) out.push(wrapRun(run));
  return out;
}

/** A structural part converted with its own name and flow content. */
export function part(env: Env, src: TreeElement, name: string, children: TreeNode[] = src.children): TreeElement {
  return make(name, globalAttributes(src.attrs, undefined, env.ids.get(src)), children);
}

function isElement(node: TreeNode | undefined, name: string): node is TreeElement {
  return node !== undefined && typeof node !== 'string' && node.name === name;
}

const list: BlockHandler = (env, src, ctx, attrs) =>
  make(
    src.name,
    attrs,
    regroup(
      src.children,
      (c) => (c.name === 'li' ? part(env, c, 'li', convertNodes(env, c.children, ctx)) : undefined),
      (run) => make('li', {}, convertNodes(env, run, ctx)),
    ),
  );

const definitionList: BlockHandler = (env, src, ctx, attrs) => {
  const kids = regroup(
    src.children,
    (c) => (c.name === 'dt' || c.name === 'dd' ? part(env, c, c.name, convertNodes(env, c.children, ctx)) : undefined),
    (run) => make('dd', {}, convertNodes(env, run, ctx)),
  );
  // The schema wants (dt+, dd+)*: a list must open with a term and end with a description.
  const elements = kids.filter((k): k is TreeElement => typeof k !== 'string');
  if (isElement(elements[0], 'dd')) kids.unshift(make('dt', {}, []));
  if (isElement(elements[elements.length - 1], 'dt')) kids.push(make('dd', {}, []));
  return make('dl', attrs, kids);
};

const figure: BlockHandler = (env, src, ctx, attrs) => {
  // One figcaption, as the first or the last child; any other becomes a <div>.
  const significant = src.children.filter((c) => !isWhitespace(c));
  const first = significant[0];
  const last = significant[significant.length - 1];
  const caption = isElement(first, 'figcaption') ? first : isElement(last, 'figcaption') ? last : undefined;
  const kids = src.children.flatMap((c) =>
    c === caption ? [part(env, c, 'figcaption', convertNodes(env, c.children, ctx))] : convertNodes(env, [c], ctx),
  );
  return make('figure', attrs, kids);
};

const details: BlockHandler = (env, src, ctx, attrs) => {
  // The schema requires a <summary> first; an empty one is added when missing.
  const first = src.children.find((c) => !isWhitespace(c));
  const summary = isElement(first, 'summary') ? first : undefined;
  const kids = src.children.flatMap((c) =>
    c === summary
      ? [part(env, c, 'summary', convertNodes(env, c.children, { ...ctx, phrasing: true }))]
      : convertNodes(env, [c], ctx),
  );
  if (summary === undefined) kids.unshift(make('summary', {}, []));
  return make('details', attrs, kids);
};

export const BLOCKS: Readonly<Record<string, BlockHandler>> = {
  ul: list,
  ol: list,
  dl: definitionList,
  figure,
  details,
};
