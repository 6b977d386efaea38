/* Plain text to HTML the way the archive reads typed text: blank lines separate paragraphs, single newlines break lines. */

import { escapeHtml } from '../../domain/escape-html.js';

/** Splits text (newlines already normalised to \n) into paragraphs: arrays of trimmed, non-empty lines. */
export function paragraphsOf(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) out.push(current);
  return out;
}

export function paragraphsToHtml(paragraphs: readonly (readonly string[])[]): string {
  return paragraphs.map((lines) => `<p>${lines.map(escapeHtml).join('<br />\n')}</p>`).join('\n');
}

export function plainTextToHtml(text: string): string {
  return paragraphsToHtml(paragraphsOf(text.replace(/\r\n?/g, '\n')));
}
