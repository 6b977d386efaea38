import { Parser } from 'htmlparser2';
import { escapeAttr, escapeText } from './escape.js';

/*
 * A minimal element tree for re-serializing user HTML as XHTML. Text nodes are
 * kept exactly as the parser decoded them; consecutive chunks of one text node
 * are merged, because word counts are taken per text node.
 */

export interface TreeElement {
  name: string;
  attrs: Record<string, string>;
  children: TreeNode[];
}
export type TreeNode = TreeElement | string;

const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'col', 'wbr']);

// Deeper nesting than this is absurd in prose and would only risk the call stack
// in the recursive passes. Elements opened beyond it are replaced by empty
// <span> markers where they open and close, which keeps text nodes apart (so
// the words count the same) while dropping the formatting.
const MAX_DEPTH = 200;

export function element(name: string, attrs: Record<string, string>, children: TreeNode[]): TreeElement {
  return { name, attrs, children };
}

/** An empty span: where an element is dropped, it keeps the text on either side as separate text nodes. */
export function marker(): TreeElement {
  return element('span', {}, []);
}

/** Parses an HTML fragment (entities decoded, comments dropped but kept as boundaries). */
export function parseFragment(html: string): TreeNode[] {
  const root = element('#root', {}, []);
  // `null` entries are elements replaced by markers (too deep).
  const stack: Array<TreeElement | null> = [root];
  let parent: TreeElement = root;
  const lastReal = (): TreeElement => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const e = stack[k];
      if (e) return e;
    }
    return root;
  };
  const appendText = (text: string): void => {
    const kids = parent.children;
    const last = kids[kids.length - 1];
    if (typeof last === 'string') kids[kids.length - 1] = last + text;
    else kids.push(text);
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (stack.length > MAX_DEPTH && !VOID_ELEMENTS.has(name)) {
          parent.children.push(marker());
          stack.push(null);
          return;
        }
        const el = element(name, { ...attribs }, []);
        parent.children.push(el);
        stack.push(el);
        parent = el;
      },
      onclosetag() {
        const closed = stack.pop();
        if (closed === null) {
          lastReal().children.push(marker());
          return;
        }
        parent = lastReal();
      },
      ontext: appendText,
      oncomment() {
        // A comment splits a text node for the word counter: keep that split.
        parent.children.push(marker());
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return root.children;
}

/** Writes nodes as XHTML: void elements self-closed, every other element closed explicitly. */
export function serializeNodes(nodes: readonly TreeNode[], out: string[] = []): string[] {
  for (const node of nodes) {
    if (typeof node === 'string') {
      out.push(escapeText(node));
      continue;
    }
    out.push('<', node.name);
    for (const [key, value] of Object.entries(node.attrs)) out.push(' ', key, '="', escapeAttr(value), '"');
    if (VOID_ELEMENTS.has(node.name)) {
      out.push('/>');
    } else {
      out.push('>');
      serializeNodes(node.children, out);
      out.push('</', node.name, '>');
    }
  }
  return out;
}
