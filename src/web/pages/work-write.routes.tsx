import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { canPostWork } from '../../policies/index.js';
import { postWork } from '../../services/post-work.js';
import { previewWork } from '../../services/preview-work.js';
import { editWork } from '../../services/edit-work.js';
import { deleteWork } from '../../services/delete-work.js';
import { publishDraft } from '../../services/publish-draft.js';
import { editableWorkForForm, pseudsForForm } from '../../services/work-forms.js';
import { ensureSession } from '../middleware/session.js';
import { positiveInt } from '../forms.js';
import { Csrf } from './components.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';
import { refusePosting } from './confirm-email.routes.js';
import { overHourlyLimit, TOO_MANY_PER_HOUR } from '../../services/rate-limits.js';
import { STORAGE_FULL, STORAGE_FULL_MESSAGE, savedUnlessFull } from '../storage-full.js';
import { WorkView } from './work-view.js';
import {
  WorkForm,
  chapterInputFromForm,
  emptyWorkForm,
  metaInputFromForm,
  pseudIdsFromForm,
  workFormFromBody,
  workFormFromWork,
  type WorkFormValues,
} from './work-form.js';
import { readForm } from '../read-form.js';

export async function newWorkPage(
  c: Context<AppEnv>,
  v: WorkFormValues,
  errors: FieldErrors,
  status: 200 | 400 | 413 | 429 | 507 = 200,
  preview?: Child,
  notice?: Child,
) {
  const session = await ensureSession(c);
  const pseuds = await pseudsForForm(c.get('deps').db, c.get('viewer'));
  return page(
    c,
    'Post New Work',
    <>
      <h1>{preview ? 'Preview' : 'Post New Work'}</h1>
      {notice}
      {preview}
      <form class="ui upload" method="post" action="/works/new/import" enctype="multipart/form-data">
        <Csrf token={session.csrf_token} />
        <label for="file">Fill the form from a file</label>{' '}
        <input type="file" id="file" name="file" accept=".txt,.md,.markdown,.html,.htm,.xhtml,.epub" />{' '}
        <button type="submit">Read file</button>
        <span class="hint"> .txt, Markdown, HTML or EPUB — AO3 downloads keep their tags, notes and chapters.</span>
        {errors.file ? <p class="error">{errors.file}</p> : null}
      </form>
      <WorkForm action="/works/new" v={v} errors={errors} csrf={session.csrf_token} pseuds={pseuds} mode="new" />
    </>,
    status,
  );
}

