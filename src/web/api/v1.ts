import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import {
  AdultQuery,
  ChapterSchema,
  CommentsPageSchema,
  CommentsQuery,
  ErrorSchema,
  TagSchema,
  TagSuggestionSchema,
  WorkIdParam,
  WorkSchema,
  WorksPageSchema,
  WorksQuerySchema,
} from './schemas.js';
import { presentChapter, presentTag, presentWork } from './work.presenter.js';
import { findVisibleWork, readWork } from '../../services/read-work.js';
import { queryWorks, MAX_PAGE } from '../../search/works-query.js';
import { suggestTags, tagInfo } from '../../services/tag-info.js';
import { parseWorksFilter } from '../../search/works-filter.js';
import { tagFromUrlSegment } from '../../domain/tags.js';
import { canViewPublicPage, workAccess, workDisclosure } from '../../policies/index.js';
import { registerDownloadApi } from './download.route.js';
import { blockedWork, blockedMessage } from '../blocked-work.js';
import { NO_COUNTS } from '../../store/count-changes.store.js';
import { commentThreads } from '../../services/comment-threads.js';
import { presentComments } from './comment.presenter.js';

type ErrStatus = 400 | 403 | 404;
export const apiError = <S extends ErrStatus>(c: Context<AppEnv>, status: S, code: string, message: string) =>
  c.json({ error: { code, message } }, status);

const NOT_FOUND_WORK = 'That work does not exist, or you cannot see it.';
const err = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });

const getWork = createRoute({
  method: 'get',
  path: '/works/{id}',
  tags: ['Works'],
  summary: 'A work’s metadata and chapter list',
  request: { params: WorkIdParam, query: AdultQuery },
  responses: {
    200: { content: { 'application/json': { schema: WorkSchema } }, description: 'The work' },
    400: err('Malformed id'),
    403: err('Hidden by your blocklist (code blocked): repeat with show_blocked=1 to see it'),
    404: err('No such work, or not visible to you'),
  },
});

const getChapter = createRoute({
  method: 'get',
  path: '/works/{id}/chapters/{position}',
  tags: ['Works'],
  summary: 'One chapter with its sanitized HTML',
  request: {
    params: WorkIdParam.extend({
      position: z
        .string()
        .regex(/^[1-9][0-9]{0,5}$/, 'A chapter position is a positive whole number.')
        .openapi({ param: { name: 'position', in: 'path' }, example: '1' }),
    }),
    query: AdultQuery,
  },
  responses: {
    200: { content: { 'application/json': { schema: ChapterSchema } }, description: 'The chapter' },
    400: err('Malformed id or position'),
    403: err(
      'Adult content (code adult_content): repeat with view_adult=true to confirm; or hidden by your blocklist (code blocked): repeat with show_blocked=1',
    ),
    404: err('No such work or chapter, or not visible to you'),
  },
});

const getComments = createRoute({
  method: 'get',
  path: '/works/{id}/comments',
  tags: ['Works'],
  summary: 'A work’s comments: 50 threads to a page, oldest first, each with its replies',
  request: { params: WorkIdParam, query: CommentsQuery },
  responses: {
    200: { content: { 'application/json': { schema: CommentsPageSchema } }, description: 'A page of threads' },
    400: err('Malformed id or page'),
    403: err(
      'Adult content (code adult_content): repeat with view_adult=true; or hidden by your blocklist (code blocked): repeat with show_blocked=1',
    ),
    404: err('No such work, or not visible to you'),
  },
});

const listWorks = createRoute({
  method: 'get',
  path: '/works',
  tags: ['Works'],
  summary: 'Works you can see, filtered and sorted (20 a page; most recently updated first by default)',
  description: 'Your blocklist applies. An unknown tag gives an empty result with a message, not an error.',
  request: { query: WorksQuerySchema },
  responses: {
    200: { content: { 'application/json': { schema: WorksPageSchema } }, description: 'A page of works' },
    400: err('A malformed parameter, a search that cannot be read, or a limit exceeded'),
  },
});

const autocomplete = createRoute({
  method: 'get',
  path: '/tags/autocomplete',
  tags: ['Tags'],
  summary: 'Tag names starting with q, canonical tags first (for the posting form)',
  request: {
    query: z.object({
      q: z.string().max(150).optional(),
      type: z.enum(['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform']).optional(),
    }),
  },
  responses: {
    200: {
      content: { 'application/json': { schema: z.object({ tags: z.array(TagSuggestionSchema) }) } },
      description: 'Up to 15 suggestions',
    },
    400: err('Malformed parameter'),
  },
});

const getTag = createRoute({
  method: 'get',
  path: '/tags/{name}',
  tags: ['Tags'],
  summary: 'A tag: type, canonical status, synonyms and the number of works you can see',
  request: {
    params: z.object({
      name: z
        .string()
        .min(1)
        .max(600)
        .openapi({ param: { name: 'name', in: 'path' }, example: 'Fluff' }),
    }),
  },
  responses: {
    200: { content: { 'application/json': { schema: TagSchema } }, description: 'The tag' },
    404: err('No such tag'),
  },
});

