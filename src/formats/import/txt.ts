/*
 * Plain text: blank lines separate paragraphs, single newlines break lines (docs/glossary.md, "Text").
 * Recognises the layout of text copied out of AO3: a leading "Summary:" / "Notes:" block and a
 * trailing "Notes:" / "End Notes:" block.
 */
import { ImportError } from '../portable-work.js';
import { paragraphsOf, paragraphsToHtml } from './plain-text.js';
import type { WorkDraft } from './work-draft.js';

const MAX_TITLE_LINE = 200;
const HEADER_LABEL = /^(summary|notes)\s*:\s*(.*)$/i;
const END_LABEL = /^(?:end\s+notes|notes)\s*:\s*(.*)$/i;
/** A scene-break line: one of these characters three or more times, spaces allowed between. */
const SEPARATOR = /^([*\-_=~#+•·])(?:\s*\1){2,}$/;
/** AO3's work page puts this label before the story; text copied from it carries the label along. */
const WORK_TEXT_LABEL = /^work\s+text\s*:?$/i;

const isBlank = (line: string | undefined): boolean => line === undefined || line.trim() === '';
const isSeparator = (line: string): boolean => SEPARATOR.test(line.trim());
const isHeaderLabel = (line: string): boolean => HEADER_LABEL.test(line.trim());

export function readTxt(text: string): WorkDraft {
  const lines = text.split('\n');
  if (lines.every((l) => isBlank(l))) throw new ImportError('the file has no text');

  let i = skipBlank(lines, 0);
  const title = titleLine(lines, i);
  if (title !== undefined) i = skipBlank(lines, i + 1);

  const header = readHeader(lines, i);
  const storyStart = header.end;
  const tail = readEndNotes(lines, storyStart);
  const storyEnd = tail.start;

  let story = paragraphsOf(lines.slice(storyStart, storyEnd).join('\n'));
  // A file that is nothing but labelled blocks has no story to separate them from: keep it all.
  if (story.length === 0) {
    story = paragraphsOf(lines.slice(i).join('\n'));
    header.summary = header.notes = undefined;
    tail.endNotes = undefined;
  }

  const draft: WorkDraft = {
    chapters: [{ title: '', summary: '', notes: '', endNotes: '', body: paragraphsToHtml(story) }],
  };
  if (title !== undefined) draft.title = title;
  if (header.summary !== undefined) draft.summary = header.summary;
  if (header.notes !== undefined) draft.notes = header.notes;
  if (tail.endNotes !== undefined) draft.endNotes = tail.endNotes;
  return draft;
}

function skipBlank(lines: readonly string[], i: number): number {
  while (i < lines.length && isBlank(lines[i])) i++;
  return i;
}

/**
 * The first line is the title when it is a paragraph of its own (a blank line follows), at most
 * 200 characters, and something follows it; and when it does not look like something else: not a
 * Summary/Notes label or a separator, not a sentence (ending in . , ; or : — an ellipsis, ? or !
 * may end a title), not dialogue (opening with a quote mark, unless the whole line is one quoted
 * phrase without punctuation, like "Come Home"). Otherwise the caller falls back to the file
 * name. A one-line opening paragraph of prose is the case this gets wrong in one direction or the
 * other; prose lines usually end with a full stop, titles usually do not.
 */
function titleLine(lines: readonly string[], i: number): string | undefined {
  const line = lines[i]?.trim();
  if (!line || line.length > MAX_TITLE_LINE) return undefined;
  if (!isBlank(lines[i + 1])) return undefined;
  if (skipBlank(lines, i + 1) >= lines.length) return undefined;
  if (isHeaderLabel(line) || END_LABEL.test(line) || isSeparator(line)) return undefined;
  if (/[,;:]$/.test(line) || (/\.$/.test(line) && !/(\.\.\.|…)$/.test(line))) return undefined;
  if (/^["“«„'‘]/.test(line) && !/^["“«„'‘][^"“”«»„'‘’.,!?]+["”»“'’]$/.test(line)) return undefined;
  return line;
}

interface Header {
  summary?: string | undefined;
  notes?: string | undefined;
  end: number;
}

/**
 * Leading "Summary:" and "Notes:" blocks. Each label owns one paragraph: the text after the
 * colon and the lines below it, up to a blank line, a separator or the next label; a label alone
 * on its line with a blank line after it owns the next paragraph. A separator line (or AO3's
 * "Work Text:" label) after the blocks is dropped. Summaries of several paragraphs end up in the
 * story: telling them from a story's first scene break is guesswork.
 */
function readHeader(lines: readonly string[], start: number): Header {
  const header: Header = { end: start };
  let i = skipBlank(lines, start);
  for (;;) {
    const m = HEADER_LABEL.exec(lines[i]?.trim() ?? '');
    if (!m) break;
    const field = m[1]!.toLowerCase() === 'summary' ? 'summary' : 'notes';
    const content: string[] = m[2] ? [m[2]] : [];
    i = takeParagraph(lines, i + 1, content);
    if (content.length === 0) {
      const next = skipBlank(lines, i);
      if (next < lines.length && !isHeaderLabel(lines[next]!) && !isSeparator(lines[next]!))
        i = takeParagraph(lines, next, content);
    }
    if (header[field] !== undefined || content.length === 0) break;
    header[field] = paragraphsToHtml([content]);
    header.end = i;
    i = skipBlank(lines, i);
  }
  if (header.summary !== undefined || header.notes !== undefined) {
    i = skipBlank(lines, header.end);
    const line = lines[i];
    if (line !== undefined && (isSeparator(line) || WORK_TEXT_LABEL.test(line.trim()))) header.end = i + 1;
  }
  return header;
}

/** Appends lines from `i` until a blank line, separator or label; returns where it stopped. */
function takeParagraph(lines: readonly string[], i: number, into: string[]): number {
  while (i < lines.length && !isBlank(lines[i]) && !isSeparator(lines[i]!) && !isHeaderLabel(lines[i]!)) {
    into.push(lines[i]!.trim());
    i++;
  }
  return i;
}

/**
 * A trailing "Notes:" / "End Notes:" paragraph (or such a label alone, then the last paragraph)
 * becomes the end notes; a separator line before it is dropped. Only the last paragraph: a
 * "Notes:" line earlier on is part of the story.
 */
function readEndNotes(lines: readonly string[], storyStart: number): { start: number; endNotes?: string | undefined } {
  let end = lines.length;
  while (end > storyStart && isBlank(lines[end - 1])) end--;
  let paraStart = end;
  while (paraStart > storyStart && !isBlank(lines[paraStart - 1]) && !isSeparator(lines[paraStart - 1]!)) paraStart--;
  if (paraStart >= end) return { start: lines.length };

  const first = lines[paraStart]!.trim();
  const rest = lines.slice(paraStart + 1, end).map((l) => l.trim());
  let cut: number | undefined;
  let content: string[] = [];
  const m = END_LABEL.exec(first);
  if (m) {
    cut = paraStart;
    content = m[1] ? [m[1], ...rest] : rest;
  } else {
    let label = paraStart - 1;
    while (label > storyStart && isBlank(lines[label])) label--;
    const labelLine = lines[label]?.trim() ?? '';
    if (
      label >= storyStart &&
      label < paraStart - 1 &&
      /^(?:end\s+notes|notes)\s*:$/i.test(labelLine) &&
      (label === storyStart || isBlank(lines[label - 1]) || isSeparator(lines[label - 1]!))
    ) {
      cut = label;
      content = [first, ...rest];
    }
  }
  if (cut === undefined || content.length === 0) return { start: lines.length };

  let start = cut;
  while (start > storyStart && isBlank(lines[start - 1])) start--;
  if (start > storyStart && isSeparator(lines[start - 1]!)) start--;
  return { start, endNotes: paragraphsToHtml([content]) };
}
