/*
 * The small part of YAML front matter that writers put on a story: `key: value`, quoted values,
 * `[a, b]` and `- item` lists, `|` / `>` blocks. Not a YAML parser: anything else is skipped.
 */

export type FrontMatter = Map<string, string | string[]>;

export interface SplitFrontMatter {
  data: FrontMatter;
  /** The text after the closing line. */
  body: string;
}

/** Front matter opens on the first line with `---` and closes with `---` or `...`; unclosed, it is not front matter. */
export function splitFrontMatter(text: string): SplitFrontMatter {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return { data: new Map(), body: text };
  const close = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (close < 0) return { data: new Map(), body: text };
  return { data: parseLines(lines.slice(1, close)), body: lines.slice(close + 1).join('\n') };
}

/** Keys lower-cased with spaces, dashes and underscores removed: "Additional Tags" → "additionaltags". */
export function frontMatterKey(key: string): string {
  return key.toLowerCase().replace(/[\s_-]+/g, '');
}

function parseLines(lines: readonly string[]): FrontMatter {
  const data: FrontMatter = new Map();
  let i = 0;
  while (i < lines.length) {
    const m = /^([A-Za-z][\w-]*(?: [\w-]+)*)\s*:(?:\s+(.*))?$/.exec(lines[i]!.trimEnd());
    i++;
    if (!m) continue;
    const key = frontMatterKey(m[1]!);
    const value = (m[2] ?? '').trim();
    if (value === '|' || value === '>' || value === '|-' || value === '>-') {
      const block: string[] = [];
      while (i < lines.length && (/^\s/.test(lines[i]!) || lines[i]!.trim() === '')) block.push(lines[i++]!.trim());
      while (block.length > 0 && block[block.length - 1] === '') block.pop();
      data.set(key, value.startsWith('|') ? block.join('\n') : foldBlock(block));
    } else if (value === '') {
      const items: string[] = [];
      while (i < lines.length && /^\s*-\s+/.test(lines[i]!)) items.push(unquote(lines[i++]!.replace(/^\s*-\s+/, '')));
      if (items.length > 0) data.set(key, items);
    } else if (value.startsWith('[') && value.endsWith(']')) {
      data.set(key, splitList(value.slice(1, -1)));
    } else {
      data.set(key, unquote(value));
    }
  }
  return data;
}

/** YAML's folded block: lines join with spaces, blank lines stay paragraph breaks. */
function foldBlock(lines: readonly string[]): string {
  return lines
    .reduce(
      (acc, line) => (line === '' ? `${acc}\n\n` : acc === '' || acc.endsWith('\n') ? acc + line : `${acc} ${line}`),
      '',
    )
    .trim();
}

function splitList(s: string): string[] {
  return s
    .split(',')
    .map(unquote)
    .filter((x) => x !== '');
}

function unquote(raw: string): string {
  const s = raw.trim();
  if (s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))) {
    const inner = s.slice(1, -1);
    return s.startsWith('"') ? inner.replace(/\\(["\\])/g, '$1') : inner.replace(/''/g, "'");
  }
  // A comment after a plain value.
  const hash = s.search(/\s#/);
  return hash < 0 ? s : s.slice(0, hash).trimEnd();
}

/** A value as a list: lists as they are, a string split on commas (tag names cannot hold commas). */
export function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? splitList(value) : value;
}

export function asString(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}
