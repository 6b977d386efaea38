/*
 * EPUB: container.xml → package document → the spine's XHTML files. A download's spine (AO3's,
 * made by calibre, or Quire's) carries the download layout and goes to the same reader as the
 * HTML download; any other book becomes one chapter per spine document that has text. Package
 * metadata fills in what the markup does not say.
 */
import type { AnyNode, Element } from 'domhandler';
import { ImportError, type PortableChapter, type PortableSeries } from '../portable-work.js';
import { hasDownloadLayout, readDownloadLayout } from './ao3-html.js';
import { decodeText, isZip } from './decode-text.js';
import { contentNodes, hasText } from './html.js';
import {
  attr,
  cleanText,
  findElement,
  isElement,
  isText,
  nodeBudget,
  parseHtml,
  sourceOf,
  type HtmlSource,
  type NodeBudget,
} from './html-dom.js';
import {
  CLI_IMPORT_LIMITS,
  ImportTooLarge,
  MAX_IMPORT_FILE_BYTES,
  formatBytes,
  type ImportLimits,
} from './import-limits.js';
import { languageCode } from './language.js';
import { parsePackageDocument, rootfilePath, type PackageDocument } from './opf.js';
import { plainTextToHtml } from './plain-text.js';
import { emptyChapter, isoDate, mergeDraft, type WorkDraft } from './work-draft.js';
import { extractZipEntry, listZipEntries, type ZipEntry } from './zip-archive.js';

const XHTML_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/x-dtbook+xml']);
const NON_STORY_FILE = /^(nav|toc|cover|titlepage|title-page)([._-]|$)/i;

/**
 * `limits.textBytes` bounds what the documents inflate to, all together; every document is
 * inflated (within it) before any is parsed, and `nodes` bounds the parsing.
 */
export function readEpub(
  bytes: Uint8Array,
  limits: ImportLimits = CLI_IMPORT_LIMITS,
  nodes: NodeBudget = nodeBudget(limits.htmlNodes),
): WorkDraft {
  if (!isZip(bytes)) throw new ImportError('not an EPUB (not a zip archive)');
  const files = new EpubFiles(bytes, limits.textBytes);

  const container = files.text('META-INF/container.xml');
  if (container === undefined) throw new ImportError('EPUB has no META-INF/container.xml');
  const opfPath = rootfilePath(container);
  if (!opfPath) throw new ImportError('EPUB has no package document (META-INF/container.xml names none)');
  const opfXml = files.text(opfPath);
  if (opfXml === undefined) throw new ImportError(`EPUB package document ${opfPath} is missing`);
  const pkg = parsePackageDocument(opfXml, opfPath);
  if (pkg.spine.length === 0) throw new ImportError('EPUB spine lists no documents');

  const paths: string[] = [];
  for (const idref of pkg.spine) {
    const item = pkg.manifest.get(idref);
    if (!item) throw new ImportError(`EPUB spine names ${JSON.stringify(idref)}, which its manifest lacks`);
    if (!XHTML_TYPES.has(item.mediaType) || item.properties.includes('nav') || pkg.guideSkips.has(item.path)) continue;
    if (NON_STORY_FILE.test(item.path.split('/').pop() ?? '')) continue;
    paths.push(item.path);
  }
  files.refuseDeclaredOverBudget(paths);
  const texts = paths.map((path) => {
    const text = files.text(path);
    if (text === undefined) throw new ImportError(`EPUB is missing ${path}, which its spine names`);
    return { path, text };
  });
  const docs: { path: string; src: HtmlSource }[] = [];
  for (const { path, text } of texts) {
    const src = parseHtml(text, { xhtml: true, nodes });
    if (!isTableOfContents(src)) docs.push({ path, src });
  }
  if (docs.length === 0) throw new ImportError('EPUB has no text documents in its spine');

  const meta = packageDraft(pkg);
  // The download layout spans files (preface, chapters, afterword), so it is read from the spine's
  // bodies joined into one document.
  const joined = parseHtml(docs.map((d) => sourceOf(d.src.text, contentNodes(d.src))).join('\n'), {
    xhtml: true,
    nodes,
  });
  if (hasDownloadLayout(joined.doc)) {
    const draft = readDownloadLayout(joined);
    if (draft.chapters.length === 0) throw new ImportError('the download has no chapter text');
    return mergeDraft(draft, meta);
  }

  const bookTitle = meta.title ?? '';
  const chapters = docs.filter((d) => hasText(contentNodes(d.src))).map((d) => chapterOf(d.src, bookTitle));
  if (chapters.length === 0) throw new ImportError('the EPUB has no text');
  return { ...meta, chapters };
}

