import { z } from '@hono/zod-openapi';

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
  .object({ position: z.number().int(), title: z.string(), wordCount: z.number().int() })
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
    notes: z.string().openapi({ description: 'Sanitized HTML' }),
    endNotes: z.string().openapi({ description: 'Sanitized HTML' }),
    language: z.string().openapi({ example: 'en' }),
    wordCount: z.number().int(),
    chapterCount: z.number().int(),
    expectedChapters: z.number().int().nullable(),
    complete: z.boolean(),
    restricted: z.boolean(),
    publishedAt: z.string().nullable().openapi({ description: 'RFC 3339; null for a draft' }),
    updatedAt: z.string(),
    chapters: z.array(ChapterSummarySchema),
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

export const WorksPageSchema = z
  .object({ works: z.array(WorkSchema), total: z.number().int(), page: z.number().int(), pages: z.number().int() })
  .openapi('WorksPage');

export const TagSchema = z
  .object({
    name: z.string(),
    type: z.enum(['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform']),
    canonical: z.boolean(),
    synonymOf: z.string().nullable(),
    synonyms: z.array(z.string()),
    workCount: z.number().int().openapi({ description: 'Works you can see with this tag' }),
  })
  .openapi('Tag');

export const WorkIdParam = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,8}$/, 'A work id is a positive whole number.').openapi({ param: { name: 'id', in: 'path' }, example: '1' }),
});

export const AdultQuery = z.object({
  view_adult: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Confirms you want the text of a Mature, Explicit or Not Rated work (the API form of the interstitial).' }),
});
