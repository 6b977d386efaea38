import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { clearHistory, clearReading, historyOwner, historyPage, markForLater } from '../../services/reading-history.js';
import { formString, positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { countsForListing } from './counts-shown.js';
import { page } from './render.js';
import { HistoryView } from './history.js';

const historyBase = (username: string) => `/users/${encodeURIComponent(username)}/history`;

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

  app.post('/users/:username/history/:id{[0-9]+}/delete', async (c) => {
    const { db, readings } = c.get('deps');
    const owner = await historyOwner(db, c.get('viewer'), c.req.param('username'));
    const workId = positiveInt(c.req.param('id'));
    if (!owner || workId === undefined) return notFoundPage(c);
    const r = await clearReading(db, readings, c.get('viewer'), owner.id, workId);
    if (!r.ok) return notFoundPage(c);
    return c.redirect(historyBase(owner.username), 303);
  });

  app.post('/users/:username/history/delete', async (c) => {
    const { db, readings } = c.get('deps');
    const owner = await historyOwner(db, c.get('viewer'), c.req.param('username'));
    if (!owner) return notFoundPage(c);
    const r = await clearHistory(db, readings, c.get('viewer'), owner.id);
    if (!r.ok) return notFoundPage(c);
    return c.redirect(historyBase(owner.username), 303);
  });

  app.post('/works/:id{[0-9]+}/mark_for_later', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const field = formString(await readForm(c), 'marked');
    const marked = field === '1' ? true : field === '0' ? false : undefined;
    const r = await markForLater(c.get('deps').db, c.get('viewer'), id, marked);
    if (!r.ok && r.status === 403) return errorPage(c, 403, 'Log in to mark works', r.errors._ ?? '');
    if (!r.ok && r.status === 400)
      return errorPage(
        c,
        400,
        'Nothing was changed',
        'Send marked=1 to mark the work for later, marked=0 to unmark it.',
      );
    if (!r.ok) return notFoundPage(c);
    return c.redirect(`/works/${id}`, 303);
  });
}
