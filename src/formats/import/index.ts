/*
 * Importers: a file's bytes → a PortableWork. Pure: no database, no HTTP, no file system.
 * The extension picks the reader; the bytes are sniffed too, so a misnamed file is refused with a
 * reason rather than read as nonsense.
 */
import { ImportError, type PortableWork } from '../portable-work.js';
import { decodeText, declaredHtmlEncoding } from './decode-text.js';
import { readEpub } from './epub.js';
import { readHtml } from './html.js';
import { nodeBudget, type NodeBudget } from './html-dom.js';
import {
  CLI_IMPORT_LIMITS,
  ImportTooLarge,
  MAX_IMPORT_FILE_BYTES,
  formatBytes,
  type ImportLimits,
} from './import-limits.js';
import { readMarkdown } from './markdown.js';
import { readTxt } from './txt.js';
import { finishWork, type WorkDraft } from './work-draft.js';

export {
  CLI_IMPORT_LIMITS,
  ImportTooLarge,
  MAX_IMPORT_FILE_BYTES,
  WEB_IMPORT_LIMITS,
  type ImportLimits,
} from './import-limits.js';
export { readZipArchive, type ArchiveEntry } from './zip-archive.js';

type Reader = (bytes: Uint8Array, limits: ImportLimits, nodes: NodeBudget) => WorkDraft;

const READERS: Record<string, Reader> = {
  txt: (bytes) => readTxt(decodeText(bytes)),
  md: (bytes, _, nodes) => readMarkdown(decodeText(bytes), nodes),
  markdown: (bytes, _, nodes) => readMarkdown(decodeText(bytes), nodes),
  html: (bytes, _, nodes) => readHtml(decodeText(bytes, declaredHtmlEncoding), { nodes }),
  htm: (bytes, _, nodes) => readHtml(decodeText(bytes, declaredHtmlEncoding), { nodes }),
  xhtml: (bytes, _, nodes) => readHtml(decodeText(bytes, declaredHtmlEncoding), { xhtml: true, nodes }),
  epub: readEpub,
};

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** .txt .md .markdown .html .htm .xhtml .epub, in any case. */
export function isImportableName(fileName: string): boolean {
  return Object.hasOwn(READERS, extensionOf(fileName));
}

/**
 * Reads one file as a work; throws ImportError with a one-line reason for anything it cannot read.
 * `limits` bound what reading may cost (the posting form passes WEB_IMPORT_LIMITS).
 */
export function importWork(
  fileName: string,
  bytes: Uint8Array,
  limits: ImportLimits = CLI_IMPORT_LIMITS,
): PortableWork {
  const ext = extensionOf(fileName);
  const reader = Object.hasOwn(READERS, ext) ? READERS[ext] : undefined;
  if (!reader) {
    const names = Object.keys(READERS)
      .map((e) => `.${e}`)
      .join(' ');
    throw new ImportError(
      `${ext ? `.${ext} files are` : 'a file without an extension is'} not importable (Quire reads ${names})`,
    );
  }
  if (bytes.length === 0) throw new ImportError('the file is empty');
  if (bytes.length > MAX_IMPORT_FILE_BYTES)
    throw new ImportTooLarge(`the file is larger than ${formatBytes(MAX_IMPORT_FILE_BYTES)}`);
  let draft: WorkDraft;
  try {
    draft = reader(bytes, limits, nodeBudget(limits.htmlNodes));
  } catch (error) {
    // htmlparser2 and our walks are iterative, but a library may still recurse on a freak file.
    if (error instanceof RangeError) throw new ImportError('the file is too deeply nested or too large to read');
    throw error;
  }
  const work = finishWork(draft, fileName);
  return ext === 'epub' ? undoEpubMarkup(work) : work;
}

/**
 * An EPUB cannot carry remote images or `<a name>`: Quire's exporter writes an image's alt text as
 * `<span class="image-alt">[…]</span>` and anchors as `<a id>`. Reading them back undoes both, so a
 * work exported and imported again keeps its words and its anchors (the image itself is gone).
 */
function undoEpubMarkup(work: PortableWork): PortableWork {
  const undo = (html: string) =>
    html.replace(/<span class="image-alt">[^<]*<\/span>/g, '<span></span>').replace(/<a id="([^"]*)"/g, '<a name="$1"');
  const chapters = work.chapters.map((c) => ({
    ...c,
    body: undo(c.body),
    summary: undo(c.summary),
    notes: undo(c.notes),
    endNotes: undo(c.endNotes),
  }));
  return { ...work, summary: undo(work.summary), notes: undo(work.notes), endNotes: undo(work.endNotes), chapters };
}
