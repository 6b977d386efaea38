import type { ExportContext, PortableWork } from '../portable-work.js';
import { escapeAttr, escapeText } from './escape.js';
import { displayTitle, isRightToLeft } from './layout.js';
import { afterwordMarkup, chapterMarkup, prefaceMarkup } from './layout-markup.js';
import { STYLESHEET } from './stylesheet.js';

/*
 * The HTML download: one self-contained file (the stylesheet inline, no
 * scripts or fonts) in the layout of docs/formats/download-layout.md. The
 * writer's sanitized HTML goes in as stored, so importing the file gives the
 * same text back.
 */

/** `{title} - {creators} - {fandoms}`, the parts that are empty left out. */
function documentTitle(work: PortableWork): string {
  return [displayTitle(work), work.creators.join(', '), work.fandoms.join(', ')].filter((s) => s !== '').join(' - ');
}

/** The HTML download of a work. */
export function exportHtml(work: PortableWork, ctx: ExportContext): string {
  const language = work.language.trim() === '' ? 'en' : work.language.trim();
  const dir = isRightToLeft(language) ? ' dir="rtl"' : '';
  const chapters = work.chapters.map((_, k) => chapterMarkup(work, k)).join('');
  return (
    '<!DOCTYPE html>\n' +
    `<html lang="${escapeAttr(language)}"${dir}>\n` +
    '<head>\n' +
    '<meta charset="UTF-8"/>\n' +
    `<title>${escapeText(documentTitle(work))}</title>\n` +
    `<style>\n${STYLESHEET}</style>\n` +
    '</head>\n' +
    '<body>\n' +
    prefaceMarkup(work, ctx) +
    `<div id="chapters" class="userstuff">\n${chapters}</div>\n` +
    afterwordMarkup(work, ctx) +
    '</body>\n' +
    '</html>\n'
  );
}
