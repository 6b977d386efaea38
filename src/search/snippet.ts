import { CHAR_SCRIPTS, MAX_TOKEN_CHARS, normalizeForIndex, tokens } from '../domain/normalize.js';

/*
 * Search-result snippets: a window of the original text around the first
 * match, with every match in it marked. Matching goes through the same
 * normalisation as the index (case, diacritics, apostrophes, CJK one letter
 * per token), so what the engines matched is what gets highlighted. Plain
 * text only: the templates escape it.
 */

export interface SnippetSegment {
  text: string;
  hit: boolean;
}

// What normalizeForIndex makes one or more tokens of: a CJK/Thai letter (with
// any marks after it), or a run of other letters, digits and marks, joined
// across in-word apostrophes. Mirrors domain/normalize.ts so offsets map back.
const WORD = String.raw`(?:(?![${CHAR_SCRIPTS}])[\p{L}\p{Nd}\p{M}])+`;
const WORD_RE = new RegExp(`(?=[\\p{L}\\p{Nd}])[${CHAR_SCRIPTS}]\\p{M}*|${WORD}(?:['’‘ʼ]+${WORD})*`, 'gu');
const ASCII_RE = /^[A-Za-z0-9']+$/; // most words: fold them without the general path
const SPACE_RE = /\s/u;
// A cut must not separate a character from its combining marks or split a surrogate pair.
const CONTINUATION_RE = /^[\p{M}\uDC00-\uDFFF]/u;

interface Matcher {
  exact: Set<string>;
  prefixes: string[];
  /** First code units of all tokens and prefixes: most ASCII words are rejected on that alone. */
  firsts: Set<number>;
  /** Normalised forms of the non-ASCII words seen so far (CJK text repeats a few thousand letters). */
  seen: Map<string, boolean>;
}

/** Terms as from positiveTokens(): raw words are normalised; a trailing `*` makes the last token a prefix. */
function matcher(terms: string[]): Matcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const term of terms) {
    const prefix = /\*+$/.test(term);
    const toks = tokens(term.replace(/\*+$/, ''));
    toks.forEach((t, i) => (prefix && i === toks.length - 1 ? prefixes.push(t) : exact.add(t)));
  }
  const firsts = new Set([...exact, ...prefixes].map((t) => t.charCodeAt(0)));
  return { exact, prefixes, firsts, seen: new Map() };
}

function tokenHit(t: string, m: Matcher): boolean {
  if (m.exact.has(t)) return true;
  for (const p of m.prefixes) if (t.startsWith(p)) return true;
  return false;
}

function isHit(word: string, m: Matcher): boolean {
  if (word.length <= MAX_TOKEN_CHARS && ASCII_RE.test(word)) {
    // One token: the word lower-cased without apostrophes (| 0x20 lower-cases an ASCII letter).
    if (!m.firsts.has(word.charCodeAt(0) | 0x20)) return false;
    return tokenHit(word.toLowerCase().replace(/'/g, ''), m);
  }
  let hit = m.seen.get(word);
  if (hit === undefined) {
    const norm = normalizeForIndex(word);
    hit = norm !== '' && norm.split(' ').some((t) => tokenHit(t, m));
    if (m.seen.size < 100_000) m.seen.set(word, hit);
  }
  return hit;
}

/** Hits as [start, end) offsets in text, from `from`, stopping at `to` or after `limit` hits. */
function findHits(text: string, m: Matcher, from: number, to: number, limit: number): [number, number][] {
  const re = new RegExp(WORD_RE.source, WORD_RE.flags); // own lastIndex: re-entrant
  re.lastIndex = from;
  const hits: [number, number][] = [];
  for (let w = re.exec(text); w !== null && hits.length < limit; w = re.exec(text)) {
    const end = w.index + w[0].length;
    if (end > to) break;
    if (isHit(w[0], m)) hits.push([w.index, end]);
  }
  return hits;
}

/** Moves a window start forward to just after whitespace (if any lies before `limit`). */
function snapStart(text: string, start: number, limit: number): number {
  if (start <= 0) return 0;
  for (let i = start - 1; i < limit; i++) if (SPACE_RE.test(text[i]!)) return i + 1;
  // No space (CJK, or one long word): every character boundary is a word boundary there.
  while (start < limit && CONTINUATION_RE.test(text[start]!)) start++;
  return start;
}

/** Moves a window end back to whitespace (if any lies after `limit`). */
function snapEnd(text: string, end: number, limit: number): number {
  if (end >= text.length) return text.length;
  for (let i = end; i > limit; i--) if (SPACE_RE.test(text[i]!)) return i;
  while (end < text.length && CONTINUATION_RE.test(text[end]!)) end++;
  return end;
}

/**
 * The first match of any term in `text` with about `radius` characters on
 * each side, cut at word boundaries, `…` where text was cut, split into
 * segments with every match marked. Without a match: the first ~2×radius
 * characters, unmarked. Whitespace runs become single spaces.
 */
export function highlight(text: string, terms: string[], radius = 80): SnippetSegment[] {
  radius = Math.max(0, Math.floor(radius));
  const m = matcher(terms);
  const canMatch = m.exact.size > 0 || m.prefixes.length > 0;
  const first = canMatch ? findHits(text, m, 0, text.length, 1)[0] : undefined;

  let start: number;
  let end: number;
  let hits: [number, number][] = [];
  if (first) {
    start = snapStart(text, first[0] - radius, first[0]);
    end = snapEnd(text, first[1] + radius, first[1]);
    hits = findHits(text, m, start, end, Infinity);
  } else {
    start = 0;
    end = snapEnd(text, 2 * radius, radius);
  }

  const parts: SnippetSegment[] = [];
  let cursor = start;
  for (const [s, e] of hits) {
    parts.push({ text: text.slice(cursor, s), hit: false }, { text: text.slice(s, e), hit: true });
    cursor = e;
  }
  parts.push({ text: text.slice(cursor, end), hit: false });
  return tidy(parts, start > 0, end < text.length);
}

/** Collapses whitespace, trims the ends, adds ellipses, drops empty and merges neighbouring segments. */
function tidy(parts: SnippetSegment[], cutStart: boolean, cutEnd: boolean): SnippetSegment[] {
  const segs = parts.map((p) => ({ text: p.text.replace(/\s+/gu, ' '), hit: p.hit }));
  const firstSeg = segs[0];
  const lastSeg = segs[segs.length - 1];
  if (firstSeg && !firstSeg.hit) firstSeg.text = firstSeg.text.trimStart();
  if (lastSeg && !lastSeg.hit) lastSeg.text = lastSeg.text.trimEnd();
  if (segs.every((s) => s.text === '')) return [];
  if (cutStart) segs.unshift({ text: '…', hit: false });
  if (cutEnd) segs.push({ text: '…', hit: false });
  const out: SnippetSegment[] = [];
  for (const s of segs) {
    if (s.text === '') continue;
    const prev = out[out.length - 1];
    if (prev && prev.hit === s.hit) prev.text += s.text;
    else out.push({ ...s });
  }
  return out;
}
