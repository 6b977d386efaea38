/*
 * Most text writers submit is plain prose: paragraphs separated by one blank line, nothing HTML
 * would escape. For that text the sanitizer's answer is known without running it (each paragraph in
 * a <p>), and so are the word count and the plain text of the stored HTML. These two functions
 * recognise exactly that shape; everything else takes the full path. plain-paragraphs.test.ts checks
 * that both paths agree.
 */

// Characters that make text need the sanitizer: what HTML escapes, and every ASCII control character
// but the newline (tabs, CR and form feeds change how lines and paragraphs are found).
// eslint-disable-next-line no-control-regex
const NEEDS_SANITIZER_RE = /[\u0000-\u0009\u000b-\u001f\u007f&<>"']/;

/**
 * The paragraphs of `text` when textToHtml would only wrap each in <p> and join them with newlines:
 * no character in NEEDS_SANITIZER_RE, paragraphs separated by exactly one blank line, none empty,
 * none holding a line break or starting or ending with whitespace. Undefined otherwise.
 */
export function plainTextParagraphs(text: string): string[] | undefined {
  if (text === '' || NEEDS_SANITIZER_RE.test(text)) return undefined;
  const paragraphs = text.split('\n\n');
  for (const p of paragraphs) if (p === '' || p.includes('\n') || p !== p.trim()) return undefined;
  return paragraphs;
}

// Stored HTML of that shape: <p>…</p> lines whose text holds no markup, entity or NUL.
// eslint-disable-next-line no-control-regex
const PLAIN_HTML_RE = /^<p>[^<>&\u0000]*<\/p>(?:\n<p>[^<>&\u0000]*<\/p>)*$/;

/** The text of each paragraph when `html` is only <p> elements of plain text, one a line; undefined otherwise. */
export function plainHtmlParagraphs(html: string): string[] | undefined {
  if (!PLAIN_HTML_RE.test(html)) return undefined;
  return html.slice(3, -4).split('</p>\n<p>');
}