export function registerWorkWriteRoutes(app: Hono<AppEnv>): void {
  app.get('/works/new', async (c) => {
    if (!canPostWork(c.get('viewer'))) return refusePosting(c);
    return newWorkPage(c, emptyWorkForm(), {});
  });

  app.post('/works/new', async (c) => {
    const viewer = c.get('viewer');
    if (!canPostWork(viewer)) return refusePosting(c);
    const body = await readForm(c, { all: true });
    const v = workFormFromBody(body);
    const action = typeof body.action === 'string' ? body.action : 'post';
    const input = { meta: metaInputFromForm(v), chapter: chapterInputFromForm(v) };
    if (action === 'preview') {
      const p = previewWork(viewer, input);
      if (!p.ok) return newWorkPage(c, v, p.errors, p.tooLarge ? 413 : 400);
      const preview = (
        <section aria-label="Preview">
          <p class="preview-banner">This is a preview: nothing is saved yet. Post it or save it as a draft below.</p>
          <WorkView work={p.work} chapters={[p.chapter]} whole={true} canEdit={false} csrf={undefined} preview={true} />
        </section>
      );
      return newWorkPage(c, v, {}, 200, preview);
    }
    const { db, rateLimits } = c.get('deps');
    if (await overHourlyLimit(db, rateLimits, 'work', viewer.user!.id)) {
      c.header('Retry-After', '3600');
      return newWorkPage(c, v, { _: TOO_MANY_PER_HOUR.work }, 429);
    }
    const result = await savedUnlessFull(
      c,
      postWork(c.get('deps').db, viewer, { ...input, pseudIds: pseudIdsFromForm(v), draft: action === 'draft' }),
    );
    if (result === STORAGE_FULL) return newWorkPage(c, v, { _: STORAGE_FULL_MESSAGE }, 507);
    if (!result.ok) return newWorkPage(c, v, result.errors, result.status === 413 ? 413 : 400);
    // A posted work's subscribers are notified by a background job: start it now, not at the next poll.
    c.get('deps').jobs?.wake();
    return c.redirect(`/works/${result.value.workId}`, 303);
  });

  app.get('/works/:id{[0-9]+}/edit', async (c) => {
    const e = await editableWorkForForm(c.get('deps').db, c.get('viewer'), positiveInt(c.req.param('id')));
    if (e.kind === 'hidden') return notFoundPage(c);
    if (e.kind === 'forbidden') return errorPage(c, 403, 'Not your work', 'Only the work’s creators can edit it.');
    const session = await ensureSession(c);
    const v = workFormFromWork(e.work, c.get('viewer').user!.id);
    return editPage(c, e.work.id, e.work.title, v, {}, session.csrf_token, e.pseuds);
  });

  app.post('/works/:id{[0-9]+}/edit', async (c) => {
    const { db } = c.get('deps');
    const viewer = c.get('viewer');
    const id = positiveInt(c.req.param('id'));
    const e = await editableWorkForForm(db, viewer, id);
    if (e.kind === 'hidden') return notFoundPage(c);
    if (e.kind === 'forbidden') return errorPage(c, 403, 'Not your work', 'Only the work’s creators can edit it.');
    const v = workFormFromBody(await readForm(c, { all: true }));
    const result = await savedUnlessFull(
      c,
      editWork(db, viewer, e.work.id, { meta: metaInputFromForm(v), pseudIds: pseudIdsFromForm(v) }),
    );
    if (result === STORAGE_FULL)
      return editPage(
        c,
        e.work.id,
        e.work.title,
        v,
        { _: STORAGE_FULL_MESSAGE },
        c.get('session')!.csrf_token,
        e.pseuds,
        507,
      );
    if (!result.ok)
      return editPage(
        c,
        e.work.id,
        e.work.title,
        v,
        result.errors,
        c.get('session')!.csrf_token,
        e.pseuds,
        result.status === 403 ? 403 : 400,
      );
    return c.redirect(`/works/${e.work.id}`, 303);
  });

  app.get('/works/:id{[0-9]+}/delete', async (c) => {
    const e = await editableWorkForForm(c.get('deps').db, c.get('viewer'), positiveInt(c.req.param('id')));
    if (e.kind === 'hidden') return notFoundPage(c);
    if (e.kind === 'forbidden') return errorPage(c, 403, 'Not your work', 'Only the work’s creators can delete it.');
    const session = await ensureSession(c);
    return page(
      c,
      `Delete ${e.work.title}`,
      <div class="ui">
        <h1>Delete “{e.work.title}”?</h1>
        <p>
          This deletes the work and all {e.work.chapters.length} of its chapters for good. It cannot be undone. If you
          may want it later, download or copy the text first.
        </p>
        <form method="post" action={`/works/${e.work.id}/delete`} class="actions">
          <Csrf token={session.csrf_token} />
          <button class="danger" type="submit">
            Yes, Delete Work
          </button>
          <a class="button" href={`/works/${e.work.id}`}>
            Cancel
          </a>
        </form>
      </div>,
    );
  });

  app.post('/works/:id{[0-9]+}/delete', async (c) => {
    const id = positiveInt(c.req.param('id'));
    const viewer = c.get('viewer');
    if (id === undefined) return notFoundPage(c);
    const r = await deleteWork(c.get('deps').db, viewer, id);
    if (!r.ok)
      return r.status === 404
        ? notFoundPage(c)
        : errorPage(c, 403, 'Not your work', 'Only the work’s creators can delete it.');
    return page(
      c,
      'Work deleted',
      <div class="ui">
        <h1>Work deleted</h1>
        <p class="flash">“{r.value.title}” was deleted.</p>
        <p>
          <a href={`/users/${encodeURIComponent(viewer.user!.username)}`}>Back to your works</a>
        </p>
      </div>,
    );
  });

  app.post('/works/:id{[0-9]+}/publish', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const r = await publishDraft(c.get('deps').db, c.get('viewer'), id);
    if (!r.ok && r.status === 404) return notFoundPage(c);
    if (!r.ok && r.status === 403)
      return errorPage(c, 403, 'Not allowed', r.errors._ ?? 'Only the work’s creators can post it.');
    if (r.ok) c.get('deps').jobs?.wake();
    return c.redirect(`/works/${id}`, 303);
  });
}

function editPage(
  c: Context<AppEnv>,
  id: number,
  title: string,
  v: WorkFormValues,
  errors: FieldErrors,
  csrf: string,
  pseuds: Array<{ id: number; name: string }>,
  status: 200 | 400 | 403 | 507 = 200,
) {
  return page(
    c,
    `Edit ${title}`,
    <>
      <h1>
        Edit <a href={`/works/${id}`}>{title}</a>
      </h1>
      <p class="ui">
        To change the text, use <a href={`/works/${id}/chapters/1/edit`}>Edit Chapter</a> on each chapter.
      </p>
      <WorkForm action={`/works/${id}/edit`} v={v} errors={errors} csrf={csrf} pseuds={pseuds} mode="edit" />
    </>,
    status,
  );
}
