import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { chaptersToShow, openWork, rememberAdultConsent, tooLongForOnePiece } from '../../services/read-work.js';
import { raw } from 'hono/html';
import { workFragmentKey } from './fragment-cache.js';
import { positiveInt } from '../forms.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { WorkView } from './work-view.js';
import { page } from './render.js';
import { tooLongMessage } from '../download-response.js';
import type { Work } from '../../domain/work.js';
import { isCreator } from '../../policies/index.js';
import { kudosOf } from '../../services/kudos.js';
import { recordWorkView } from '../hits.js';
import { NO_COUNTS } from '../../store/count-changes.store.js';
import { COUNTS_SLOT, CountsStats } from './components.js';
import { KudosSection } from './kudos.js';
import { subscribeButtonHtml } from './subscriptions-button.js';
import { commentsSectionHtml } from './comments.routes.js';
import { gateOrBlock, interstitialPage } from './work-gates.js';
import { noteReading, readingBarHtml } from './history-bar.js';
import { timed } from '../../domain/stage-clock.js';

async function showWork(c: Context<AppEnv>, workId: number, chapter: number | 'all', offerResume = false) {
  const { db } = c.get('deps');
  const viewer = c.get('viewer');
  const clock = c.get('stages');
  const proceedAdult = c.req.query('view_adult') === 'true';
  const opened = await timed(clock, 'work', () => openWork(db, viewer, workId, proceedAdult));
  if (opened.kind === 'hidden') return notFoundPage(c);
  const stop = await gateOrBlock(c, opened.work, opened.kind === 'gate');
  if (stop || opened.kind === 'gate') return stop ?? interstitialPage(c, opened.work);
  if (proceedAdult && !viewer.sessionViewAdult) {
    const session = await ensureSession(c);
    await rememberAdultConsent(db, session.id);
  }
  const { work, canEdit } = opened;
  recordWorkView(c, work);
  // The member's resume link and Marked for Later, read before this visit is noted; not in the cached text.
  const bar = await timed(clock, 'history', () => readingBarHtml(c, work, offerResume));
  noteReading(c, work, chapter);
  const title = chapter === 'all' || work.chapters.length === 1 ? work.title : `${work.title} — Chapter ${chapter}`;
  const key = canEdit ? undefined : workFragmentKey(work, chapter);
  const fragments = c.get('deps').pageCaches.workFragments;
  const cached = key ? fragments.get(key) : undefined;
  if (cached !== undefined)
    return page(
      c,
      title,
      raw(bar + (await timed(clock, 'extras', () => withCounts(c, work, chapter, cached.toString())))),
    );
  if (chapter === 'all' && work.chapters.length > 1) {
    // The entire work is rendered whole in memory, as a download is: the same limit. Asked only
    // when rendering: a cached text was rendered under it, and the question reads the whole text.
    const tooLong = await tooLongForOnePiece(db, work.id, c.get('deps').config.wholeWorkMaxChars);
    if (tooLong)
      return errorPage(
        c,
        413,
        'Too long to show on one page',
        tooLongMessage(work.title, tooLong.chars, tooLong.maxChars),
      );
  }

  const textStarted = performance.now();
  const chapters = await chaptersToShow(db, work, chapter);
  if (!chapters) return errorPage(c, 404, 'Chapter not found', `“${work.title}” has no chapter with that number.`);
  if (canEdit) await ensureSession(c);
  const whole = chapter === 'all' || work.chapters.length === 1;
  const view = (
    <WorkView work={work} chapters={chapters} whole={whole} canEdit={canEdit} csrf={c.get('session')?.csrf_token} />
  );
  // hono/jsx elements are escaped strings (or promises of them, for async components).
  const html = String(await view);
  if (key) fragments.set(key, Buffer.from(html));
  clock?.add('text', performance.now() - textStarted);
  return page(c, title, raw(bar + (await timed(clock, 'extras', () => withCounts(c, work, chapter, html)))));
}

/**
 * The work's text as cached, with what changes without a new version put in: its counts in the
 * stats, and the kudos and comments at the end (ADR 010). Drafts have none of them.
 */
async function withCounts(c: Context<AppEnv>, work: Work, chapter: number | 'all', html: string): Promise<string> {
  if (!work.posted) return html;
  const { db, counts } = c.get('deps');
  const viewer = c.get('viewer');
  const shown = (await counts.of([work.id])).get(work.id) ?? NO_COUNTS;
  const kudos = await kudosOf(db, viewer, work.id, c.get('session')?.id);
  c.set('countsShown', { workIds: [work.id], countSorted: false });
  const statsView = <CountsStats counts={shown} />;
  const endView = (
    <KudosSection workId={work.id} {...kudos} canGive={!isCreator(viewer, work)} csrf={c.get('session')?.csrf_token} />
  );
  const stats = String(await statsView);
  // A member's Subscribe button (new chapters), after the kudos; not in the cached text. It leads
  // back to this page: back to the work's first page would move the reader's place in it.
  const end = String(await endView) + (await subscribeButtonHtml(c, 'work', work.id, c.req.path));
  // A chapter's page shows that chapter's comments; the entire work (or a one-chapter work) all of them.
  const one = chapter !== 'all' && work.chapters.length > 1 ? work.chapters[chapter - 1] : undefined;
  const only = work.chapters.length === 1 ? work.chapters[0] : undefined;
  const url = new URL(c.req.url);
  url.searchParams.delete('page');
  const comments = await commentsSectionHtml(
    c,
    work,
    one ? { chapterId: one.id } : 'all',
    (one ?? only)?.id ?? null,
    url.pathname + url.search,
  );
  return html.replace(COUNTS_SLOT, stats) + end + comments;
}

export function registerWorkReadRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id{[0-9]+}', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const full = c.req.query('view_full_work') === 'true';
    // Like AO3: a work of several chapters opens at chapter 1 unless the reader asks for all of it.
    return showWork(c, id, full ? 'all' : 1, !full);
  });
  app.get('/works/:id{[0-9]+}/chapters/:position{[0-9]+}', async (c) => {
    const id = positiveInt(c.req.param('id'));
    const pos = positiveInt(c.req.param('position'));
    if (id === undefined || pos === undefined) return notFoundPage(c);
    return showWork(c, id, pos);
  });
}
