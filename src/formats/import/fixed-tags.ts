import { CATEGORIES, RATINGS, WARNINGS, findFixedTag } from '../../domain/tags.js';

// FanFiction.Net's ratings (docs/glossary.md, "Ratings from other archives"); "K+" and "MA" are not our slugs.
const FFN_RATINGS: Record<string, string> = {
  k: 'General Audiences',
  'k+': 'General Audiences',
  t: 'Teen And Up Audiences',
  m: 'Mature',
  ma: 'Explicit',
  'fiction k': 'General Audiences',
  'fiction k+': 'General Audiences',
  'fiction t': 'Teen And Up Audiences',
  'fiction m': 'Mature',
  'fiction ma': 'Explicit',
};

/** The display name of a rating, or the text as given when it is not one we know (validation reports it). */
export function ratingName(input: string): string {
  const text = input.replace(/\s+/g, ' ').trim();
  return findFixedTag(RATINGS, text)?.name ?? FFN_RATINGS[text.toLowerCase()] ?? text;
}

export function warningName(input: string): string {
  const text = input.replace(/\s+/g, ' ').trim();
  return findFixedTag(WARNINGS, text)?.name ?? text;
}

export function categoryName(input: string): string {
  const text = input.replace(/\s+/g, ' ').trim();
  return findFixedTag(CATEGORIES, text)?.name ?? text;
}