/** The read-only JSON API, version 1. Every route asks the visibility policy through its service. */
export function apiV1(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({
    // Validation failures become the same {error} shape as every other error.
    defaultHook: (result, c) => {
      if (!result.success) {
        // Refusing a malformed request is still an answer the policy module knows about.
        canViewPublicPage(c.get('viewer'), 'api-bad-request');
        const issue = result.error.issues[0];
        const where = issue?.path.join('.') ?? '';
        return c.json(
          {
            error: {
              code: 'bad_request',
              message: `${where ? where + ': ' : ''}${issue?.message ?? 'Invalid request.'}`,
            },
          },
          400,
        );
      }
      return undefined;
    },
  });

  api.openapi(getWork, async (c) => {
    const id = Number(c.req.valid('param').id);
    const viewer = c.get('viewer');
    const work = await findVisibleWork(c.get('deps').db, viewer, id);
    if (!work) return apiError(c, 404, 'not_found', NOT_FOUND_WORK);
    const blocked = await blockedWork(c, id, work);
    if (blocked) return apiError(c, 403, 'blocked', blockedMessage(blocked.matched));
    const counts = (await c.get('deps').counts.of([work.id])).get(work.id) ?? NO_COUNTS;
    return c.json(
      presentWork(work, workDisclosure(viewer, work, c.req.valid('query').view_adult === 'true'), counts),
      200,
    );
  });

  api.openapi(getChapter, async (c) => {
    const { id, position } = c.req.valid('param');
    const proceedAdult = c.req.valid('query').view_adult === 'true';
    const blocked = await blockedWork(c, Number(id));
    if (blocked) return apiError(c, 403, 'blocked', blockedMessage(blocked.matched));
    const r = await readWork(c.get('deps').db, c.get('viewer'), Number(id), {
      chapter: Number(position),
      proceedAdult,
    });
    if (r.kind === 'hidden') return apiError(c, 404, 'not_found', NOT_FOUND_WORK);
    if (r.kind === 'missing-chapter') return apiError(c, 404, 'not_found', `This work has no chapter ${position}.`);
    if (r.kind === 'gate') {
      return apiError(
        c,
        403,
        'adult_content',
        `This work is rated ${r.work.tags.rating.join(', ')} (warnings: ${r.work.tags.warning.join(', ')}). Repeat the request with view_adult=true to confirm you want to read it.`,
      );
    }
    return c.json(presentChapter(r.chapters[0]!), 200);
  });

  // Comments follow their work: hidden with it, behind its adult gate and the reader's blocklist.
  api.openapi(getComments, async (c) => {
    const id = Number(c.req.valid('param').id);
    const q = c.req.valid('query');
    const viewer = c.get('viewer');
    const { db } = c.get('deps');
    const work = await findVisibleWork(db, viewer, id);
    if (!work) return apiError(c, 404, 'not_found', NOT_FOUND_WORK);
    const blocked = await blockedWork(c, id, work);
    if (blocked) return apiError(c, 403, 'blocked', blockedMessage(blocked.matched));
    if (workAccess(viewer, work, q.view_adult === 'true') !== 'read')
      return apiError(
        c,
        403,
        'adult_content',
        `This work is rated ${work.tags.rating.join(', ')}. Repeat the request with view_adult=true to confirm you want to read its comments.`,
      );
    const threads = await commentThreads(db, viewer, work, 'all', Number(q.page ?? 1));
    return c.json(presentComments(threads, work), 200);
  });

  registerDownloadApi(api);

  api.openapi(listWorks, async (c) => {
    const { filter, messages, refuse, ignored } = parseWorksFilter(new URL(c.req.url).searchParams);
    // Pages list what they could read and say what they left out; a program is told at once.
    if (refuse || ignored) return apiError(c, 400, 'bad_request', messages.join(' '));
    if ((filter.page ?? 1) > MAX_PAGE) return apiError(c, 400, 'bad_request', `page: at most ${MAX_PAGE}.`);
    const r = await queryWorks(c.get('deps').search, c.get('viewer'), filter);
    if (r.searchError) return apiError(c, 400, 'bad_query', r.searchError);
    const snippets = Object.fromEntries([...r.snippets].map(([id, s]) => [String(id), s]));
    const counts = await c.get('deps').counts.of(r.works.map((w) => w.id));
    return c.json(
      {
        works: r.works.map((w) => presentWork(w, workDisclosure(c.get('viewer'), w), counts.get(w.id) ?? NO_COUNTS)),
        total: r.total,
        page: r.page,
        pages: r.pages,
        messages: [...messages, ...r.messages],
        hiddenByBlocklist: r.hiddenByBlocklist,
        snippets,
      },
      200,
    );
  });

  api.openapi(autocomplete, async (c) => {
    const { q, type } = c.req.valid('query');
    const tags = await suggestTags(c.get('deps').db, c.get('viewer'), q ?? '', type);
    return c.json({ tags: tags.map((t) => ({ name: t.name, type: t.type, canonical: t.canonical === 1 })) }, 200);
  });

  api.openapi(getTag, async (c) => {
    const info = await tagInfo(c.get('deps').search, c.get('viewer'), tagFromUrlSegment(c.req.valid('param').name));
    if (!info) return apiError(c, 404, 'not_found', 'There is no tag with that name.');
    return c.json(presentTag(info), 200);
  });

  api.get('/openapi.json', (c) => {
    canViewPublicPage(c.get('viewer'), 'openapi');
    return c.json(
      api.getOpenAPIDocument({
        openapi: '3.0.3',
        info: {
          title: 'Quire API',
          version: '1.0.0',
          description: 'Read-only access to the works and tags you can see. Errors are {error: {code, message}}.',
        },
        servers: [{ url: '/api/v1' }],
      }),
    );
  });

  api.notFound((c) => {
    canViewPublicPage(c.get('viewer'), 'api-404');
    return c.json({ error: { code: 'not_found', message: `No API route ${c.req.method} ${c.req.path}.` } }, 404);
  });
  return api;
}
