/** Tag types, the fixed tag sets and the rules for free tag names (docs/glossary.md, "Tags"). */

export const TAG_TYPES = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'] as const;
export type TagType = (typeof TAG_TYPES)[number];
export const FREE_TAG_TYPES = ['fandom', 'relationship', 'character', 'freeform'] as const;
export type FreeTagType = (typeof FREE_TAG_TYPES)[number];

export interface FixedTag {
  readonly slug: string;
  readonly name: string;
}

export const RATINGS = [
  { slug: 'general', name: 'General Audiences' },
  { slug: 'teen', name: 'Teen And Up Audiences' },
  { slug: 'mature', name: 'Mature' },
  { slug: 'explicit', name: 'Explicit' },
  { slug: 'not-rated', name: 'Not Rated' },
] as const satisfies readonly FixedTag[];

export const WARNINGS = [
  { slug: 'choose-not-to-use', name: 'Choose Not To Use Archive Warnings' },
  { slug: 'no-warnings', name: 'No Archive Warnings Apply' },
  { slug: 'violence', name: 'Graphic Depictions Of Violence' },
  { slug: 'major-character-death', name: 'Major Character Death' },
  { slug: 'rape-non-con', name: 'Rape/Non-Con' },
  { slug: 'underage', name: 'Underage Sex' },
] as const satisfies readonly FixedTag[];

export const CATEGORIES = [
  { slug: 'f-f', name: 'F/F' },
  { slug: 'f-m', name: 'F/M' },
  { slug: 'gen', name: 'Gen' },
  { slug: 'm-m', name: 'M/M' },
  { slug: 'multi', name: 'Multi' },
  { slug: 'other', name: 'Other' },
] as const satisfies readonly FixedTag[];

export type RatingName = (typeof RATINGS)[number]['name'];
export type WarningName = (typeof WARNINGS)[number]['name'];
export type CategoryName = (typeof CATEGORIES)[number]['name'];

/** Ratings that put a work behind the adult interstitial. */
export const ADULT_RATINGS: readonly string[] = ['Mature', 'Explicit', 'Not Rated'];

export const TAG_TYPE_LABELS: Record<TagType, { one: string; many: string }> = {
  rating: { one: 'Rating', many: 'Rating' },
  warning: { one: 'Archive Warning', many: 'Archive Warnings' },
  category: { one: 'Category', many: 'Categories' },
  fandom: { one: 'Fandom', many: 'Fandoms' },
  relationship: { one: 'Relationship', many: 'Relationships' },
  character: { one: 'Character', many: 'Characters' },
  freeform: { one: 'Additional Tag', many: 'Additional Tags' },
};

const normalizeLoose = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Finds a fixed tag by display name (case-insensitive) or slug.
 * Used by forms, the CLI and the API so all accept the same spellings.
 */
export function findFixedTag(set: readonly FixedTag[], input: string): FixedTag | undefined {
  const key = normalizeLoose(input);
  return set.find((t) => t.slug === key || t.name.toLowerCase() === key);
}

export const TAG_NAME_MAX = 150;
export const MAX_FREE_TAGS_PER_WORK = 75;
// AO3 forbids these because they are its own separators and wildcards.
const FORBIDDEN_TAG_CHARS = /[,，、*<>^{}=`\\%]/u;
// Invisible formatting characters (Cf), whitespace and the like.
const INVISIBLE_ONLY = /^[\p{Cf}\p{Z}\s\p{Cc}]*$/u;

/** Collapses whitespace the way tag names are stored. */
export function cleanTagName(name: string): string {
  // Most names are clean already (single plain spaces inside): keep them without building new strings.
  if (!UNCLEAN_NAME_RE.test(name)) return name;
  return name.replace(/\s+/gu, ' ').trim();
}
// Whitespace that is not a plain space, two spaces in a row, or a space at either end.
const UNCLEAN_NAME_RE = /[^\S ]| {2}|^ | $/u;

/** The key under which tag names compare: case-insensitive after whitespace normalisation. */
export function tagKey(name: string): string {
  return cleanTagName(name).normalize('NFC').toLowerCase();
}

/** Returns an error message for an invalid free tag name, or undefined when it is fine. */
export function tagNameProblem(raw: string): string | undefined {
  const name = cleanTagName(raw);
  if (name.length === 0 || INVISIBLE_ONLY.test(name)) return 'A tag name cannot be empty.';
  if (name.length > TAG_NAME_MAX) return `Tag “${name.slice(0, 40)}…” is longer than ${TAG_NAME_MAX} characters.`;
  const bad = FORBIDDEN_TAG_CHARS.exec(name);
  if (bad) return `Tag “${name}” cannot contain “${bad[0]}” (forbidden: , ， 、 * < > ^ { } = \` \\ %).`;
  return undefined;
}

/** Splits a comma-separated tag field into clean, de-duplicated names. */
export function splitTagList(input: string | readonly string[]): string[] {
  const parts = typeof input === 'string' ? input.split(/[,，、]/u) : input.flatMap((s) => s.split(/[,，、]/u));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of parts) {
    const name = cleanTagName(p);
    if (!name) continue;
    const key = tagKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

// Tag names may contain "/" (relationships, categories). Like AO3 we escape the characters that
// proxies and routers treat specially with "*x*" codes; "*" cannot occur in a tag name.
const URL_CODES: Array<[string, string]> = [
  ['/', '*s*'],
  ['&', '*a*'],
  ['.', '*d*'],
  ['?', '*q*'],
  ['#', '*h*'],
];

/** The path segment for a tag name (AO3-style escaping, then URI-encoded). */
export function tagToUrlSegment(name: string): string {
  let s = name;
  for (const [ch, code] of URL_CODES) s = s.split(ch).join(code);
  return encodeURIComponent(s);
}

/** Reverses tagToUrlSegment on an already URI-decoded path parameter. */
export function tagFromUrlSegment(segment: string): string {
  let s = segment;
  for (const [ch, code] of URL_CODES) s = s.split(code).join(ch);
  return s;
}
