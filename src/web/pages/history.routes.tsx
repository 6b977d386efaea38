import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { clearHistory, clearReading, historyPage, markForLater } from '../../services/reading-history.js';
import { formString, positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { countsForListing } from './counts-shown.js';
import { page } from './render.js';
import { HistoryView } from './history.js';

const historyBase = (username: string) => `/users/${encodeURIComponent(username)}/history`;

/**
 * The member whose history the path names, when that is the viewer (the services ask the policy);
 * anyone else gets the same 404, whether or not the account exists.
 */
function ownHistory(c: Context<AppEnv>): { id: number; username: string } | undefined {
  const user = c.get('viewer').user;
  return user && user.username.toLowerCase() === c.req.param('username')?.toLowerCase() ? user : undefined;
}

/** A member's reading history and Marked for Later, clearing it, and the work page's mark-for-later button. */
export function registerHistoryRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:username/history', async (c) => {
    const show = c.req.query('show');
    if (show !== undefined && show !== 'later')
      return errorPage(c, 400, 'No such view', 'History shows all works, or with show=later those marked for later.');
    const rawPage = c.req.query('page');
    const p = rawPage === undefined ? 1 : positiveInt(rawPage);
    if (p === undefined) return errorPage(c, 400, 'No such page', 'The page number must be a whole number from 1.');
    const { search, readings } = c.get('deps');
    const r = await historyPage(search, readings, c.get('viewer'), c.req.param('username'), {
      page: p,
      later: show === 'later',
      showBlocked: c.req.query('show_blocked') === '1',
    });
    if (!r.ok) return notFoundPage(c);
    const session = await ensureSession(c);
    const { owner, works, keepHistory } = r.value;
    return page(
      c,
      show === 'later' ? 'Marked for Later' : 'History',
      <HistoryView
        base={historyBase(owner.username)}
        later={show === 'later'}
        works={works}
        readings={r.value.readings}
        counts={await countsForListing(c, works.works)}
        keepHistory={keepHistory}
        csrf={session.csrf_token}
      />,
    );
  });

  app.post('/users/:username/history/:workId{[0-9]+}/delete', async (c) => {
    const owner = ownHistory(c);
    const workId = positiveInt(c.req.param('workId'));
    if (!owner || workId === undefined) return notFoundPage(c);
    const { db, readings } = c.get('deps');
    const r = await clearReading(db, readings, c.get('viewer'), owner.id, workId);
    if (!r.ok) return notFoundPage(c);
    return c.redirect(historyBase(owner.username), 303);
  });

  app.post('/users/:username/history/delete', async (c) => {
    const owner = ownHistory(c);
    if (!owner) return notFoundPage(c);
    const { db, readings } = c.get('deps');
    const r = await clearHistory(db, readings, c.get('viewer'), owner.id);
    if (!r.ok) return notFoundPage(c);
    return c.redirect(historyBase(owner.username), 303);
  });

  app.post('/works/:id{[0-9]+}/mark_for_later', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const marked = formString(await readForm(c), 'marked');
    if (marked !== '0' && marked !== '1')
      return errorPage(
        c,
        400,
        'Nothing was changed',
        'Send marked=1 to mark the work for later, marked=0 to unmark it.',
      );
    const r = await markForLater(c.get('deps').db, c.get('viewer'), id, marked === '1');
    if (!r.ok && r.status === 403) return errorPage(c, 403, 'Log in to mark works', r.errors._ ?? '');
    if (!r.ok) return notFoundPage(c);
    return c.redirect(`/works/${id}`, 303);
  });
}
