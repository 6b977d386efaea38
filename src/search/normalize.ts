/*
 * Text normalisation shared by the search index and the search box.
 *
 * SQLite (FTS5 unicode61) and PostgreSQL (to_tsvector('simple', …)) tokenise
 * raw text differently: they disagree on hyphens, underscores, dots ("v1.2" is
 * one PostgreSQL token), e-mail addresses, URLs, diacritics and CJK. So we do
 * the tokenising here and hand both engines text made only of letters,
 * decimal digits and single ASCII spaces, which both split exactly at the
 * spaces: FTS5's token characters include every letter and digit, and
 * PostgreSQL's default parser treats non-ASCII letters as word characters (in
 * a C or C.UTF-8 database every non-ASCII character is one; in other locales
 * libc's iswalpha decides). normalize.test.ts checks this against both engines.
 */

// Scripts written without spaces between words: each letter is its own token,
// so any sub-string of CJK or Thai text can be searched as a phrase of
// one-character tokens. Script_Extensions (scx), so that e.g. the prolonged
// sound mark ー (Script=Common) is split off like the kana around it.
const CHAR_SCRIPTS = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Thai}`;

// Combining marks and apostrophes are deleted (café → cafe, don't → dont, as
// the word count does), except the kana voicing marks, which NFC puts back on
// their kana (が stays が rather than becoming か).
const DELETED_RE = /(?![\u3099\u309A])\p{M}|['’‘ʼ]/gu;

// A CJK/Thai letter is padded with spaces; any other run of non-letters and
// non-digits becomes one space.
const SPLIT_RE = new RegExp(`((?=[\\p{L}\\p{Nd}])[${CHAR_SCRIPTS}])|[^\\p{L}\\p{Nd}]+`, 'gu');

// Greek final sigma: lower-casing writes ς at the end of a word and σ
// elsewhere, and neither engine folds one into the other.
const FINAL_SIGMA_RE = /ς/g;

// Characters whose folding depends on their neighbours: decomposed or
// half-width kana voicing marks, and Hangul jamo that compose into syllables.
// Text holding any of them is NFKC-composed first (rare, and costs a pass).
const CONTEXT_RE = /[\u3099\u309A\uFF9E\uFF9F\u1100-\u11FF\u3131-\u318E\uA960-\uA97F\uD7B0-\uD7FF]/;

/** How one non-ASCII code point comes out: its text, and whether it ends the token before/after it. */
interface Folded {
  lead: boolean;
  body: Uint16Array;
  trail: boolean;
}

/** The reference fold, run once per distinct non-ASCII code point and cached. */
function foldSlow(ch: string): Folded {
  const s = ch
    .normalize('NFKD') // compatibility forms (ﬁ, ＡＢＣ, ㎒) become plain letters
    .toLowerCase() // not toLocaleLowerCase: the result must not depend on the server's locale
    .replace(DELETED_RE, '')
    .normalize('NFC') // recompose Hangul syllables and voiced kana
    .replace(FINAL_SIGMA_RE, 'σ')
    .replace(SPLIT_RE, (_m, cjk: string | undefined) => (cjk === undefined ? ' ' : ` ${cjk} `));
  const text = s.replace(/ {2,}/g, ' ').trim();
  const body = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) body[i] = text.charCodeAt(i);
  return { lead: s.startsWith(' '), body, trail: s.endsWith(' ') };
}

const SPACE: Folded = { lead: true, body: new Uint16Array(0), trail: true };
const folds = new Map<number, Folded>();

function fold(cp: number): Folded {
  let f = folds.get(cp);
  if (f === undefined) {
    f = cp >= 0xd800 && cp <= 0xdfff ? SPACE : foldSlow(String.fromCodePoint(cp)); // lone surrogate
    // Bounded, so that text made of every code point cannot grow it forever.
    if (folds.size >= 20_000) folds.clear();
    folds.set(cp, f);
  }
  return f;
}

const utf16 = new TextDecoder('utf-16le');

/**
 * Normalises text for the full-text index and for query terms: lower-case,
 * diacritics and apostrophes removed, every other non-letter/digit a
 * separator, CJK/Thai letters one per token, tokens joined by single spaces.
 */
export function normalizeForIndex(input: string): string {
  const text = CONTEXT_RE.test(input) ? input.normalize('NFKC') : input;
  const n = text.length;
  // One pass writing UTF-16 code units into a growable buffer: regex replaces
  // with callbacks and string building both cost seconds on 5 MB of text.
  let out = new Uint16Array(n + (n >> 1) + 16);
  let len = 0;
  let pending = false; // a separator was seen since the last token character
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      i++;
      if (c >= 65 && c <= 90) c += 32;
      else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
        if (c !== 39) pending = true; // ASCII apostrophe: deleted, joins the word
        continue;
      }
      if (len + 2 > out.length) out = grow(out, 2);
      if (pending) {
        if (len > 0) out[len++] = 32;
        pending = false;
      }
      out[len++] = c;
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
    }
    i += cp > 0xffff ? 2 : 1;
    const f = fold(cp);
    if (f.lead) pending = true;
    const body = f.body;
    if (body.length > 0) {
      if (len + body.length + 1 > out.length) out = grow(out, body.length + 1);
      if (pending) {
        if (len > 0) out[len++] = 32;
        pending = false;
      }
      for (let k = 0; k < body.length; k++) out[len++] = body[k]!;
    }
    if (f.trail) pending = true;
  }
  return utf16.decode(out.subarray(0, len));
}

function grow(buf: Uint16Array, need: number): Uint16Array {
  const bigger = new Uint16Array(buf.length * 2 + need);
  bigger.set(buf);
  return bigger;
}

/** The tokens both engines will see for `text`, in order. */
export function tokens(text: string): string[] {
  const normalized = normalizeForIndex(text);
  return normalized === '' ? [] : normalized.split(' ');
}
