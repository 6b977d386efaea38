/*
 * Escaping for everything the exporters write as markup (HTML, XHTML, OPF, NCX).
 * Only the five XML entities are ever written, so the output is both valid HTML
 * and well-formed XML.
 */

// Characters XML 1.0 forbids outright (C0 controls other than tab, LF and CR;
// U+FFFE/U+FFFF) and lone surrogates. They are replaced rather than dropped:
// a space or U+FFFD still separates words the way the control character did,
// so word counts do not change.
const XML_FORBIDDEN_RE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_RE = /[&<>\r]/g;
const ATTR_RE = /[&<>"\t\n\r]/g;
const REPLACEMENTS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // A literal CR, tab or newline would be normalised away by an XML parser.
  '\r': '&#xD;',
  '\t': '&#x9;',
  '\n': '&#xA;',
};

function replaceForbidden(s: string): string {
  XML_FORBIDDEN_RE.lastIndex = 0;
  if (!XML_FORBIDDEN_RE.test(s)) return s;
  return s.replace(XML_FORBIDDEN_RE, (c) => (c.charCodeAt(0) < 0x20 ? ' ' : '\uFFFD'));
}

/** Escapes text content. */
export function escapeText(s: string): string {
  return replaceForbidden(s).replace(TEXT_RE, (c) => REPLACEMENTS[c] ?? c);
}

/** Escapes an attribute value (to be written inside double quotes). */
export function escapeAttr(s: string): string {
  return replaceForbidden(s).replace(ATTR_RE, (c) => REPLACEMENTS[c] ?? c);
}