/** The zip's files by path, read on demand within the EPUB's text budget. */
class EpubFiles {
  private readonly entries = new Map<string, ZipEntry>();
  private readonly folded = new Map<string, ZipEntry>();
  private budget: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxTextBytes: number,
  ) {
    this.budget = maxTextBytes;
    for (const e of listZipEntries(bytes, 'the EPUB')) {
      if (e.isDirectory) continue;
      this.entries.set(e.name, e);
      // Some tools change the case of names; a case-blind match is the next best thing.
      if (!this.folded.has(e.name.toLowerCase())) this.folded.set(e.name.toLowerCase(), e);
    }
  }

  private entry(path: string): ZipEntry | undefined {
    return this.entries.get(path) ?? this.folded.get(path.toLowerCase());
  }

  private tooMuchText(): ImportError {
    return new ImportTooLarge(`the EPUB's text inflates to more than ${formatBytes(this.maxTextBytes)}`);
  }

  /** Refuses at once when the sizes the archive declares for these files already pass the budget (a lie the other way is caught while inflating). */
  refuseDeclaredOverBudget(paths: readonly string[]): void {
    const declared = paths.reduce((n, p) => n + (this.entry(p)?.declaredSize ?? 0), 0);
    if (declared > this.budget) throw this.tooMuchText();
  }

  text(path: string): string | undefined {
    const entry = this.entry(path);
    if (!entry) return undefined;
    const limit = Math.min(MAX_IMPORT_FILE_BYTES, this.budget);
    const data = extractZipEntry(this.bytes, entry, limit, () =>
      limit < MAX_IMPORT_FILE_BYTES
        ? this.tooMuchText()
        : new ImportTooLarge(`EPUB file ${path} is larger than ${formatBytes(MAX_IMPORT_FILE_BYTES)}`),
    );
    this.budget -= data.length;
    if (data.length === 0) return '';
    try {
      return decodeText(data);
    } catch (error) {
      if (error instanceof ImportError) throw new ImportError(`EPUB file ${path} is ${error.message}`);
      throw error;
    }
  }
}

/** A nav document that is not marked as one in the manifest (EPUB 2 books, hand-made files). */
function isTableOfContents(src: HtmlSource): boolean {
  return findElement(src.doc, (el) => el.name === 'nav' && /\btoc\b/.test(attr(el, 'epub:type') ?? '')) !== undefined;
}

/**
 * One spine document as a chapter: its first h1–h3 names it (left out of the body when nothing
 * comes before it), else its `<title>` when that is not just the book's title again.
 */
function chapterOf(src: HtmlSource, bookTitle: string): PortableChapter {
  const nodes = contentNodes(src);
  let heading: Element | undefined;
  for (const n of nodes) {
    if (!isElement(n)) continue;
    heading = /^h[1-3]$/.test(n.name) ? n : findElement(n, (el) => /^h[1-3]$/.test(el.name));
    if (heading) break;
  }
  const headingText = heading ? cleanText(heading) : '';
  const titleEl = findElement(src.doc, (el) => el.name === 'title');
  const pageTitle = titleEl ? cleanText(titleEl) : '';
  const title = headingText || (pageTitle.toLowerCase() !== bookTitle.toLowerCase() ? pageTitle : '');
  const cut = heading && headingText !== '' && !textBefore(nodes, heading) ? heading : undefined;
  return { ...emptyChapter(title), body: sourceOf(src.text, nodes, cut).trim() };
}

/** Is there any text in `nodes` before `target` (document order)? */
function textBefore(nodes: readonly AnyNode[], target: Element): boolean {
  const stack: AnyNode[] = [...nodes].reverse();
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n === target) return false;
    if (isText(n) && n.data.trim() !== '') return true;
    if (isElement(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return false;
}

/** What the package metadata says, in the draft's terms. */
function packageDraft(pkg: PackageDocument): Omit<WorkDraft, 'chapters'> {
  const draft: Omit<WorkDraft, 'chapters'> = {};
  const { dc } = pkg;
  if (dc.titles[0]) draft.title = dc.titles[0];
  if (dc.creators.length > 0) draft.creators = dc.creators;
  if (dc.languages[0]) draft.language = languageCode(dc.languages[0]) ?? 'en';
  const description = dc.descriptions[0];
  // calibre stores the summary as HTML; other tools write plain text.
  if (description) draft.summary = /<[a-z][^>]*>/i.test(description) ? description : plainTextToHtml(description);
  if (dc.subjects.length > 0) draft.freeforms = dc.subjects;
  const published = dc.dates.map((d) => isoDate(d)).find((d) => d !== undefined);
  if (published) draft.publishedAt = published;
  const sourceId = sourceIdOf(pkg);
  if (sourceId) draft.sourceId = sourceId;
  const series = seriesOf(pkg);
  if (series.length > 0) draft.series = series;
  return draft;
}

const isWebUrl = (s: string): boolean => /^https?:\/\/\S+$/i.test(s);

/** dc:source when it is a web address, else an identifier that is one, else the package's own identifier. */
function sourceIdOf(pkg: PackageDocument): string | undefined {
  const { sources, identifiers } = pkg.dc;
  return (
    sources.find(isWebUrl) ??
    identifiers.find((i) => isWebUrl(i.value))?.value ??
    identifiers.find((i) => i.id !== undefined && i.id === pkg.uniqueIdentifier)?.value ??
    identifiers[0]?.value
  );
}

/** EPUB 3 `belongs-to-collection` (type series, or untyped) and calibre's `calibre:series`. */
function seriesOf(pkg: PackageDocument): PortableSeries[] {
  const out: PortableSeries[] = [];
  const add = (title: string | undefined, position: string | undefined): void => {
    const name = title?.replace(/\s+/g, ' ').trim();
    if (!name || out.some((s) => s.title.toLowerCase() === name.toLowerCase())) return;
    const n = Math.round(Number(position ?? '1'));
    out.push({ title: name, position: Number.isSafeInteger(n) && n >= 1 ? n : 1 });
  };
  for (const m of pkg.metas) {
    if (m.property !== 'belongs-to-collection' || m.refines) continue;
    const refining = (prop: string): string | undefined =>
      m.id ? pkg.metas.find((r) => r.refines === `#${m.id}` && r.property === prop)?.text : undefined;
    const type = refining('collection-type');
    if (type && type !== 'series') continue;
    add(m.text, refining('group-position'));
  }
  const calibre = pkg.metas.find((m) => m.name === 'calibre:series');
  if (calibre) add(calibre.content, pkg.metas.find((m) => m.name === 'calibre:series_index')?.content);
  return out;
}
