import { z } from '@hono/zod-openapi';
import { SORTS } from '../../search/works-filter.js';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'That work does not exist, or you cannot see it.' }),
    }),
  })
  .openapi('Error');

export const CreatorSchema = z.object({ pseud: z.string(), username: z.string() }).openapi('Creator');

export const ChapterSummarySchema = z
  .object({
    position: z.number().int(),
    title: z.string().nullable().openapi({ description: 'null while the work is gated' }),
    wordCount: z.number().int(),
  })
  .openapi('ChapterSummary');

export const WorkSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    creators: z.array(CreatorSchema),
    rating: z.string().openapi({ example: 'Teen And Up Audiences' }),
    warnings: z.array(z.string()),
    categories: z.array(z.string()),
    fandoms: z.array(z.string()),
    relationships: z.array(z.string()),
    characters: z.array(z.string()),
    freeforms: z.array(z.string()),
    summary: z.string().openapi({ description: 'Sanitized HTML' }),
    notes: z.string().nullable().openapi({ description: 'Sanitized HTML; null while the work is gated' }),
    endNotes: z.string().nullable().openapi({ description: 'Sanitized HTML; null while the work is gated' }),
    gated: z.boolean().openapi({
      description:
        'True when the work is rated Mature or Explicit and you have not confirmed you want to see adult works (view_adult=true, a session that did, or the preference): notes, end notes, chapter titles and search extracts are withheld, as the interstitial does on the web',
    }),
    language: z.string().openapi({ example: 'en' }),
    wordCount: z.number().int(),
    chapterCount: z.number().int(),
    kudosCount: z.number().int(),
    hitsCount: z.number().int(),
    commentsCount: z.number().int(),
    bookmarksCount: z.number().int(),
    expectedChapters: z.number().int().nullable(),
    complete: z.boolean(),
    restricted: z.boolean(),
    publishedAt: z.string().nullable().openapi({ description: 'RFC 3339; null for a draft' }),
    updatedAt: z.string(),
    chapters: z.array(ChapterSummarySchema),
    series: z.array(
      z.object({ id: z.number().int(), title: z.string(), position: z.number().int() }).openapi('SeriesPart'),
    ),
  })
  .openapi('Work');

export const ChapterSchema = z
  .object({
    workId: z.number().int(),
    position: z.number().int(),
    title: z.string(),
    summary: z.string(),
    notes: z.string(),
    endNotes: z.string(),
    wordCount: z.number().int(),
    html: z.string().openapi({ description: 'The chapter text, sanitized HTML' }),
  })
  .openapi('Chapter');

export const SnippetSchema = z
  .array(z.object({ text: z.string(), hit: z.boolean() }))
  .openapi('Snippet', { description: 'An extract of the text with the matched words marked' });

export const WorksPageSchema = z
  .object({
    works: z.array(WorkSchema),
    total: z.number().int(),
    page: z.number().int(),
    pages: z.number().int(),
    messages: z
      .array(z.string())
      .openapi({ description: 'Why nothing matched or what was adjusted (e.g. an unknown tag)' }),
    hiddenByBlocklist: z.number().int().openapi({ description: 'Works your blocklist removed from this result' }),
    snippets: z.record(z.string(), SnippetSchema).openapi({ description: 'For full-text searches: work id → extract' }),
  })
  .openapi('WorksPage');

const many = (description: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description });

/**
 * The works filter's parameters, as the OpenAPI document describes them. They are read and checked
 * by search/works-filter.ts `parseWorksFilter`, as on the pages, and not here: one set of rules.
 */
const text = (description: string) => z.string().optional().openapi({ description });
export const WorksQuerySchema = z.object({
  include: many(
    'Tag names of any type (ratings and warnings too); every one must match. A canonical tag also finds its synonyms and sub tags.',
  ),
  exclude: many('Tag names of any type; a work with any of them is left out.'),
  rating: many('Ratings, by name or slug; a work matches any of them.'),
  warning: many('Archive warnings, by name or slug; a work must carry all of them.'),
  category: many('Categories, by name or slug; a work must carry all of them.'),
  crossover: text('include, exclude or only'),
  complete: text('true or false'),
  wordsFrom: text('A whole number'),
  wordsTo: text('A whole number'),
  updatedFrom: text('A date like 2024-05-31'),
  updatedTo: text('A date like 2024-05-31'),
  language: text('A language code, e.g. en'),
  q: text('Full text: words, "phrases", AND, OR, NOT, -word, prefix*; at most 500 characters'),
  sort: text(`One of ${SORTS.join(', ')}`),
  page: text('A whole number from 1'),
  show_blocked: text('1 or true: include, this once, works your blocklist hides'),
});

export const TagSuggestionSchema = z
  .object({ name: z.string(), type: z.string(), canonical: z.boolean() })
  .openapi('TagSuggestion');

export const TagSchema = z
  .object({
    name: z.string(),
    type: z.enum(['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform']),
    canonical: z.boolean(),
    synonymOf: z.string().nullable(),
    synonyms: z.array(z.string()),
    metaTags: z.array(z.string()),
    subTags: z.array(z.string()),
    parentFandoms: z.array(z.string()),
    workCount: z.number().int().openapi({ description: 'Works you can see with this tag, after your blocklist' }),
    hiddenByBlocklist: z.number().int().openapi({ description: 'Works with this tag that your blocklist hides' }),
  })
  .openapi('Tag');

export const WorkIdParam = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'A work id is a positive whole number.')
    .openapi({ param: { name: 'id', in: 'path' }, example: '1' }),
});

const ShowBlocked = z
  .enum(['1', 'true'])
  .optional()
  .openapi({ description: 'Opens, this once, a work your blocklist hides (answered with 403 blocked otherwise)' });

export const AdultQuery = z.object({
  view_adult: z.enum(['true', 'false']).optional().openapi({
    description:
      'Confirms you want the text of a Mature, Explicit or Not Rated work (the API form of the interstitial).',
  }),
  show_blocked: ShowBlocked,
});

const CommentFields = {
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  depth: z.number().int().openapi({ description: '0 for a top-level comment' }),
  chapterPosition: z.number().int().nullable().openapi({ description: 'null for a comment on the work as a whole' }),
  author: z
    .object({
      pseud: z.string().nullable(),
      username: z.string().nullable(),
      guestName: z.string().nullable(),
      isCreator: z.boolean(),
    })
    .nullable()
    .openapi({ description: 'null when the comment was deleted, or its author is a member you muted' }),
  body: z.string().nullable().openapi({ description: 'Sanitized HTML; null when deleted or muted' }),
  state: z.enum(['published', 'held', 'deleted', 'muted', 'hidden']),
  frozen: z.boolean(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  continues: z.boolean().openapi({ description: 'Deeper replies exist: read them from the comment’s own thread' }),
};

export const CommentReplySchema = z.object(CommentFields).openapi('CommentReply');

export const CommentThreadSchema = z
  .object({
    ...CommentFields,
    replies: z
      .array(CommentReplySchema)
      .openapi({ description: 'The thread’s replies in order, each with parentId and depth' }),
  })
  .openapi('CommentThread');

export const CommentsPageSchema = z
  .object({
    comments: z.array(CommentThreadSchema),
    total: z.number().int().openapi({ description: 'Top-level comments' }),
    page: z.number().int(),
    pages: z.number().int(),
  })
  .openapi('CommentsPage');

export const CommentsQuery = AdultQuery.extend({
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, 'page is a positive whole number.')
    .optional(),
});
