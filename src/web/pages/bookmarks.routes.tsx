import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { Work } from '../../domain/work.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { workAccess } from '../../policies/index.js';
import { findVisibleWork } from '../../services/read-work.js';
import { bookmarkWork, deleteBookmark, workBookmarks } from '../../services/bookmarks.js';
import type { BookmarkFormValues } from '../../domain/bookmark-input.js';
import { formBool, formString, positiveInt } from '../forms.js';
import { seriesForViewer } from '../../services/series-page.js';
import { bookmarkSeries, targetBookmarks } from '../../services/bookmark-targets.js';
import type { SeriesRow } from '../../store/series.store.js';
import { readForm, type FormBody } from '../read-form.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { gateOrBlock } from './work-gates.js';
import { page } from './render.js';
import { BookmarkForm, BookmarkList } from './bookmarks.js';

/** A work's or a series' bookmarks, the form to bookmark it, and the posts that save and delete a bookmark. */
export function registerBookmarkRoutes(app: Hono<AppEnv>): void {
  app.get('/works/:id{[0-9]+}/bookmarks', async (c) => {
    const work = await readableWork(c);
    if (!work || work instanceof Response) return work ?? notFoundPage(c);
    return bookmarksPage(c, work, undefined, {});
  });

  app.post('/works/:id{[0-9]+}/bookmarks', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const { db, counts } = c.get('deps');
    const typed = bookmarkValues(await readForm(c));
    const r = await bookmarkWork(db, c.get('viewer'), id, typed);
    if (r.ok) {
      counts.changed([id]);
      return c.redirect(`/works/${id}/bookmarks#bookmark-${r.value.bookmarkId}`, 303);
    }
    if (r.status === 404) return notFoundPage(c);
    if (r.status === 403) return errorPage(c, 403, 'Log in to bookmark', r.errors._ ?? 'Log in to bookmark works.');
    const work = await findVisibleWork(db, c.get('viewer'), id);
    if (!work) return notFoundPage(c);
    return bookmarksPage(c, work, typed, r.errors, r.status);
  });

  app.post('/bookmarks/:id{[0-9]+}/delete', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const { db, counts } = c.get('deps');
    const r = await deleteBookmark(db, c.get('viewer'), id);
    if (!r.ok) return notFoundPage(c);
    const { workId, seriesId, externalWorkId } = r.value;
    if (seriesId !== null) return c.redirect(`/series/${seriesId}/bookmarks`, 303);
    if (externalWorkId !== null) return c.redirect(`/external_works/${externalWorkId}`, 303);
    if (workId === null) return c.redirect('/', 303);
    counts.changed([workId]);
    return c.redirect(`/works/${workId}/bookmarks`, 303);
  });

  app.get('/series/:id{[0-9]+}/bookmarks', async (c) => {
    const id = positiveInt(c.req.param('id'));
    const found =
      id === undefined ? undefined : await seriesForViewer(c.get('deps').search, c.get('viewer'), id, NO_PAGE);
    if (!found) return notFoundPage(c);
    return seriesBookmarksPage(c, found.series, undefined, {});
  });

  app.post('/series/:id{[0-9]+}/bookmarks', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const { search } = c.get('deps');
    const typed = bookmarkValues(await readForm(c));
    const r = await bookmarkSeries(search, c.get('viewer'), id, typed);
    if (r.ok) return c.redirect(`/series/${id}/bookmarks#bookmark-${r.value.bookmarkId}`, 303);
    if (r.status === 404) return notFoundPage(c);
    if (r.status === 403) return errorPage(c, 403, 'Log in to bookmark', r.errors._ ?? 'Log in to bookmark series.');
    const found = await seriesForViewer(search, c.get('viewer'), id, NO_PAGE);
    if (!found) return notFoundPage(c);
    return seriesBookmarksPage(c, found.series, typed, r.errors, r.status);
  });
}

const NO_PAGE = { page: 1, showBlocked: false };

