import { htmlToPlainText } from '../../domain/safe-html.js';
import type { ExportContext, PortableWork } from '../portable-work.js';
import {
  chapterHeading,
  COMMENT_INVITATION,
  creatorSegments,
  displayTitle,
  LABELS,
  prefaceRows,
  type Segment,
} from './layout.js';

/*
 * The plain-text download: the layout of the HTML download as text.
 * Paragraphs are separated by blank lines; lines end in "\n".
 */

const plain = (segments: readonly Segment[]): string => segments.map((s) => s.text).join('');

/** "Label\n\ntext" for a non-empty HTML fragment, else nothing. */
function section(label: string, html: string): string[] {
  const text = htmlToPlainText(html);
  return text === '' ? [] : [label, text];
}

/** The plain-text download of a work. */
export function exportTxt(work: PortableWork, ctx: ExportContext): string {
  const title = displayTitle(work);
  const blocks: string[] = [`${title}\nPosted originally on the ${ctx.archiveName} at ${ctx.workUrl}.`];

  blocks.push(
    prefaceRows(work, ctx)
      .map((row) => {
        const label = `${row.label}: `;
        // Further lines (one per series) line up under the first.
        return label + row.lines.map(plain).join(`\n${' '.repeat(label.length)}`);
      })
      .join('\n'),
  );
  const creators = creatorSegments(work, ctx);
  blocks.push(creators.length === 0 ? title : `${title}\nby ${creators.map((c) => c.text).join(', ')}`);
  blocks.push(...section(LABELS.summary, work.summary), ...section(LABELS.notes, work.notes));

  work.chapters.forEach((chapter, k) => {
    const heading = chapterHeading(work, k);
    if (heading !== undefined) {
      blocks.push(
        heading,
        ...section(LABELS.chapterSummary, chapter.summary),
        ...section(LABELS.chapterNotes, chapter.notes),
      );
    }
    const body = htmlToPlainText(chapter.body);
    if (body !== '') blocks.push(body);
    blocks.push(...section(LABELS.chapterEndNotes, chapter.endNotes));
  });

  blocks.push(...section(LABELS.endNotes, work.endNotes));
  blocks.push(`${COMMENT_INVITATION.before}${COMMENT_INVITATION.link}${COMMENT_INVITATION.after}\n${ctx.workUrl}`);
  return `${blocks.join('\n\n')}\n`;
}
