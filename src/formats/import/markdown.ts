/*
 * Markdown: optional front matter, a leading `# Heading` as the title, and `## ` headings as
 * chapter titles when there are two or more of them (one `##` is a heading inside the story).
 */
import { Marked, type Token, type Tokens } from 'marked';
import { ImportError } from '../portable-work.js';
import { asList, asString, splitFrontMatter, type FrontMatter } from './front-matter.js';
import { ratingName, warningName, categoryName } from './fixed-tags.js';
import { cleanText, collapse, parseHtml, textOf, type NodeBudget } from './html-dom.js';
import { checkMarkdownNesting } from './markdown-nesting.js';
import { languageCode } from './language.js';
import { emptyChapter, isoDate, type WorkDraft } from './work-draft.js';

// A private instance: options set here must not leak into other users of the global `marked`.
const md = new Marked({ gfm: true, breaks: false, async: false });

/** `nodes` bounds the HTML parsed to check the rendered chapters (see ImportLimits). */
export function readMarkdown(text: string, nodes?: NodeBudget): WorkDraft {
  const { data, body } = splitFrontMatter(text);
  const draft = draftFromFrontMatter(data);
  const tokens: Token[] = lex(body);

  const firstIndex = tokens.findIndex((t) => t.type !== 'space');
  const first = tokens[firstIndex];
  if (first && isHeading(first, 1)) {
    const heading = inlineText(first);
    if (draft.title === undefined || sameText(draft.title, heading)) {
      draft.title ??= heading;
      tokens.splice(firstIndex, 1);
    }
  }

  const starts = tokens.flatMap((t, i) => (isHeading(t, 2) ? [i] : []));
  if (starts.length >= 2) {
    const before = tokens.slice(0, starts[0]);
    // Text before the first chapter heading is kept as an untitled first chapter, not moved into
    // the notes: a prologue without a heading is as likely as a note, and a chapter loses nothing.
    if (before.some((t) => t.type !== 'space')) draft.chapters.push({ ...emptyChapter(), body: render(before) });
    starts.forEach((start, n) => {
      const end = starts[n + 1] ?? tokens.length;
      draft.chapters.push({
        ...emptyChapter(inlineText(tokens[start] as Tokens.Heading)),
        body: render(tokens.slice(start + 1, end)),
      });
    });
  } else {
    draft.chapters.push({ ...emptyChapter(), body: render(tokens) });
  }
  if (
    draft.chapters.every((c) => collapse(textOf(parseHtml(c.body, { nodes }).doc)) === '' && !/<img\b/i.test(c.body))
  ) {
    throw new ImportError('the file has no text');
  }
  return draft;
}

function lex(src: string): Token[] {
  // marked re-reads a block's lines once per level it is nested in: refuse deep or heavy nesting unread.
  checkMarkdownNesting(src);
  try {
    return [...md.lexer(src)];
  } catch (error) {
    // marked recurses into nested blocks; thousands of nested quotes or lists exhaust the stack.
    if (error instanceof RangeError) throw new ImportError('the Markdown is nested too deeply to read');
    throw error;
  }
}

function render(tokens: Token[]): string {
  try {
    return md.parser(tokens).trim();
  } catch (error) {
    if (error instanceof RangeError) throw new ImportError('the Markdown is nested too deeply to read');
    throw error;
  }
}

function isHeading(t: Token, depth: number): t is Tokens.Heading {
  return t.type === 'heading' && (t as Tokens.Heading).depth === depth;
}

/** A heading's text without its markup: `## *The* Start` → "The Start". */
function inlineText(t: Tokens.Heading): string {
  return cleanText(parseHtml(md.Parser.parseInline(t.tokens)).doc);
}

const sameText = (a: string, b: string): boolean => collapse(a).toLowerCase() === collapse(b).toLowerCase();

function markdownHtml(src: string | undefined): string | undefined {
  if (src === undefined || src.trim() === '') return undefined;
  return render(lex(src));
}

/** Keys writers use for each field; kept short on purpose. */
function draftFromFrontMatter(data: FrontMatter): WorkDraft {
  const get = (...keys: string[]): string | string[] | undefined =>
    keys.map((k) => data.get(k)).find((v) => v !== undefined);
  const draft: WorkDraft = { chapters: [] };
  const title = asString(get('title'));
  if (title) draft.title = title;
  const creators = asList(get('author', 'authors', 'creator', 'creators', 'by'));
  if (creators) draft.creators = creators;
  const summary = markdownHtml(asString(get('summary', 'description')));
  if (summary !== undefined) draft.summary = summary;
  const notes = markdownHtml(asString(get('notes')));
  if (notes !== undefined) draft.notes = notes;
  const endNotes = markdownHtml(asString(get('endnotes')));
  if (endNotes !== undefined) draft.endNotes = endNotes;
  const rating = asString(get('rating'));
  if (rating) draft.rating = ratingName(rating);
  const warnings = asList(get('warnings', 'warning', 'archivewarnings', 'archivewarning'));
  if (warnings) draft.warnings = warnings.map(warningName);
  const categories = asList(get('categories', 'category'));
  if (categories) draft.categories = categories.map(categoryName);
  const fandoms = asList(get('fandoms', 'fandom'));
  if (fandoms) draft.fandoms = fandoms;
  const relationships = asList(get('relationships', 'relationship', 'pairings', 'pairing'));
  if (relationships) draft.relationships = relationships;
  const characters = asList(get('characters', 'character'));
  if (characters) draft.characters = characters;
  const freeforms = asList(get('tags', 'tag', 'additionaltags', 'freeforms', 'freeform'));
  if (freeforms) draft.freeforms = freeforms;
  const language = asString(get('language', 'lang'));
  if (language) draft.language = languageCode(language) ?? 'en';
  const published = isoDate(asString(get('published', 'date')) ?? '');
  if (published) draft.publishedAt = published;
  const updated = isoDate(asString(get('updated')) ?? '');
  if (updated) draft.updatedAt = updated;
  return draft;
}
