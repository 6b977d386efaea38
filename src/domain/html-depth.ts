import { Parser } from 'htmlparser2';
import { LIMITS } from './limits.js';

/*
 * The nesting check that runs before any HTML is sanitized, converted or parsed into a tree.
 * htmlparser2 (under sanitize-html and our own walks) pays for every element in proportion to
 * how many are open, so a document of nothing but opening tags is quadratic. This scan uses the
 * same tokenizer and the same implied-close rules (so `<p>a<p>b` is one level, as sanitizing sees
 * it) but stops at the first element past the limit: its cost is bounded by the limit, not the input.
 */

const OPEN_TAG_RE = /<[a-zA-Z]/g;

class TooDeep extends Error {
  constructor(readonly at: number) {
    super('too deep');
  }
}

/**
 * Where `html` first opens an element more than `max` deep (its offset in the text), or
 * undefined when it never does. Reads no further than that element.
 */
export function depthPastLimit(html: string, max: number = LIMITS.htmlDepthMax): number | undefined {
  // Fewer opening tags than the limit cannot nest past it: most text skips the scan.
  if (!hasMoreThan(html, OPEN_TAG_RE, max)) return undefined;
  let depth = 0;
  const parser: Parser = new Parser({
    onopentag() {
      depth++;
      if (depth > max) throw new TooDeep(parser.startIndex);
    },
    onclosetag() {
      depth--;
    },
  });
  try {
    parser.write(html);
    parser.end();
  } catch (e) {
    if (e instanceof TooDeep) return e.at;
    throw e;
  }
  return undefined;
}

/** The message for a field whose HTML nests too deeply (`label` as "The chapter text"). */
export function tooDeepMessage(label: string, max: number = LIMITS.htmlDepthMax): string {
  return `${label} nests HTML elements more than ${max} deep. Flatten the nesting (fewer elements inside elements) and send it again.`;
}

function hasMoreThan(s: string, re: RegExp, n: number): boolean {
  re.lastIndex = 0;
  let count = 0;
  while (re.exec(s) !== null) if (++count > n) return true;
  return false;
}
