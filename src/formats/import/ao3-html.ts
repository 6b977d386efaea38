/*
 * Reads the download layout (docs/formats/download-layout.md): AO3's HTML downloads, Quire's, and
 * the concatenated spine of either's EPUB. Lenient about wrappers: an EPUB may carry the preface,
 * chapter and afterword blocks with or without their `#preface` / `#chapters` / `#afterword`
 * divs, and calibre may split a chapter over two files, so the reader walks the document in order
 * and reacts to the blocks it recognises wherever they sit.
 */
import type { Element, ParentNode } from 'domhandler';
import type { PortableChapter, PortableSeries } from '../portable-work.js';
import { categoryName, ratingName, warningName } from './fixed-tags.js';
import {
  attr,
  childElements,
  cleanText,
  collapse,
  findAll,
  findElement,
  hasClass,
  innerHtml,
  isElement,
  nextElement,
  textOf,
  walkElements,
  type HtmlSource,
} from './html-dom.js';
import { languageCode } from './language.js';
import { emptyChapter, isoDate, type WorkDraft } from './work-draft.js';

const CHAPTER_HEADING = /^Chapter\s+[\d,]+\b\s*(?::\s*([\s\S]*))?$/i;

const isChapterHeading = (el: Element): boolean =>
  /^h[1-6]$/.test(el.name) && el.name !== 'h1' && CHAPTER_HEADING.test(cleanText(el));

/** Does the document look like a download: its landmark divs, the tag list, or chapter blocks? */
export function hasDownloadLayout(root: ParentNode): boolean {
  return (
    findElement(root, (el) => {
      const id = attr(el, 'id');
      if (id === 'preface' || id === 'chapters' || id === 'afterword') return el.name === 'div';
      if (el.name === 'dl' && hasClass(el, 'tags')) return true;
      return el.name === 'div' && hasClass(el, 'meta') && childElements(el).some(isChapterHeading);
    }) !== undefined
  );
}

type Region = 'preface' | 'chapters' | 'afterword' | 'unknown';

/** Whether a wrapper holds chapter blocks (then the reader walks into it) or is itself a body. */
function holdsBlocks(el: Element): boolean {
  return childElements(el).some((c) => {
    if (c.name !== 'div') return isChapterHeading(c);
    const id = attr(c, 'id');
    return (
      hasClass(c, 'meta') || hasClass(c, 'userstuff') || id === 'chapters' || id === 'preface' || id === 'afterword'
    );
  });
}

