import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { FieldErrors } from '../../domain/work-input.js';
import type { BookmarkFormValues, ExternalWorkFormValues } from '../../domain/bookmark-input.js';
import {
  bookmarkExternalWork,
  bookmarkKnownExternalWork,
  externalWorkForViewer,
  targetBookmarks,
} from '../../services/bookmark-targets.js';
import { formString, positiveInt } from '../forms.js';
import { mayBookmarkExternalWork } from '../../policies/index.js';
import { readForm } from '../read-form.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';
import { BookmarkForm, BookmarkList } from './bookmarks.js';
import { bookmarkValues, formValues } from './bookmarks.routes.js';
import { ExternalWorkBlurb, ExternalWorkForm, ExternalWorkGate } from './external-works.js';

type FormStatus = 200 | 400 | 409 | 413 | 422 | 429;
const NO_WORK: ExternalWorkFormValues = { url: '', title: '', creator: '', fandoms: '', rating: '', summary: '' };
const NO_BOOKMARK: BookmarkFormValues = { notes: '', tags: '', rec: false, private: false };

/** Bookmarks of works hosted elsewhere: the form that describes one, its page, and its bookmarks. */
export function registerExternalWorkRoutes(app: Hono<AppEnv>): void {
  app.get('/external_works/new', (c) => newPage(c, NO_WORK, NO_BOOKMARK, {}));

  app.post('/external_works', async (c) => {
    const body = await readForm(c);
    const work: ExternalWorkFormValues = {
      url: formString(body, 'url'),
      title: formString(body, 'title'),
      creator: formString(body, 'creator'),
      fandoms: formString(body, 'fandoms'),
      rating: formString(body, 'rating'),
      summary: formString(body, 'summary'),
    };
    const bookmark = bookmarkValues(body);
    const r = await bookmarkExternalWork(c.get('deps').db, c.get('viewer'), work, bookmark);
    if (r.ok) return c.redirect(`/external_works/${r.value.externalWorkId}#bookmark-${r.value.bookmarkId}`, 303);
    if (r.status === 403) return errorPage(c, 403, 'Log in to bookmark', r.errors._ ?? 'Log in to bookmark works.');
    if (r.status === 404) return notFoundPage(c);
    return newPage(c, work, bookmark, r.errors, r.status);
  });

  app.get('/external_works/:id{[0-9]+}', async (c) => externalPage(c, undefined, {}));

  app.post('/external_works/:id{[0-9]+}/bookmarks', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const typed = bookmarkValues(await readForm(c));
    const r = await bookmarkKnownExternalWork(c.get('deps').db, c.get('viewer'), id, typed);
    if (r.ok) return c.redirect(`/external_works/${id}#bookmark-${r.value.bookmarkId}`, 303);
    if (r.status === 404) return notFoundPage(c);
    if (r.status === 403) return errorPage(c, 403, 'Log in to bookmark', r.errors._ ?? 'Log in to bookmark works.');
    return externalPage(c, typed, r.errors, r.status);
  });
}

async function newPage(
  c: Context<AppEnv>,
  work: ExternalWorkFormValues,
  bookmark: BookmarkFormValues,
  errors: FieldErrors,
  status: FormStatus = 200,
) {
  const session = mayBookmarkExternalWork(c.get('viewer')) === 'ok' ? await ensureSession(c) : undefined;
  return page(
    c,
    'Bookmark an external work',
    <div class="ui">
      <h1>Bookmark an external work</h1>
      <p>For a work hosted on another site: describe it once, and every member who bookmarks its address shares it.</p>
      {session ? (
        <ExternalWorkForm csrf={session.csrf_token} work={work} bookmark={bookmark} errors={errors} />
      ) : (
        <p>
          <a href={`/login?return_to=${encodeURIComponent('/external_works/new')}`}>Log in</a> to bookmark external
          works.
        </p>
      )}
    </div>,
    status,
  );
}

async function externalPage(
  c: Context<AppEnv>,
  typed: BookmarkFormValues | undefined,
  errors: FieldErrors,
  status: FormStatus = 200,
) {
  const id = positiveInt(c.req.param('id'));
  const viewer = c.get('viewer');
  const { db, search } = c.get('deps');
  const found =
    id === undefined
      ? undefined
      : await externalWorkForViewer(search, viewer, id, {
          proceedAdult: c.req.query('view_adult') === 'true',
          showBlocked: c.req.query('show_blocked') === '1',
        });
  if (!found) return notFoundPage(c);
  const { work } = found;
  const path = `/external_works/${work.id}`;
  if (found.gated)
    return page(c, 'Adult content', <ExternalWorkGate work={work} proceedHref={`${path}?view_adult=true`} />);
  if (found.blocked)
    return page(
      c,
      'Hidden by your blocklist',
      <div class="ui">
        <h1>Hidden by your blocklist</h1>
        <p>
          This external work is hidden by your blocklist. <a href={`${path}?show_blocked=1`}>Show it this once</a> ·{' '}
          <a href="/account/blocklist">Edit your blocklist</a>
        </p>
      </div>,
    );
  const pageNo = positiveInt(c.req.query('page')) ?? 1;
  const list = await targetBookmarks(db, viewer, { externalWorkId: work.id }, pageNo);
  const session = viewer.user ? await ensureSession(c) : undefined;
  return page(
    c,
    work.title,
    <div class="ui">
      <h1>{work.title}</h1>
      <ExternalWorkBlurb work={work} gated={false} top />
      <p>
        Hosted at{' '}
        <a href={work.url} rel="nofollow noopener">
          {work.url}
        </a>
      </p>
      {session ? (
        <BookmarkForm
          action={`${path}/bookmarks`}
          csrf={session.csrf_token}
          values={formValues(typed, list.mine)}
          errors={errors}
          existingId={list.mine?.id}
        />
      ) : (
        <p>
          <a href={`/login?return_to=${encodeURIComponent(path)}`}>Log in</a> to bookmark this work.
        </p>
      )}
      <BookmarkList bookmarks={list.bookmarks} total={list.total} page={pageNo} pages={list.pages} base={path} />
    </div>,
    status,
  );
}
