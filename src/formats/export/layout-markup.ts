import type { ExportContext, PortableWork } from '../portable-work.js';
import { escapeAttr, escapeText } from './escape.js';
import {
  chapterHeading,
  COMMENT_INVITATION,
  creatorSegments,
  displayTitle,
  hasContent,
  LABELS,
  prefaceRows,
  type Segment,
} from './layout.js';

/*
 * The markup of the download layout, shared by the HTML download (one file)
 * and the EPUB (one file per part). The work's HTML fields (summary, notes,
 * bodies) are inserted as they are: the caller passes them ready for the
 * target — sanitized HTML for the HTML download, XHTML for the EPUB. Written
 * so that it is both valid HTML and well-formed XML.
 */

/** Ids the layout itself gives out in the preface and the afterword (user anchors must not take them). */
export const LAYOUT_IDS = {
  preface: ['preface'],
  afterword: ['afterword', 'works'],
} as const;

function segments(parts: readonly Segment[], rel?: string): string {
  return parts
    .map((s) => {
      if (s.href === undefined) return escapeText(s.text);
      const relAttr = rel === undefined ? '' : ` rel="${rel}"`;
      return `<a${relAttr} href="${escapeAttr(s.href)}">${escapeText(s.text)}</a>`;
    })
    .join('');
}

function userBlock(label: string, html: string): string {
  return hasContent(html) ? `<p>${label}</p>\n<blockquote class="userstuff">${html}</blockquote>\n` : '';
}

/** `<div id="preface">…</div>`: title, origin, tag list, byline, summary and notes. */
export function prefaceMarkup(work: PortableWork, ctx: ExportContext): string {
  const title = escapeText(displayTitle(work));
  const rows = prefaceRows(work, ctx)
    .map(
      (row) =>
        `<dt>${escapeText(row.label)}:</dt>\n<dd>${row.lines.map((line) => segments(line)).join('<br/>\n')}</dd>\n`,
    )
    .join('');
  const creators = creatorSegments(work, ctx);
  const byline =
    creators.length === 0
      ? ''
      : `<div class="byline">by ${creators.map((c) => segments([c], 'author')).join(', ')}</div>\n`;
  return (
    '<div id="preface">\n' +
    `<p class="message"><b>${title}</b><br/>\n` +
    `Posted originally on the <a href="${escapeAttr(ctx.siteUrl)}">${escapeText(ctx.archiveName)}</a> ` +
    `at <a href="${escapeAttr(ctx.workUrl)}">${escapeText(ctx.workUrl)}</a>.</p>\n` +
    '<div class="meta">\n' +
    `<dl class="tags">\n${rows}</dl>\n` +
    `<h1>${title}</h1>\n` +
    byline +
    userBlock(LABELS.summary, work.summary) +
    userBlock(LABELS.notes, work.notes) +
    '</div>\n</div>\n'
  );
}

/** One chapter: its heading block (none for a lone untitled chapter), body and end notes. */
export function chapterMarkup(work: PortableWork, index: number): string {
  const chapter = work.chapters[index];
  if (chapter === undefined) return '';
  const heading = chapterHeading(work, index);
  let out = '';
  if (heading !== undefined) {
    out +=
      '<div class="meta group">\n' +
      `<h2 class="heading">${escapeText(heading)}</h2>\n` +
      userBlock(LABELS.chapterSummary, chapter.summary) +
      userBlock(LABELS.chapterNotes, chapter.notes) +
      '</div>\n';
  }
  out += `<div class="userstuff">${chapter.body}</div>\n`;
  if (hasContent(chapter.endNotes))
    out += `<div class="meta group">\n${userBlock(LABELS.chapterEndNotes, chapter.endNotes)}</div>\n`;
  return out;
}

/** `<div id="afterword">…</div>`: the work's end notes and the invitation to comment. */
export function afterwordMarkup(work: PortableWork, ctx: ExportContext): string {
  return (
    '<div id="afterword">\n' +
    `<div class="meta">\n${userBlock(LABELS.endNotes, work.endNotes)}</div>\n` +
    `<div id="works"><p class="message">${escapeText(COMMENT_INVITATION.before)}` +
    `<a href="${escapeAttr(ctx.workUrl)}">${escapeText(COMMENT_INVITATION.link)}</a>` +
    `${escapeText(COMMENT_INVITATION.after)}</p></div>\n` +
    '</div>\n'
  );
}
