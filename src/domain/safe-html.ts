import sanitize from 'sanitize-html';
import { Parser } from 'htmlparser2';
import { plainHtmlParagraphs, plainTextParagraphs } from './plain-paragraphs.js';
import { escapeHtml } from './escape-html.js';

/*
 * The one place where user-supplied HTML is made safe. Everything a writer
 * submits (bodies, summaries, notes) goes through textToHtml(); anything that
 * needs to re-clean stored HTML uses sanitizeHtml(). Both are idempotent, so
 * re-cleaning stored text on every save or migration never changes it.
 */

/** Every element the sanitizer keeps (exported for the exporters' tests, which must handle them all). */
export const ALLOWED_TAGS = [
  'a',
  'abbr',
  'acronym',
  'address',
  'b',
  'big',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'details',
  'figcaption',
  'figure',
  'dd',
  'del',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'u',
  'ul',
  'var',
];
const ALLOWED_TAG_SET = new Set(ALLOWED_TAGS);

const CELL_ATTRIBUTES = ['abbr', 'axis', 'colspan', 'height', 'rowspan', 'width'];

// Removed together with everything inside them (sanitize-html's nonTextTags).
const REMOVED_WITH_CONTENT = [
  'iframe',
  'math',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
  'script',
  'style',
  'svg',
  'xmp',
];

// Browsers ignore ASCII control characters and spaces inside URLs, so they are
// removed before looking at the scheme (the same clean-up sanitize-html does).
// eslint-disable-next-line no-control-regex
const URL_IGNORED_CHARS = /[\u0000-\u0020]+/g;
// `http://…`, `https://…` or protocol-relative `//…` (browsers read `\` as `/`).
// Requiring the slashes also rejects `http:foo.png`, which a browser on an http
// page resolves as a relative URL.
const ABSOLUTE_HTTP_URL = /^(?:https?:)?[/\\]{2}/i;

const SANITIZE_OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    '*': ['align', 'dir', 'lang', 'title'],
    // `rel` is listed only so the value forced by transformTags survives.
    a: ['href', 'name', 'rel'],
    blockquote: ['cite'],
    q: ['cite'],
    col: ['span', 'width'],
    colgroup: ['span', 'width'],
    details: ['open'],
    hr: ['align', 'width'],
    img: ['align', 'alt', 'border', 'height', 'src', 'width'],
    ol: ['start', 'type'],
    ul: ['type'],
    table: ['border', 'summary', 'width'],
    td: CELL_ATTRIBUTES,
    th: [...CELL_ATTRIBUTES, 'scope'],
  },
  // sanitize-html keys scheme lists by TAG, not by attribute; relative URLs
  // (no scheme) always pass its check, which is what we want for href and cite.
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {
    a: ['http', 'https', 'ftp', 'mailto'],
    img: ['http', 'https'],
    blockquote: ['http', 'https'],
    q: ['http', 'https'],
  },
  // Every place that allows a scheme allows http, so `//host` is fine everywhere.
  allowProtocolRelative: true,
  nonTextTags: REMOVED_WITH_CONTENT,
  disallowedTagsMode: 'discard',
  // No style attribute is ever allowed, so there is nothing to parse.
  parseStyleAttributes: false,
  transformTags: {
    // Overwrites whatever rel the writer gave, so the value is always exactly this.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow' } }),
    img: (tagName, attribs) => {
      // sanitize-html lets relative URLs through whatever the scheme list says;
      // an image must be an absolute http(s) URL (no relative, no data:).
      const src = attribs.src;
      if (src === undefined || ABSOLUTE_HTTP_URL.test(src.replace(URL_IGNORED_CHARS, ''))) {
        return { tagName, attribs };
      }
      const rest = { ...attribs };
      delete rest.src;
      return { tagName, attribs: rest };
    },
  },
};

/**
 * Sanitizes HTML against the archive's allowlist. Text is kept as written
 * (entities are decoded; only `<`, `>`, `&` and, in attributes, `"` are
 * escaped). Idempotent: sanitizeHtml(sanitizeHtml(x)) === sanitizeHtml(x).
 */
