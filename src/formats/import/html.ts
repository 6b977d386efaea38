/*
 * An HTML file: a download (AO3's or Quire's) goes to the download reader; any other page becomes
 * one chapter made of its body.
 */
import type { AnyNode, Element } from 'domhandler';
import { ImportError } from '../portable-work.js';
import { readDownloadLayout, hasDownloadLayout } from './ao3-html.js';
import {
  cleanText,
  collapse,
  findElement,
  isElement,
  isText,
  parseHtml,
  sourceOf,
  textOf,
  type HtmlSource,
  type NodeBudget,
} from './html-dom.js';
import { emptyChapter, type WorkDraft } from './work-draft.js';

/** `xhtml` for .xhtml files: XML rules, so `<div/>` is an empty element; `nodes` bounds the parse. */
export function readHtml(text: string, options: { xhtml?: boolean; nodes?: NodeBudget } = {}): WorkDraft {
  const src = parseHtml(text, options);
  if (hasDownloadLayout(src.doc)) {
    const draft = readDownloadLayout(src);
    if (draft.chapters.length === 0) throw new ImportError('the download has no chapter text');
    return draft;
  }
  return readPage(src);
}

const OUTSIDE_CONTENT = new Set(['head', 'title', 'meta', 'link', 'base']);

/** The nodes a page shows: `<body>`'s children, else `<html>`'s minus `<head>`, else the whole fragment. */
export function contentNodes(src: HtmlSource): AnyNode[] {
  const body = findElement(src.doc, (el) => el.name === 'body');
  if (body) return body.children;
  const html = src.doc.children.find((n): n is Element => isElement(n) && n.name === 'html');
  const nodes = (html ?? src.doc).children;
  const isContent = (n: AnyNode): boolean => (isElement(n) ? !OUTSIDE_CONTENT.has(n.name) : isText(n));
  const first = nodes.findIndex(isContent);
  if (first < 0) return [];
  let last = nodes.length - 1;
  while (last > first && !isContent(nodes[last]!)) last--;
  return nodes.slice(first, last + 1);
}

export function hasText(nodes: readonly AnyNode[]): boolean {
  return nodes.some(
    (n) =>
      collapse(textOf(n)) !== '' ||
      (isElement(n) && findElement(n, (el) => el.name === 'img') !== undefined) ||
      (isElement(n) && n.name === 'img'),
  );
}

/**
 * A page that is not a download: title from `<title>`, else the first `<h1>`. The `<h1>` is left
 * out of the body when it is the title (or says the same), so the title does not show twice.
 */
function readPage(src: HtmlSource): WorkDraft {
  const nodes = contentNodes(src);
  if (!hasText(nodes)) throw new ImportError('the page has no text');
  const titleEl = findElement(src.doc, (el) => el.name === 'title');
  const pageTitle = titleEl ? cleanText(titleEl) : '';
  let h1: Element | undefined;
  for (const n of nodes) {
    if (!isElement(n)) continue;
    h1 = n.name === 'h1' ? n : findElement(n, (el) => el.name === 'h1');
    if (h1) break;
  }
  const h1Text = h1 ? cleanText(h1) : '';
  const title = pageTitle || h1Text;
  const cut = h1 && h1Text !== '' && h1Text.toLowerCase() === title.toLowerCase() ? h1 : undefined;
  const body = sourceOf(src.text, nodes, cut).trim();
  const draft: WorkDraft = { chapters: [{ ...emptyChapter(), body }] };
  if (title) draft.title = title;
  return draft;
}
