import { LANGUAGES, isKnownLanguage } from '../../domain/languages.js';

const englishNames = new Intl.DisplayNames(['en'], { type: 'language' });

/**
 * A language as a file names it — a native name ("Español"), an English one ("Spanish"), a
 * longer AO3 name ("中文-普通话 國語") or a code ("pt-BR") — as one of the archive's codes;
 * undefined when the archive does not know it.
 */
export function languageCode(nameOrCode: string): string | undefined {
  const key = nameOrCode.replace(/\s+/g, ' ').trim().toLowerCase();
  if (key === '') return undefined;
  const byName = (name: string): string | undefined =>
    LANGUAGES.find((l) => l.name.toLowerCase() === name || englishNames.of(l.code)?.toLowerCase() === name)?.code;
  const code = key.replace(/_/g, '-');
  if (/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(code)) {
    if (isKnownLanguage(code)) return code;
    const primary = code.split('-')[0]!;
    if (isKnownLanguage(primary)) return primary;
  }
  // AO3 qualifies some names ("中文-普通话 國語", "Português brasileiro"): try the whole, then the first part, then the first word.
  return byName(key) ?? byName(key.split(/[-–(（,]/)[0]!.trim()) ?? byName(key.split(' ')[0]!);
}