export function sanitizeHtml(input: string): string {
  let discardedTag = false;
  const once = sanitize(input, {
    ...SANITIZE_OPTIONS,
    onOpenTag: (name) => {
      if (!ALLOWED_TAG_SET.has(name)) discardedTag = true;
    },
  });
  // htmlparser2 closes elements implicitly based on the element at the top of
  // its stack (a <div> closes an open <p>, an <li> an open <li>, ...). A
  // discarded tag can hide that relationship in the first pass: in
  // "<p><font><div>" the <div> does not close the <p>, yet the output is
  // "<p><div>", which a second parse splits. One more pass over output that
  // holds only allowed tags reaches the fixed point, because nothing is
  // discarded in it.
  return discardedTag ? sanitize(once, SANITIZE_OPTIONS) : once;
}

// Elements that make pasted HTML "structured": when any of these survive
// sanitizing, the writer's layout is kept as is. This is the allowed block
// elements plus list and table parts (which should never be wrapped in <p>).
const BLOCK_TAG_RE =
  /<(?:p|div|blockquote|h[1-6]|ul|ol|dl|table|pre|hr|details|figure|figcaption|center|address|li|dd|dt|tr|td|th|thead|tbody|tfoot|caption|colgroup|col|summary)[\s/>]/;
// `[^<>]` rather than `[^>]`: with many unclosed "<a" the latter rescans to
// the end of the text from each one (quadratic on a 500 KB chapter).
const HAS_TAG_RE = /<\/?[a-zA-Z][^<>]*>/;

/**
 * Turns what a writer submitted (body, summary or notes) into safe stored HTML.
 *
 * Writers mostly type plain text into a textarea and expect their blank lines
 * to become paragraphs and their line breaks to stay line breaks; others paste
 * HTML from an editor or from AO3 and expect it to be kept as they wrote it.
 * So:
 * - no HTML tag at all: plain text; escaped, blank lines separate paragraphs,
 *   single newlines become `<br />`;
 * - HTML without any block element (just <i>, <b>, <br>...): sanitized, then
 *   given the same paragraph treatment (inline elements that span a blank
 *   line are closed and reopened around the paragraph break);
 * - HTML with block elements: only sanitized.
 *
 * Whitespace-only input gives "". Idempotent: textToHtml(textToHtml(x)) ===
 * textToHtml(x), so stored text can be passed through it again safely.
 */
export function textToHtml(input: string): string {
  // Plain paragraphs (most prose) come out of the steps below as <p> lines: skip the parsing.
  const plain = plainTextParagraphs(input);
  if (plain) return plain.map((p) => `<p>${p}</p>`).join('\n');
  return sanitizedTextToHtml(input);
}

/** textToHtml without its plain-text shortcut (exported for the test that they agree). */
export function sanitizedTextToHtml(input: string): string {
  if (input.trim() === '') return '';
  const text = trimAsciiWhitespace(normaliseNewlines(input));

  let html: string;
  if (!HAS_TAG_RE.test(text)) {
    html = sanitizeHtml(paragraphs(escapeHtml(text)));
  } else {
    // The block check runs on the sanitized HTML: a disallowed block element
    // (<section>, <form>...) is gone after sanitizing, and deciding on the
    // output keeps the function idempotent. Sanitizing first also means the
    // paragraph pass only ever sees well-formed, fully escaped markup.
    const clean = sanitizeHtml(text);
    html = BLOCK_TAG_RE.test(clean) ? clean : sanitizeHtml(paragraphs(clean));
  }
  // `&#13;` decodes to a literal CR; normalise it here too, or a second call
  // (which normalises its input) would not return the same string.
  return trimAsciiWhitespace(normaliseNewlines(html));
}

function normaliseNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

function isAsciiWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/**
 * Trims ASCII whitespace only: String#trim would also remove U+3000 (the
 * ideographic space Japanese and Chinese writers indent paragraphs with) and
 * no-break spaces. Done with index scans, because a regex like /\s+$/ is
 * quadratic on long runs of inner whitespace.
 */
function trimAsciiWhitespace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isAsciiWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function trimEndSpacesAndTabs(s: string): string {
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === 0x20 || s.charCodeAt(end - 1) === 0x09)) end--;
  return s.slice(0, end);
}