export function readDownloadLayout(src: HtmlSource): WorkDraft {
  const draft: WorkDraft = { chapters: [] };
  const text = src.text;
  let current: PortableChapter | undefined;
  let tagsRead = false;
  let messageTitle: string | undefined;
  const consumed = new Set<Element>();
  // The region an element sits in, found from its nearest landmark ancestor as the walk enters it.
  const regionOf = new Map<Element, Region>();

  const chapter = (): PortableChapter => {
    if (!current) {
      current = emptyChapter();
      draft.chapters.push(current);
    }
    return current;
  };
  const addBody = (html: string): void => {
    // A body with no heading before it continues the last one: calibre splits long chapters over files.
    const c = chapter();
    c.body = c.body === '' ? html : `${c.body}\n${html}`;
  };

  walkElements(src.doc, (el) => {
    const id = attr(el, 'id');
    const parentRegion = el.parent && isElement(el.parent) ? regionOf.get(el.parent) : undefined;
    const region: Region =
      id === 'preface' || id === 'chapters' || id === 'afterword' ? id : (parentRegion ?? 'unknown');
    regionOf.set(el, region);
    if (consumed.has(el)) return false;

    if (id === 'chapters' && !holdsBlocks(el)) {
      // A one-chapter work: the text sits in #chapters directly.
      const body = innerHtml(text, el);
      if (body.trim() !== '') addBody(body);
      return false;
    }
    if (el.name === 'dl' && !tagsRead && region !== 'chapters' && region !== 'afterword' && isTagList(el)) {
      readTags(el, draft);
      tagsRead = true;
      return false;
    }
    if (el.name === 'p' && hasClass(el, 'message')) {
      if (region !== 'afterword' && draft.sourceId === undefined) messageTitle = readMessage(el, draft);
      return false;
    }
    if (el.name === 'h1' && region !== 'chapters' && region !== 'afterword') {
      if (draft.title === undefined) draft.title = cleanText(el);
      return false;
    }
    if (hasClass(el, 'byline') && region !== 'chapters' && region !== 'afterword') {
      if (draft.creators === undefined) draft.creators = readByline(el);
      return false;
    }
    if (region !== 'preface' && region !== 'afterword' && isChapterHeading(el)) {
      current = emptyChapter(chapterTitle(cleanText(el)));
      draft.chapters.push(current);
      return false;
    }
    if (el.name === 'p' || /^h[2-6]$/.test(el.name)) {
      readLabelled(el);
      return false;
    }
    if (el.name === 'div' && hasClass(el, 'userstuff') && !holdsBlocks(el)) {
      addBody(innerHtml(text, el));
      return false;
    }
    if (el.name === 'blockquote') return false;
    return true;
  });

  /** `<p>Summary</p><blockquote class="userstuff">…</blockquote>` and its siblings. */
  function readLabelled(label: Element): void {
    const quote = nextElement(label);
    if (!quote || quote.name !== 'blockquote') return;
    const html = innerHtml(text, quote);
    const region = regionOf.get(label) ?? 'unknown';
    switch (cleanText(label).replace(/:$/, '').toLowerCase()) {
      case 'summary':
        // A chapter that has started owns a bare "Summary"; the work's summary comes before any.
        if (current && region !== 'preface') chapter().summary = html;
        else draft.summary ??= html;
        break;
      case 'notes':
        if (region === 'afterword') draft.endNotes ??= html;
        else if (current && region !== 'preface') chapter().notes = html;
        else draft.notes ??= html;
        break;
      case 'end notes':
        draft.endNotes ??= html;
        break;
      case 'chapter summary':
        chapter().summary = html;
        break;
      case 'chapter notes':
        chapter().notes = html;
        break;
      case 'chapter end notes':
        chapter().endNotes = html;
        break;
      default:
        return;
    }
    consumed.add(quote);
  }

  // The message's bold title stands in only when the preface has no heading.
  if (!draft.title && messageTitle) draft.title = messageTitle;
  return draft;
}

/** "Chapter 3: The Title" → "The Title"; "Chapter 3" → "". */
function chapterTitle(heading: string): string {
  return CHAPTER_HEADING.exec(heading)?.[1]?.trim() ?? '';
}

function isTagList(dl: Element): boolean {
  return (
    hasClass(dl, 'tags') ||
    childElements(dl).some((c) => c.name === 'dt' && /^(ratings?|fandoms?|stats)\s*:?$/i.test(cleanText(c)))
  );
}

const labelKey = (dt: Element): string => cleanText(dt).replace(/\s*:$/, '').toLowerCase();

function readTags(dl: Element, draft: WorkDraft): void {
  draft.warnings = [];
  draft.categories = [];
  draft.fandoms = [];
  draft.relationships = [];
  draft.characters = [];
  draft.freeforms = [];
  let label: string | undefined;
  for (const el of childElements(dl)) {
    if (el.name === 'dt') {
      label = labelKey(el);
      continue;
    }
    if (el.name !== 'dd' || label === undefined) continue;
    switch (label) {
      case 'rating':
      case 'ratings': {
        const first = values(el)[0];
        if (first) draft.rating = ratingName(first);
        break;
      }
      case 'archive warning':
      case 'archive warnings':
        draft.warnings.push(...values(el).map(warningName));
        break;
      case 'category':
      case 'categories':
        draft.categories.push(...values(el).map(categoryName));
        break;
      case 'fandom':
      case 'fandoms':
        draft.fandoms.push(...values(el));
        break;
      case 'relationship':
      case 'relationships':
        draft.relationships.push(...values(el));
        break;
      case 'character':
      case 'characters':
        draft.characters.push(...values(el));
        break;
      case 'additional tag':
      case 'additional tags':
        draft.freeforms.push(...values(el));
        break;
      case 'language':
        draft.language = languageCode(cleanText(el)) ?? 'en';
        break;
      case 'series':
        draft.series = [...(draft.series ?? []), ...readSeries(el)];
        break;
      case 'stats':
        readStats(cleanText(el), draft);
        break;
      default:
        // Collections and anything newer: not part of a portable work.
        break;
    }
  }
}

