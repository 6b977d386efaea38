/*
 * Attributes of sanitized user HTML (src/domain/safe-html.ts lists them) as
 * XHTML5 that epubcheck accepts: valid values are kept, obsolete presentational
 * attributes become classes or are dropped. None of them carries text, so
 * dropping one never changes what a reader reads.
 */

/** How URLs and anchors in one XHTML file are rewritten. */
export interface UrlRewriter {
  /** An absolute http(s)/mailto/ftp URL, or undefined when the value cannot be one. */
  absolute(url: string): string | undefined;
  /** A link target: `#anchor` within the file, or an absolute URL. */
  href(url: string): string | undefined;
}

const ALIGN_VALUES = new Set(['left', 'right', 'center', 'justify']);
const DIR_VALUES = new Set(['ltr', 'rtl', 'auto']);
const OL_TYPES = new Set(['1', 'a', 'A', 'i', 'I']);
const SCOPES = new Set(['row', 'col', 'rowgroup', 'colgroup']);
const INTEGER_RE = /^\s*([+-]?\d{1,9})\s*$/;

// language, optional script, optional region ("fr", "zh-Hant", "pt-BR", "es-419").
// Anything else a writer typed ("english", "fr_FR!") is dropped rather than guessed at.
const LANGUAGE_TAG_RE = /^[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?$/i;

/** A well-formed language tag, canonicalised ("zh-hant" → "zh-Hant"), or undefined. */
export function validLanguageTag(value: string): string | undefined {
  const tag = value.trim().replace(/_/g, '-');
  if (!LANGUAGE_TAG_RE.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

function integer(value: string | undefined, min: number, max: number): string | undefined {
  const m = value === undefined ? null : INTEGER_RE.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= min && n <= max ? String(n) : undefined;
}

/**
 * The global attributes every output element may keep (title, lang, dir), plus
 * the id assigned to it and classes: `kind` names what the element was when it
 * had to be renamed, and `align` becomes `align-…`.
 */
export function globalAttributes(attrs: Record<string, string>, kind?: string, id?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (id !== undefined) out.id = id;
  const classes: string[] = [];
  if (kind !== undefined) classes.push(kind);
  const align = attrs.align?.trim().toLowerCase();
  if (align !== undefined && ALIGN_VALUES.has(align)) classes.push(`align-${align}`);
  if (classes.length > 0) out.class = classes.join(' ');
  if (attrs.title !== undefined) out.title = attrs.title;
  const lang = attrs.lang === undefined ? undefined : validLanguageTag(attrs.lang);
  if (lang !== undefined) out.lang = lang;
  const dir = attrs.dir?.trim().toLowerCase();
  if (dir !== undefined && DIR_VALUES.has(dir)) out.dir = dir;
  return out;
}

/** The attributes of an element that keeps its (valid) name. */
export function elementAttributes(
  name: string,
  attrs: Record<string, string>,
  urls: UrlRewriter,
  options: { kind?: string; id?: string; hasColumns?: boolean } = {},
): Record<string, string> {
  let kind = options.kind;
  if (name === 'table' && attrs.border !== undefined && attrs.border.trim() !== '0') {
    kind = kind === undefined ? 'bordered' : `${kind} bordered`;
  }
  const out = globalAttributes(attrs, kind, options.id);
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  switch (name) {
    case 'a': {
      const href = attrs.href === undefined ? undefined : urls.href(attrs.href);
      set('href', href);
      // rel is only valid on a link; the sanitizer always sets "nofollow".
      if (href !== undefined && attrs.rel?.trim().toLowerCase() === 'nofollow') out.rel = 'nofollow';
      break;
    }
    case 'blockquote':
    case 'q':
      set('cite', attrs.cite === undefined ? undefined : urls.absolute(attrs.cite));
      break;
    case 'ol': {
      set('start', integer(attrs.start, -999_999_999, 999_999_999));
      const type = attrs.type?.trim();
      if (type !== undefined && OL_TYPES.has(type)) out.type = type;
      break;
    }
    case 'col':
      set('span', integer(attrs.span, 1, 1000));
      break;
    case 'colgroup':
      // A colgroup with <col> children must not have a span.
      if (options.hasColumns !== true) set('span', integer(attrs.span, 1, 1000));
      break;
    case 'details':
      if (attrs.open !== undefined) out.open = 'open';
      break;
    case 'th': {
      // (epubcheck's schema has no `abbr` on th or td.)
      const scope = attrs.scope?.trim().toLowerCase();
      if (scope !== undefined && SCOPES.has(scope)) out.scope = scope;
    }
    // falls through: th shares td's spans
    case 'td':
      set('colspan', integer(attrs.colspan, 1, 1000));
      set('rowspan', integer(attrs.rowspan, 0, 65534));
      break;
  }
  return out;
}