// A tag of well-formed HTML (escaped text and attributes hold no `<` or `>`),
// or a run of newlines where lines holding only spaces/tabs count as blank.
const TAG_OR_NEWLINES_RE = /<[^<>]*>|\n[ \t]*(?:\n[ \t]*)*/g;
const BR_TAG_RE = /^<br[\s/>]/;
const IMG_TAG_RE = /^<img[\s/>]/;
// Anything but ASCII whitespace: a paragraph holding only a no-break space is a
// deliberate spacer and is kept.
const HAS_VISIBLE_CHAR_RE = /[^ \t\n\f\r]/;
// Deepest stack of inline elements carried over a paragraph break.
const MAX_REOPENED = 8;

/**
 * Wraps sanitized (or escaped plain) text in paragraphs: a blank line starts a
 * new paragraph, a single newline becomes `<br />` (unless it directly follows
 * a `<br>` the writer typed). Inline elements open across a paragraph break
 * are closed before it and reopened after it, so `<i>` around two paragraphs
 * italicises both. Paragraphs with no text and no image are dropped.
 */
function paragraphs(html: string): string {
  const out: string[] = [];
  let current: string[] = [];
  let hasContent = false;
  let afterBr = false;
  // Open inline elements: [name, opening tag].
  const open: Array<[string, string]> = [];

  const addText = (text: string): void => {
    if (text === '') return;
    current.push(text);
    if (HAS_VISIBLE_CHAR_RE.test(text)) {
      hasContent = true;
      afterBr = false;
    }
  };
  const endParagraph = (): void => {
    for (let k = open.length - 1; k >= 0; k--) current.push(`</${open[k]![0]}>`);
    if (hasContent) out.push(`<p>${current.join('')}</p>`);
    if (open.length > MAX_REOPENED) {
      // Reopening every element in every paragraph is quadratic: 5,000
      // unclosed "<i>x\n\n" would grow 40 KB into 90 MB. Beyond a sane depth
      // the elements end with the paragraph; their closing tags are skipped.
      open.length = 0;
    }
    current = open.map(([, tag]) => tag);
    hasContent = false;
    afterBr = false;
  };

  let last = 0;
  TAG_OR_NEWLINES_RE.lastIndex = 0;
  for (let m = TAG_OR_NEWLINES_RE.exec(html); m !== null; m = TAG_OR_NEWLINES_RE.exec(html)) {
    const token = m[0];
    if (token.startsWith('<')) {
      addText(html.slice(last, m.index));
      if (token.startsWith('</')) {
        // The input is well-formed, so this closes the innermost open element
        // (or, with `open` empty, one that was ended at a paragraph break).
        if (open.pop() !== undefined) current.push(token);
      } else if (token.endsWith('/>')) {
        // sanitize-html writes every void element as `<x ... />`.
        current.push(token);
        if (IMG_TAG_RE.test(token)) hasContent = true;
        afterBr = BR_TAG_RE.test(token);
      } else {
        current.push(token);
        open.push([/^<([a-z0-9]+)/i.exec(token)?.[1] ?? 'span', token]);
        afterBr = false;
      }
    } else {
      addText(trimEndSpacesAndTabs(html.slice(last, m.index)));
      if (token.indexOf('\n', 1) !== -1) {
        endParagraph();
      } else {
        current.push(afterBr ? '\n' : '<br />\n');
        afterBr = true;
      }
    }
    last = m.index + token.length;
  }
  addText(html.slice(last));
  endParagraph();
  return out.join('\n');
}

// Elements after which plain text starts a new paragraph / a new line.
const PARAGRAPH_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'details',
  'div',
  'dl',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'ul',
]);
const LINE_ELEMENTS = new Set(['dd', 'dt', 'li', 'tr']);
const CELL_ELEMENTS = new Set(['td', 'th']);
const INVISIBLE_ELEMENTS = new Set(['head', 'script', 'style', 'template', 'title', ...REMOVED_WITH_CONTENT]);

/**
 * Renders HTML as plain text (TXT exports, previews): block elements become
 * paragraphs separated by a blank line, `<br>` and list items a new line,
 * table cells are separated by a space, entities are decoded, runs of
 * whitespace collapse to one space (except inside <pre>) and lines are
 * trimmed. Images are omitted.
 */
