import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { Work } from '../../domain/work.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { workAccess } from '../../policies/index.js';
import { findVisibleWork } from '../../services/read-work.js';
import { bookmarkWork, deleteBookmark, workBookmarks } from '../../services/bookmarks.js';
import type { BookmarkFormValues } from '../../domain/bookmark-input.js';
import { formBool, formString, positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { gateOrBlock } from './work-gates.js';
import { page } from './render.js';
import { BookmarkForm, BookmarkList } from './bookmarks.js';

/** A work's bookmarks, the form to bookmark it, and the posts that save and delete a bookmark. */
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
    const body = await readForm(c);
    const typed: BookmarkFormValues = {
      notes: formString(body, 'notes'),
      tags: formString(body, 'tags'),
      rec: formBool(body, 'rec'),
      private: formBool(body, 'private'),
    };
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
    if (r.value.workId === null) return c.redirect('/', 303);
    counts.changed([r.value.workId]);
    return c.redirect(`/works/${r.value.workId}/bookmarks`, 303);
  });
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
  const values: BookmarkFormValues =
    typed ??
    (list.mine
      ? { notes: list.mine.notes, tags: list.mine.tags.join(', '), rec: list.mine.rec, private: list.mine.private }
      : { notes: '', tags: '', rec: false, private: false });
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