/** A dd's tags: its links when it has any, else its text split on commas (tag names hold none). */
function values(dd: Element): string[] {
  const links = findAll(dd, (el) => el.name === 'a');
  const names = links.length > 0 ? links.map(cleanText) : cleanText(dd).split(',').map(collapse);
  return names.filter((n) => n !== '');
}

/** "Part 2 of <a>Title</a>", one per line; lines are separated by `<br/>`. */
function readSeries(dd: Element): PortableSeries[] {
  const lines: string[] = [''];
  for (const node of dd.children) {
    if (isElement(node) && node.name === 'br') lines.push('');
    else lines[lines.length - 1] += textOf(node);
  }
  return lines.flatMap((line) => {
    const m = /^\s*Part\s+([\d,]+)\s+of\s+([\s\S]+?)\s*$/i.exec(line);
    if (!m) return [];
    const position = Number(m[1]!.replace(/,/g, ''));
    const title = collapse(m[2]!);
    return Number.isSafeInteger(position) && position >= 1 && title !== '' ? [{ title, position }] : [];
  });
}

/** "Published: 2015-01-01 Updated: 2015-02-01 Words: 12,345 Chapters: 3/?" */
function readStats(stats: string, draft: WorkDraft): void {
  const published = /Published:\s*(\d{4}-\d{2}-\d{2})/i.exec(stats)?.[1];
  const updated = /(?:Updated|Completed):\s*(\d{4}-\d{2}-\d{2})/i.exec(stats)?.[1];
  const chapters = /Chapters:\s*[\d,]+\s*\/\s*([\d,]+|\?)/i.exec(stats)?.[1];
  if (published && isoDate(published)) draft.publishedAt = published;
  if (updated && isoDate(updated)) draft.updatedAt = updated;
  if (chapters !== undefined) {
    const expected = Number(chapters.replace(/,/g, ''));
    draft.expectedChapters = chapters === '?' || !Number.isSafeInteger(expected) || expected < 1 ? null : expected;
  }
}

/** `Posted originally on the <a>Archive</a> at <a href="{workUrl}">…</a>.` — the work's URL is the last link. */
function readMessage(p: Element, draft: WorkDraft): string | undefined {
  if (!/posted originally/i.test(textOf(p))) return undefined;
  const hrefs = findAll(p, (el) => el.name === 'a')
    .map((a) => attr(a, 'href')?.trim() ?? '')
    .filter((h) => h !== '');
  const url = hrefs[hrefs.length - 1];
  if (url) draft.sourceId = url;
  const bold = findElement(p, (el) => el.name === 'b' || el.name === 'strong');
  return bold ? cleanText(bold) : undefined;
}

/** `by <a rel="author">One</a>, <a rel="author">Two</a>` */
function readByline(el: Element): string[] {
  const links = findAll(el, (a) => a.name === 'a');
  const authors = links.filter((a) => (attr(a, 'rel') ?? '').split(/\s+/).includes('author'));
  const chosen = authors.length > 0 ? authors : links;
  if (chosen.length > 0) return chosen.map(cleanText).filter((n) => n !== '');
  return cleanText(el)
    .replace(/^by\s+/i, '')
    .split(/\s*,\s*|\s+and\s+/)
    .map(collapse)
    .filter((n) => n !== '');
}