export function htmlToPlainText(html: string): string {
  if (html === '') return '';
  // <p> lines of plain text: each paragraph's whitespace runs become one space (as below).
  const plain = plainHtmlParagraphs(html);
  if (plain)
    return plain
      .map(collapseHtmlSpace)
      .filter((p) => p !== '')
      .join('\n\n');
  return parsedHtmlToPlainText(html);
}

const HTML_SPACE_RUN_RE = /[ \t\n\f\r]+/;
// Text that is already collapsed: no HTML whitespace but single inner spaces.
const NEEDS_COLLAPSE_RE = /[\t\n\f\r]| {2}|^ | $/;
const collapseHtmlSpace = (text: string): string =>
  !NEEDS_COLLAPSE_RE.test(text)
    ? text
    : text
        .split(HTML_SPACE_RUN_RE)
        .filter((w) => w !== '')
        .join(' ');

/** htmlToPlainText without its plain-paragraph shortcut (exported for the test that they agree). */
export function parsedHtmlToPlainText(html: string): string {
  // Pieces are collected in an array: repeatedly slicing a growing string
  // would be quadratic on long chapters.
  const pieces: string[] = [];
  let lastChar = ''; // last character written, "" at the start
  // Break owed before the next text: 0 none, 1 newline, 2 blank line.
  let pendingBreak = 0;
  let pendingSpace = false;
  let preDepth = 0;
  let hiddenDepth = 0;

  const requestBreak = (level: number): void => {
    if (level > pendingBreak) pendingBreak = level;
  };
  const write = (text: string): void => {
    if (lastChar !== '') {
      if (pendingBreak > 0) pieces.push(pendingBreak === 2 ? '\n\n' : '\n');
      else if (pendingSpace && lastChar !== '\n' && lastChar !== ' ') pieces.push(' ');
    }
    pendingBreak = 0;
    pendingSpace = false;
    pieces.push(text);
    lastChar = text.charAt(text.length - 1);
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (INVISIBLE_ELEMENTS.has(name)) hiddenDepth++;
        if (name === 'pre') preDepth++;
        if (PARAGRAPH_ELEMENTS.has(name)) requestBreak(2);
        else if (LINE_ELEMENTS.has(name)) requestBreak(1);
        else if (CELL_ELEMENTS.has(name)) pendingSpace = true;
      },
      onclosetag(name) {
        if (INVISIBLE_ELEMENTS.has(name) && hiddenDepth > 0) hiddenDepth--;
        if (name === 'pre' && preDepth > 0) preDepth--;
        if (PARAGRAPH_ELEMENTS.has(name)) requestBreak(2);
        // A <br> ends the line even when no text follows on it ("a<br><br>b").
        else if (name === 'br') {
          if (lastChar !== '' && hiddenDepth === 0) write('\n');
        } else if (LINE_ELEMENTS.has(name)) requestBreak(1);
        else if (CELL_ELEMENTS.has(name)) pendingSpace = true;
      },
      ontext(data) {
        if (hiddenDepth > 0) return;
        if (preDepth > 0) {
          write(data);
          return;
        }
        // HTML whitespace only: no-break and ideographic spaces are content.
        const parts = data.split(/[ \t\n\f\r]+/);
        for (let k = 0; k < parts.length; k++) {
          if (k > 0) pendingSpace = true;
          if (parts[k] !== '') write(parts[k]!);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();

  // Tidy: no trailing spaces on lines, at most one blank line in a row.
  const lines = pieces.join('').split('\n').map(trimEndSpacesAndTabs);
  return trimAsciiWhitespace(lines.join('\n').replace(/\n{3,}/g, '\n\n'));
}

const COMMENT_OPTIONS: sanitize.IOptions = {
  ...SANITIZE_OPTIONS,
  allowedTags: ALLOWED_TAGS.filter((t) => t !== 'img'),
};

/** A comment's stored HTML: as work text (textToHtml), without images. */
export function commentToHtml(input: string): string {
  const html = textToHtml(input);
  return html.includes('<img') ? sanitize(html, COMMENT_OPTIONS) : html;
}
