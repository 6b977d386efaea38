import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { positiveInt } from '../forms.js';
import { leaveKudos } from '../../services/kudos.js';
import { errorPage, notFoundPage } from './error-page.js';
import { clientIp } from '../middleware/client-ip.js';

export function registerKudosRoutes(app: Hono<AppEnv>): void {
  // The form carries the session's CSRF token (csrf.ts): a guest reading a shared page has no
  // session yet, gets the "reload and send again" page with a new session, and can then leave kudos.
  app.post('/works/:id{[0-9]+}/kudos', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const { db, counts, rateLimits, commits } = c.get('deps');
    const address = clientIp(c);
    const r = await leaveKudos(db, c.get('viewer'), id, c.get('session')?.id, { address, limits: rateLimits, commits });
    if (r.ok) {
      counts.changed([id]);
      return c.redirect(`/works/${id}#kudos`, 303);
    }
    if (r.status === 404) return notFoundPage(c);
    const title = r.status === 409 ? 'Kudos already left' : r.status === 429 ? 'Too many kudos' : 'No kudos';
    return errorPage(c, r.status, title, r.errors._ ?? 'Kudos could not be left.');
  });
}
