import { Parser } from 'htmlparser2';
import { plainHtmlParagraphs } from './plain-paragraphs.js';

/*
 * Word counting, matching AO3's Otw::WordCounter so that counts are comparable
 * with works imported from (or cross-posted to) AO3:
 *
 *   node.inner_text.gsub(/--/, "—").gsub(/['’‘-]/, "")
 *     .scan(/[\p{Han}|\p{Hiragana}|…]|((?!\p{Han}|…)[[:word:]])+/).size
 *
 * applied to every text node of the parsed HTML and summed.
 */

// Scripts written without spaces between words: every character is a word.
const CHAR_SCRIPTS = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}`;
// Ruby's [[:word:]] on Unicode strings is Letter | Mark | Decimal_Number | Connector_Punctuation.
const WORD_CHAR = String.raw`\p{L}\p{M}\p{Nd}\p{Pc}`;

// Either one character of the four scripts, or a maximal run of other word
// characters. The lookahead is per character, so the scan stays linear.
const WORD_RE = new RegExp(`[${CHAR_SCRIPTS}]|(?:(?![${CHAR_SCRIPTS}])[${WORD_CHAR}])+`, 'gu');
const DOUBLE_HYPHEN_RE = /--/g;
const JOINER_RE = /['‘’-]/g;

/** Counts the words of one plain-text string (one HTML text node). */
export function countWordsPlain(text: string): number {
  if (text === '') return 0;
  return countAsciiWords(text) ?? countWordsByRule(text);
}

// How countAsciiWords treats a character: part of a word, deleted (joins what is either side), or a
// separator. Only ASCII and the handful of typographic marks English prose is full of are classed;
// any other character sends the text to the rule itself.
const WORD = 0;
const JOINER = 1;
const SEPARATOR = 2;
const UNKNOWN = 3;

// ASCII by table: [[:word:]] is letters, digits and "_"; "'" is deleted; "-" is handled by the caller.
const ASCII_KIND = new Uint8Array(128).fill(SEPARATOR);
for (let c = 0; c < 128; c++) if (/[A-Za-z0-9_]/.test(String.fromCharCode(c))) ASCII_KIND[c] = WORD;
ASCII_KIND[39] = JOINER;

/** The kind of a character beyond ASCII. */
function kindOfMark(c: number): number {
  if (c === 0x2018 || c === 0x2019) return JOINER; // ‘ ’
  if (c === 0xa0 || c === 0x2013 || c === 0x2014 || c === 0x201c || c === 0x201d || c === 0x2026) return SEPARATOR; // nbsp – — “ ” …
  return UNKNOWN;
}

/**
 * The same count as countWordsByRule for text made only of ASCII and the marks kindOfMark knows, in
 * one pass with no regular expression (the rule's Unicode classes took 6 % of a bulk import's time);
 * undefined for any other text. Word runs are counted as they start. "--" is a separator, read left
 * to right as the rule's replace reads it; a single "-" is deleted.
 */
function countAsciiWords(text: string): number | undefined {
  let count = 0;
  let inWord = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 45) {
      if (i + 1 < n && text.charCodeAt(i + 1) === 45) {
        inWord = false;
        i++;
      }
      continue;
    }
    const kind = c < 0x80 ? ASCII_KIND[c]! : kindOfMark(c);
    if (kind === WORD) {
      if (!inWord) count++;
      inWord = true;
    } else if (kind === SEPARATOR) inWord = false;
    else if (kind === UNKNOWN) return undefined;
  }
  return count;
}

/** The rule as written above, for any text (exported for the test that the fast count agrees). */
export function countWordsByRule(text: string): number {
  if (text === '') return 0;
  // Order matters: "--" must become an em dash (a separator) before single
  // hyphens are deleted, so "one--two" is two words but "one-two" is one.
  const prepared = text.replace(DOUBLE_HYPHEN_RE, '—').replace(JOINER_RE, '');
  WORD_RE.lastIndex = 0;
  let count = 0;
  while (WORD_RE.exec(prepared) !== null) count++;
  return count;
}

// Elements whose text is not prose. (Sanitized bodies never contain them.)
const SKIPPED_ELEMENTS = new Set(['script', 'style']);

/** Counts the words of an HTML fragment, text node by text node. */
export function countWords(html: string): number {
  if (html === '') return 0;
  // <p> lines of plain text: one text node per paragraph (the newlines between hold no words).
  const plain = plainHtmlParagraphs(html);
  if (plain) return plain.reduce((n, p) => n + countWordsPlain(p), 0);
  return countParsedWords(html);
}

/** countWords without its plain-paragraph shortcut (exported for the test that they agree). */
export function countParsedWords(html: string): number {
  if (html === '') return 0;
  let total = 0;
  let skipDepth = 0;
  // htmlparser2 reports one text node in several ontext calls (it splits at
  // every character reference and at chunk boundaries), so the pieces are
  // gathered and counted as one node: "don&#39;t" and "caf&eacute;" are one
  // word each, as they are for AO3.
  let pending: string[] = [];

  const flush = (): void => {
    if (pending.length === 0) return;
    const text = pending.length === 1 ? pending[0]! : pending.join('');
    pending = [];
    if (skipDepth === 0) total += countWordsPlain(text);
  };

  const parser = new Parser(
    {
      ontext(data) {
        pending.push(data);
      },
      onopentagname(name) {
        flush();
        if (SKIPPED_ELEMENTS.has(name)) skipDepth++;
      },
      onclosetag(name) {
        flush();
        if (SKIPPED_ELEMENTS.has(name) && skipDepth > 0) skipDepth--;
      },
      oncomment: flush,
      oncdatastart: flush,
      onprocessinginstruction: flush,
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return total;
}