/** What a bookmark form posted, as typed. */
export function bookmarkValues(body: FormBody): BookmarkFormValues {
  return {
    notes: formString(body, 'notes'),
    tags: formString(body, 'tags'),
    rec: formBool(body, 'rec'),
    private: formBool(body, 'private'),
  };
}

/** The form's values: as typed, else the viewer's own bookmark, else empty. */
export function formValues(
  typed: BookmarkFormValues | undefined,
  mine: { notes: string; tags: string[]; rec: boolean; private: boolean } | undefined,
): BookmarkFormValues {
  return (
    typed ??
    (mine
      ? { notes: mine.notes, tags: mine.tags.join(', '), rec: mine.rec, private: mine.private }
      : { notes: '', tags: '', rec: false, private: false })
  );
}

async function seriesBookmarksPage(
  c: Context<AppEnv>,
  series: SeriesRow,
  typed: BookmarkFormValues | undefined,
  errors: FieldErrors,
  status: 200 | 400 | 409 | 413 | 422 | 429 = 200,
) {
  const viewer = c.get('viewer');
  const pageNo = positiveInt(c.req.query('page')) ?? 1;
  const path = `/series/${series.id}/bookmarks`;
  const list = await targetBookmarks(c.get('deps').db, viewer, { seriesId: series.id }, pageNo);
  const session = viewer.user ? await ensureSession(c) : undefined;
  return page(
    c,
    `Bookmarks of ${series.title}`,
    <div class="ui">
      <h1>
        Bookmarks of <a href={`/series/${series.id}`}>{series.title}</a>
      </h1>
      {session ? (
        <BookmarkForm
          action={path}
          csrf={session.csrf_token}
          values={formValues(typed, list.mine)}
          errors={errors}
          existingId={list.mine?.id}
          noun="series"
        />
      ) : (
        <p>
          <a href={`/login?return_to=${encodeURIComponent(path)}`}>Log in</a> to bookmark this series.
        </p>
      )}
      <BookmarkList bookmarks={list.bookmarks} total={list.total} page={pageNo} pages={list.pages} base={path} />
    </div>,
    status,
  );
}

/** The work named in the path if this viewer may read it; a gate or blocklist page instead; or undefined. */
async function readableWork(c: Context<AppEnv>): Promise<Work | Response | undefined> {
  const id = positiveInt(c.req.param('id'));
  if (id === undefined) return undefined;
  const viewer = c.get('viewer');
  const work = await findVisibleWork(c.get('deps').db, viewer, id);
  if (!work) return undefined;
  const gate = await gateOrBlock(c, work, workAccess(viewer, work, c.req.query('view_adult') === 'true') === 'gate');
  return gate ?? work;
}

async function bookmarksPage(
  c: Context<AppEnv>,
  work: Work,
  typed: BookmarkFormValues | undefined,
  errors: FieldErrors,
  status: 200 | 400 | 409 | 413 | 422 | 429 = 200,
) {
  const viewer = c.get('viewer');
  const pageNo = positiveInt(c.req.query('page')) ?? 1;
  const list = await workBookmarks(c.get('deps').db, viewer, work.id, pageNo);
  const session = viewer.user ? await ensureSession(c) : undefined;
  const values = formValues(typed, list.mine);
  return page(
    c,
    `Bookmarks of ${work.title}`,
    <div class="ui">
      <h1>
        Bookmarks of <a href={`/works/${work.id}`}>{work.title}</a>
      </h1>
      {session ? (
        <BookmarkForm
          action={`/works/${work.id}/bookmarks`}
          csrf={session.csrf_token}
          values={values}
          errors={errors}
          existingId={list.mine?.id}
        />
      ) : (
        <p>
          <a href={`/login?return_to=${encodeURIComponent(`/works/${work.id}/bookmarks`)}`}>Log in</a> to bookmark this
          work.
        </p>
      )}
      <BookmarkList
        bookmarks={list.bookmarks}
        total={list.total}
        page={pageNo}
        pages={list.pages}
        base={`/works/${work.id}/bookmarks`}
      />
    </div>,
    status,
  );
}
