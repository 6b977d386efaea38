import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { readWork, rememberAdultConsent } from '../../services/read-work.js';
import { positiveInt } from '../forms.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { Interstitial } from './interstitial.js';
import { WorkView } from './work-view.js';
import { page } from './render.js';

async function showWork(c: Context<AppEnv>, workId: number, chapter: number | 'all') {
  const { db } = c.get('deps');
  const viewer = c.get('viewer');
  const proceedAdult = c.req.query('view_adult') === 'true';
  const result = await readWork(db, viewer, workId, { chapter, proceedAdult });
  if (result.kind === 'hidden') return notFoundPage(c);
  if (result.kind === 'missing-chapter') return errorPage(c, 404, 'Chapter not found', `“${result.work.title}” has no chapter with that number.`);
  if (result.kind === 'gate') {
    const url = new URL(c.req.url);
    url.searchParams.set('view_adult', 'true');
    return page(c, `${result.work.title} — adult content`, <Interstitial work={result.work} proceedHref={url.pathname + url.search} loggedIn={viewer.user !== null} />);
  }
  if (proceedAdult && !viewer.sessionViewAdult) {
    const session = await ensureSession(c);
    await rememberAdultConsent(db, session.id);
  }
  const { work, chapters, whole, canEdit } = result;
  const title = whole || work.chapters.length === 1 ? work.title : `${work.title} — Chapter ${chapters[0]?.position ?? ''}`;
  if (canEdit) await ensureSession(c);
  return page(c, title, <WorkView work={work} chapters={chapters} whole={whole} canEdit={canEdit} csrf={c.get('session')?.csrf_token} />);
}

export function registerWorkReadRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id{[0-9]+}', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const full = c.req.query('view_full_work') === 'true';
    // Like AO3: a work of several chapters opens at chapter 1 unless the reader asks for all of it.
    return showWork(c, id, full ? 'all' : 1);
  });
  app.get('/works/:id{[0-9]+}/chapters/:position{[0-9]+}', async (c) => {
    const id = positiveInt(c.req.param('id'));
    const pos = positiveInt(c.req.param('position'));
    if (id === undefined || pos === undefined) return notFoundPage(c);
    return showWork(c, id, pos);
  });
}
