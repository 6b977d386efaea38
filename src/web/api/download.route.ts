import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
import { AdultQuery, ErrorSchema, WorkIdParam } from './schemas.js';
import { blockedMessage, blockedWork } from '../blocked-work.js';
import { DOWNLOAD_FORMATS } from '../../services/download-work.js';
import { downloadFor, fileResponse, tooLongMessage } from '../download-response.js';

const err = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });
const binary = { schema: z.string().openapi({ format: 'binary' }) };

const downloadRoute = createRoute({
  method: 'get',
  path: '/works/{id}/download',
  tags: ['Works'],
  summary: 'The whole work as an EPUB 3, HTML or plain-text file',
  description:
    'The same files as the work page’s Download links. Send If-None-Match with the ETag you have to get 304 when nothing changed.',
  request: {
    params: WorkIdParam,
    query: z.object({
      format: z.enum(DOWNLOAD_FORMATS).openapi({ example: 'epub' }),
      view_adult: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'Confirm you want to read a Mature, Explicit or Not Rated work' }),
      show_blocked: AdultQuery.shape.show_blocked,
    }),
  },
  responses: {
    200: {
      content: { 'application/epub+zip': binary, 'text/html': binary, 'text/plain': binary },
      description: 'The file, with ETag and Content-Disposition',
    },
    304: { description: 'Not modified since the ETag you sent' },
    400: err('Malformed id or an unknown format'),
    403: err(
      'Adult content (code adult_content): repeat with view_adult=true to confirm; or hidden by your blocklist (code blocked): repeat with show_blocked=1',
    ),
    413: err('The work is longer than the archive builds into one file (code too_large); read it by chapter'),
    404: err('No such work, or not visible to you'),
  },
});

export function registerDownloadApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(downloadRoute, async (c) => {
    const id = Number(c.req.valid('param').id);
    const blocked = await blockedWork(c, id);
    if (blocked) return c.json({ error: { code: 'blocked', message: blockedMessage(blocked.matched) } }, 403);
    const r = await downloadFor(c, id, c.req.valid('query').format);
    if (r.kind === 'hidden')
      return c.json({ error: { code: 'not_found', message: 'That work does not exist, or you cannot see it.' } }, 404);
    if (r.kind === 'gate') {
      return c.json(
        {
          error: {
            code: 'adult_content',
            message: `This work is rated ${r.work.tags.rating.join(', ')} (warnings: ${r.work.tags.warning.join(', ')}). Repeat the request with view_adult=true to confirm you want to read it.`,
          },
        },
        403,
      );
    }
    if (r.kind === 'too-large')
      return c.json({ error: { code: 'too_large', message: tooLongMessage(r.work.title, r.chars, r.maxChars) } }, 413);
    return fileResponse(c, r);
  });
}
