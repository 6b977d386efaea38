/*
 * Download file names (docs/glossary.md, "Downloads"): the title made ASCII, cut
 * to 24 characters, spaces as "_".
 */

const MAX_LENGTH = 24;
const FALLBACK = 'Work';
// Characters some file systems or shells refuse or misread.
const UNSAFE_RE = /[\\/:*?"<>|]/g;
// Latin letters whose mark is not a combining accent, so NFKD leaves them whole.
const LATIN_EXTRA: Record<string, string> = {
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Þ: 'Th',
  þ: 'th',
  ß: 'ss',
  ı: 'i',
  Ħ: 'H',
  ħ: 'h',
};
const LATIN_EXTRA_RE = new RegExp(`[${Object.keys(LATIN_EXTRA).join('')}]`, 'g');

/** "Ein Märchen" → `Ein_Marchen.epub`: accents stripped, other non-ASCII dropped. */
export function downloadFileName(title: string, ext: 'epub' | 'html' | 'txt' | 'pdf'): string {
  const ascii = title
    .normalize('NFKD')
    .replace(LATIN_EXTRA_RE, (c) => LATIN_EXTRA[c] ?? '')
    // Any whitespace (tabs, no-break spaces) counts as a space.
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '')
    .replace(UNSAFE_RE, '')
    .replace(/ {2,}/g, ' ')
    // A leading dot would hide the file on Unix.
    .replace(/^[ .]+/, '');
  const cut = ascii.slice(0, MAX_LENGTH).trim().replace(/ /g, '_');
  return `${cut === '' ? FALLBACK : cut}.${ext}`;
}
