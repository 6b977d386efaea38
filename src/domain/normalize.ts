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
// A regex character-class body, shared with snippet.ts.
export const CHAR_SCRIPTS = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Thai}`;

// Combining marks and apostrophes are deleted (café → cafe, don't → dont, as
// the word count does), except the kana voicing marks, which NFC puts back on
// their kana (が stays が rather than becoming か). New Tai Lue vowel signs and
// two Vedic signs have been letters since Unicode 8/10, but SQLite's older
// tables still call them marks and split words there: deleted like marks.
const DELETED_RE = /(?![\u3099\u309A])\p{M}|['’‘ʼ\u19B0-\u19C0\u19C8\u19C9\u1CF2\u1CF3]/gu;

// Letters PostgreSQL's parser does not take for letters: it asks libc
// (iswalpha), whose Unicode tables lag JavaScript's. Mostly letters added in
// Unicode 13 or later (glibc 2.36 and PGlite's libc both miss them), plus Thai
// ฯ ๆ in PGlite. They become separators so that both engines split alike;
// normalize.test.ts sweeps every letter through both, to catch the next ones.
const UNKNOWN_TO_LIBC_RE = new RegExp(
  `[${String.raw`
  \u0870-\u088F\u08B5\u08BE-\u08C9\u0C5C-\u0C5D\u0CDC-\u0CDD\u0D04\u0E2F\u0E46\u170D\u171F\u1B4C
  \u1C89-\u1C8A\u2C2F\u2C5F\u31BB-\u31BF\u4DB6-\u4DBF\u9FF0-\u9FFF\uA7C0-\uA7C1\uA7C7-\uA7F6
  \uAB68-\uAB69\u{10570}-\u{105F3}\u{10780}-\u{107BA}\u{10940}-\u{10959}\u{10D40}-\u{10EC7}
  \u{10F70}-\u{10FC4}\u{11071}-\u{11075}\u{11147}\u{1123F}-\u{11240}\u{11380}-\u{113D3}
  \u{11460}-\u{11461}\u{116D0}-\u{116E3}\u{11740}-\u{11746}\u{11900}-\u{11959}\u{11AB0}-\u{11ABF}
  \u{11BC0}-\u{11BF9}\u{11DB0}-\u{11DE9}\u{11F02}-\u{11FB0}\u{12F90}-\u{12FF0}\u{1342F}-\u{143FA}
  \u{16100}-\u{16139}\u{16A70}-\u{16AC9}\u{16D40}-\u{16D79}\u{16EA0}-\u{16ED3}\u{16FF2}-\u{16FF3}
  \u{187F8}-\u{187FF}\u{18AF3}-\u{1AFFE}\u{1B11F}-\u{1B132}\u{1B155}\u{1CCF0}-\u{1CCF9}
  \u{1DF00}-\u{1E06D}\u{1E290}-\u{1E2AD}\u{1E4D0}-\u{1E7FE}\u{1FBF0}-\u{1FBF9}\u{2B739}-\u{2B73F}
  \u{2CEA2}-\u{2CEAD}\u{2EBF0}-\u{2EE5D}\u{30000}-\u{33479}
`.replace(/\n\s*/g, '')}]`,
  'gu',
);

// A CJK/Thai letter is padded with spaces; any other run of non-letters and
// non-digits becomes one space.
const SPLIT_RE = new RegExp(`((?=[\\p{L}\\p{Nd}])[${CHAR_SCRIPTS}])|[^\\p{L}\\p{Nd}]+`, 'gu');

// Greek final sigma: lower-casing writes ς at the end of a word and σ
// elsewhere. FTS5 folds ς into σ, PostgreSQL does not; so we do.
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
    .replace(UNKNOWN_TO_LIBC_RE, ' ')
    .replace(SPLIT_RE, (_m, cjk: string | undefined) => (cjk === undefined ? ' ' : ` ${cjk} `));
  const text = s.replace(/ {2,}/g, ' ').trim();
  const body = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) body[i] = text.charCodeAt(i);
  return { lead: s.startsWith(' '), body, trail: s.endsWith(' ') };
}

// PostgreSQL silently drops words of 2047 bytes or more, from documents and
// queries alike, where FTS5 keeps them: tokens are cut to 256 code points
// (at most 1 KiB of UTF-8).
export const MAX_TOKEN_CHARS = 256;
const LONG_TOKEN_RE = new RegExp(`([^ ]{${MAX_TOKEN_CHARS}})[^ ]+`, 'gu');

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
  let out: Uint16Array = new Uint16Array(n + (n >> 1) + 16);
  let len = 0;
  let pending = false; // a separator was seen since the last token character
  let run = 0; // code units written since the last space (over-counts, which is safe)
  let long = false;
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
        run = 0;
      }
      out[len++] = c;
      if (++run > MAX_TOKEN_CHARS) long = true;
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
        run = 0;
      }
      for (let k = 0; k < body.length; k++) out[len++] = body[k]!;
      run += body.length;
      if (run > MAX_TOKEN_CHARS) long = true;
    }
    if (f.trail) pending = true;
  }
  const result = utf16.decode(out.subarray(0, len));
  return long ? result.replace(LONG_TOKEN_RE, '$1') : result;
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
