/*
 * A line-by-line count of Markdown's container blocks (block quotes and list items), made before
 * marked reads the text. marked lexes a container's content again for every level it is nested
 * in, and renders each level as elements of its own: a 3.9 MB file of nested `> ` blocks took
 * 40-61 s and rendered to tens of megabytes of HTML.
 */
import { ImportError } from '../portable-work.js';
import { ImportTooLarge } from './import-limits.js';

/**
 * The deepest container nesting a line may open. A list level renders as two elements
 * (`<ul><li>`), so 40 levels stay inside the archive's HTML depth limit of 100; real text nests
 * quotes and lists a few levels deep.
 */
export const MAX_MARKDOWN_DEPTH = 40;

/**
 * The most container markers a whole file may hold (each `>` or list marker, and each level of a
 * list item's indentation). Each can open a block that marked lexes and renders on its own, at
 * ~28 µs apiece for separate quotes (50,000 took 1.4 s to lex, and 4.4 s to import); a story
 * with a quoted letter or chat log on every page, or a long outline, holds a few thousand.
 */
export const MAX_MARKDOWN_CONTAINERS = 20_000;

const LIST_MARKER_RE = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;

/** Throws ImportError when `src` nests too deeply, ImportTooLarge when it nests too much. Linear in the text. */
export function checkMarkdownNesting(src: string): void {
  let total = 0;
  let lineNo = 0;
  for (let start = 0; start <= src.length; lineNo++) {
    const nl = src.indexOf('\n', start);
    const end = nl === -1 ? src.length : nl;
    const depth = containerDepth(src, start, end);
    if (depth > MAX_MARKDOWN_DEPTH) {
      throw new ImportError(
        `the Markdown nests quotes or lists more than ${MAX_MARKDOWN_DEPTH} deep (line ${(lineNo + 1).toLocaleString('en')})`,
      );
    }
    total += depth;
    if (total > MAX_MARKDOWN_CONTAINERS)
      throw new ImportTooLarge(
        `the Markdown holds more than ${MAX_MARKDOWN_CONTAINERS.toLocaleString('en')} quote and list markers`,
      );
    if (nl === -1) break;
    start = nl + 1;
  }
}

/**
 * The containers a line opens or continues: its `>` and list markers, plus a level per two
 * columns of indentation when it has a marker (how nested lists are written). An overestimate
 * for odd lines, never an underestimate.
 */
function containerDepth(src: string, start: number, end: number): number {
  let markers = 0;
  let indent = 0;
  let i = start;
  for (;;) {
    while (i < end && (src[i] === ' ' || src[i] === '\t')) {
      indent += src[i] === '\t' ? 4 : 1;
      i++;
    }
    if (i >= end) break;
    const m = src[i] === '>' ? '>' : LIST_MARKER_RE.exec(src.slice(i, Math.min(end, i + 11)))?.[0];
    if (m === undefined) break;
    markers++;
    i += m.length;
    // The one space that ends a marker is part of it, not indentation.
    if (src[i] === ' ') i++;
  }
  return markers === 0 ? 0 : markers + Math.floor(indent / 2);
}
