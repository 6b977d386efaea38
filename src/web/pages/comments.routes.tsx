import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { Work } from '../../domain/work.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { guestsMayComment, workAccess, type CommentSettings } from '../../policies/index.js';
import {
  approveComment,
  commentDecision,
  commentToEdit,
  deleteComment,
  editComment,
  freezeThread,
  postComment,
  REFUSALS,
  setCommentSettings,
  type CommentTarget,
} from '../../services/comments.js';
import { commentPage, commentThreads, commentsToReview } from '../../services/comment-threads.js';
import type { CommentPlace, CommentRow } from '../../store/comment.store.js';
import { formString, positiveInt } from '../forms.js';
import { clientIp } from '../middleware/client-ip.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';
import { gateOrBlock } from './work-gates.js';
import {
  CommentBodyField,
  CommentForm,
  CommentItem,
  CommentsSection,
  type CommentActions,
  type CommentFormProps,
} from './comments.js';
import { Csrf, ErrorSummary } from './components.js';
import { findVisibleWork } from '../../services/read-work.js';
import { raw } from 'hono/html';
import { readForm, type FormBody } from '../read-form.js';
import { siteOf } from '../site-settings.js';

/** What a guest is told while the archive's settings keep comments to members. */
export const GUESTS_MAY_NOT_COMMENT = 'Comments on this archive are for members. Log in or sign up to comment.';

type Typed = CommentFormProps['typed'];

/**
 * The comment form, or the sentence that says why the viewer may not comment (or reply to
 * `parent`); undefined when there is nothing to answer (a deleted or held comment, a draft).
 */
async function formOrRefusal(
  c: Context<AppEnv>,
  work: Work,
  settings: CommentSettings,
  form: Omit<CommentFormProps, 'csrf' | 'guest'>,
  parent?: CommentRow,
): Promise<CommentFormProps | { refused: string } | undefined> {
  const viewer = c.get('viewer');
  const decision = await commentDecision(c.get('deps').db, viewer, work, settings, parent);
  if (decision === 'hidden' || decision === 'gone') return undefined;
  if (decision !== 'ok') return { refused: REFUSALS[decision] };
  if (!guestsMayComment(viewer, siteOf(c).guestsMayComment)) return { refused: GUESTS_MAY_NOT_COMMENT };
  return { ...form, csrf: c.get('session')?.csrf_token, guest: viewer.user === null };
}

/**
 * The comments a work or chapter page ends with (rendered per request, after the cached text):
 * `place` chooses the chapter's comments or all of them, `formChapterId` where a new comment goes.
 */
export async function commentsSectionHtml(
  c: Context<AppEnv>,
  work: Work,
  place: CommentPlace,
  formChapterId: number | null,
  base: string,
): Promise<string> {
  const { db } = c.get('deps');
  const viewer = c.get('viewer');
  const pageNo = positiveInt(c.req.query('page')) ?? 1;
  const threads = await commentThreads(db, viewer, work, place, pageNo);
  // Shown under a work the viewer reads, never a draft's: a comment form or a refusal.
  const form = (await formOrRefusal(c, work, threads.settings, {
    action: `/works/${work.id}/comments`,
    label: 'Comment',
    chapterId: formChapterId,
  })) ?? { refused: REFUSALS.closed };
  const actions: CommentActions = {
    csrf: c.get('session')?.csrf_token,
    me: viewer.user?.id ?? null,
    moderate: threads.canModerate,
  };
  const view = <CommentsSection threads={threads} actions={actions} form={form} base={base} workId={work.id} />;
  return String(await view);
}

function typedFrom(b: FormBody): NonNullable<Typed> {
  const f = (k: string) => formString(b, k);
  return { body: f('body'), guestName: f('guest_name'), guestEmail: f('guest_email') };
}

/** A refused comment's page: the reason, and the form with the text as it was sent. */
function refusedPage(
  c: Context<AppEnv>,
  status: 403 | 422 | 429,
  action: string,
  errors: FieldErrors,
  typed: NonNullable<Typed>,
  chapterId: number | null,
) {
  const viewer = c.get('viewer');
  return page(
    c,
    'Comment not posted',
    <div class="ui">
      <h1>Your comment was not posted</h1>
      {status !== 422 ? (
        <p class="error" role="alert">
          {errors._}
        </p>
      ) : null}
      {status === 403 ? null : (
        <CommentForm
          action={action}
          csrf={c.get('session')?.csrf_token}
          guest={viewer.user === null}
          label="Comment"
          errors={status === 422 ? errors : {}}
          typed={typed}
          chapterId={chapterId}
        />
      )}
      {status === 403 ? (
        <details>
          <summary>Your text</summary>
          <pre class="kept-text">{typed.body}</pre>
        </details>
      ) : null}
    </div>,
    status,
  );
}

async function submit(c: Context<AppEnv>, target: CommentTarget, action: string) {
  const b = await readForm(c);
  const typed = typedFrom(b);
  const chapterId = 'chapterId' in target ? target.chapterId : null;
  const { db, counts, rateLimits, commits } = c.get('deps');
  if (!guestsMayComment(c.get('viewer'), siteOf(c).guestsMayComment))
    return refusedPage(c, 403, action, { _: GUESTS_MAY_NOT_COMMENT }, typed, chapterId);
  const r = await postComment(
    db,
    c.get('viewer'),
    target,
    { body: typed.body ?? '', guestName: typed.guestName ?? '', guestEmail: typed.guestEmail ?? '' },
    { address: clientIp(c), limits: rateLimits, commits },
  );
  if (r.ok) {
    counts.changed([r.value.workId]);
    // A held comment is seen by its author only when they are a member: a guest is told on the work's comments.
    return c.redirect(r.value.held ? `/works/${r.value.workId}/comments?held=1` : `/comments/${r.value.id}`, 303);
  }
  if (r.status === 404) return notFoundPage(c);
  if (r.status === 403 || r.status === 422 || r.status === 429)
    return refusedPage(c, r.status, action, r.errors, typed, chapterId);
  return errorPage(c, 400, 'Comment not posted', r.errors._ ?? 'The comment could not be posted.');
}

function commentId(c: Context<AppEnv>): number | undefined {
  return positiveInt(c.req.param('id'));
}

/** A moderation or deletion button's answer: back to the work's comments, or why not. */
async function afterAction(
  c: Context<AppEnv>,
  r: { ok: true; value: { workId: number } } | { ok: false; status: number; errors: FieldErrors },
) {
  if (r.ok) {
    c.get('deps').counts.changed([r.value.workId]);
    return c.redirect(`/works/${r.value.workId}/comments`, 303);
  }
  if (r.status === 404) return notFoundPage(c);
  return errorPage(c, r.status === 409 ? 409 : 403, 'Not done', r.errors._ ?? 'That could not be done.');
}

export function registerCommentRoutes(app: Hono<AppEnv>): void {
  app.post('/works/:id{[0-9]+}/comments', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const b = await readForm(c);
    const chapterId = positiveInt(formString(b, 'chapter_id')) ?? null;
    return submit(c, { workId: id, chapterId }, `/works/${id}/comments`);
  });

  app.post('/comments/:id{[0-9]+}/replies', async (c) => {
    const id = commentId(c);
    if (id === undefined) return notFoundPage(c);
    return submit(c, { parentId: id }, `/comments/${id}/replies`);
  });

  // All the work's comments, 50 threads to a page, without its text: what "Comments (N)" links to.
  app.get('/works/:id{[0-9]+}/comments', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const work = await findVisibleWork(c.get('deps').db, c.get('viewer'), id);
    if (!work) return notFoundPage(c);
    const gate = await gateOrBlockComments(c, work);
    if (gate) return gate;
    const section = await commentsSectionHtml(c, work, 'all', null, `/works/${id}/comments`);
    c.set('countsShown', { workIds: [id], countSorted: false });
    return page(
      c,
      `Comments on ${work.title}`,
      <div>
        <h1 class="ui">
          Comments on <a href={`/works/${id}`}>{work.title}</a>
        </h1>
        {c.req.query('held') === '1' ? (
          <p class="flash ui" role="status">
            Your comment was sent. It will appear once the work’s creator approves it.
          </p>
        ) : null}
        {raw(section)}
      </div>,
    );
  });

  app.get('/comments/:id{[0-9]+}', async (c) => {
    const id = commentId(c);
    if (id === undefined) return notFoundPage(c);
    const { db } = c.get('deps');
    const viewer = c.get('viewer');
    const found = await commentPage(db, viewer, id);
    if (!found) return notFoundPage(c);
    const gate = await gateOrBlockComments(c, found.work);
    if (gate) return gate;
    const session = await ensureSession(c);
    const actions: CommentActions = {
      csrf: session.csrf_token,
      me: viewer.user?.id ?? null,
      moderate: found.canModerate,
    };
    // A placeholder (deleted, or by a member the viewer muted) is not replied to from here.
    const form =
      found.node.shown === 'text'
        ? await formOrRefusal(
            c,
            found.work,
            found.settings,
            { action: `/comments/${id}/replies`, label: 'Reply' },
            found.node.comment,
          )
        : undefined;
    return page(
      c,
      `Comment on ${found.work.title}`,
      <div class="comment-page">
        <h1 class="ui">
          Comment on <a href={`/works/${found.work.id}`}>{found.work.title}</a>
        </h1>
        <p class="ui">
          {found.parentId !== null ? (
            <>
              <a href={`/comments/${found.parentId}`}>Parent comment</a> ·{' '}
              <a href={`/comments/${found.threadId}`}>Whole thread</a> ·{' '}
            </>
          ) : null}
          <a href={`/works/${found.work.id}/comments`}>All comments on this work</a>
        </p>
        <ol class="comment-threads">
          <CommentItem node={found.node} a={actions} />
        </ol>
        {form === undefined ? null : 'refused' in form ? (
          <p class="notice">{form.refused}</p>
        ) : (
          <CommentForm {...form} csrf={session.csrf_token} />
        )}
      </div>,
    );
  });

  app.get('/comments/:id{[0-9]+}/edit', async (c) => {
    const id = commentId(c);
    if (id === undefined) return notFoundPage(c);
    const r = await commentToEdit(c.get('deps').db, c.get('viewer'), id);
    if (!r.ok) return r.status === 404 ? notFoundPage(c) : errorPage(c, 403, 'Not yours', r.errors._ ?? '');
    const session = await ensureSession(c);
    return editPage(c, id, r.value.body, {}, session.csrf_token);
  });

  app.post('/comments/:id{[0-9]+}/edit', async (c) => {
    const id = commentId(c);
    if (id === undefined) return notFoundPage(c);
    const body = formString(await readForm(c), 'body');
    const r = await editComment(c.get('deps').db, c.get('viewer'), id, body);
    if (r.ok) {
      c.get('deps').counts.changed([r.value.workId]);
      return c.redirect(`/comments/${id}`, 303);
    }
    if (r.status === 404) return notFoundPage(c);
    if (r.status === 422) return editPage(c, id, body, r.errors, c.get('session')?.csrf_token, 422);
    return errorPage(c, 403, 'Not yours', r.errors._ ?? '');
  });

  const action = (path: string, run: (c: Context<AppEnv>, id: number) => ReturnType<typeof deleteComment>) =>
    app.post(`/comments/:id{[0-9]+}/${path}`, async (c) => {
      const id = commentId(c);
      if (id === undefined) return notFoundPage(c);
      return afterAction(c, await run(c, id));
    });
  action('delete', (c, id) => deleteComment(c.get('deps').db, c.get('viewer'), id));
  action('delete_thread', (c, id) => deleteComment(c.get('deps').db, c.get('viewer'), id, true));
  action('freeze', (c, id) => freezeThread(c.get('deps').db, c.get('viewer'), id, true));
  action('unfreeze', (c, id) => freezeThread(c.get('deps').db, c.get('viewer'), id, false));
  action('approve', (c, id) => approveComment(c.get('deps').db, c.get('viewer'), id));

  // AO3's "unreviewed comments" page, with the work's comment settings.
  app.get('/works/:id{[0-9]+}/comments/manage', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const r = await commentsToReview(c.get('deps').db, c.get('viewer'), id);
    if (r === 'hidden') return notFoundPage(c);
    if (r === 'forbidden') return errorPage(c, 403, 'Not your work', 'Only the work’s creators manage its comments.');
    const session = await ensureSession(c);
    const me = c.get('viewer').user?.id ?? null;
    return page(
      c,
      `Manage comments on ${r.work.title}`,
      <div class="ui">
        <h1>
          Comments on <a href={`/works/${id}`}>{r.work.title}</a>
        </h1>
        <form method="post" action={`/works/${id}/comments/settings`} class="work-form">
          <Csrf token={session.csrf_token} />
          <fieldset>
            <legend>Who may comment</legend>
            {(
              [
                ['everyone', 'Everyone, including guests'],
                ['members', 'Members only'],
                ['none', 'No one (comments are turned off)'],
              ] as const
            ).map(([v, label]) => (
              <label>
                <input type="radio" name="who" value={v} checked={r.settings.who === v} /> {label}
              </label>
            ))}
          </fieldset>
          <label>
            <input type="checkbox" name="moderated" value="1" checked={r.settings.moderated} /> Hold new comments until
            I approve them
          </label>
          <button type="submit">Save comment settings</button>
        </form>
        <h2>Awaiting approval ({r.held.length})</h2>
        {r.held.length === 0 ? <p class="muted">No comments are waiting.</p> : null}
        <ol class="comment-threads">
          {r.held.map((node) => (
            <CommentItem node={node} a={{ csrf: session.csrf_token, me, moderate: true }} />
          ))}
        </ol>
      </div>,
    );
  });

  app.post('/works/:id{[0-9]+}/comments/settings', async (c) => {
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const b = await readForm(c);
    const r = await setCommentSettings(c.get('deps').db, c.get('viewer'), id, {
      who: formString(b, 'who'),
      moderated: formString(b, 'moderated') === '1',
    });
    if (!r.ok) {
      if (r.status === 404) return notFoundPage(c);
      if (r.status === 400) return errorPage(c, 400, 'Settings not saved', r.errors.who ?? '');
      return errorPage(c, 403, 'Not your work', r.errors._ ?? '');
    }
    c.get('deps').counts.changed([id]);
    return c.redirect(`/works/${id}/comments/manage`, 303);
  });
}

function editPage(
  c: Context<AppEnv>,
  id: number,
  body: string,
  errors: FieldErrors,
  csrf: string | undefined,
  status: 200 | 422 = 200,
) {
  return page(
    c,
    'Edit comment',
    <div class="ui">
      <h1>Edit your comment</h1>
      <form method="post" action={`/comments/${id}/edit`} class="comment-form">
        {csrf ? <Csrf token={csrf} /> : null}
        <ErrorSummary errors={errors} />
        <CommentBodyField label="Comment" error={errors.body} body={body} rows={8} />
        <button type="submit">Save</button>
      </form>
      <p>
        <a href={`/comments/${id}`}>Cancel</a>
      </p>
    </div>,
    status,
  );
}

/** The work's blocklist notice or adult gate, when either stands before its comments (as before its text). */
function gateOrBlockComments(c: Context<AppEnv>, work: Work): Promise<Response | undefined> {
  return gateOrBlock(c, work, workAccess(c.get('viewer'), work, c.req.query('view_adult') === 'true') === 'gate');
}

const COMMENT_POST = /^\/(?:works\/\d+\/comments|comments\/\d+\/replies)$/;

/**
 * A comment sent without a valid form token — a guest reading a page shared by all guests has no
 * session yet — is not posted; the page that says so (with the new session's token) gives the text
 * back in the form, so nothing typed is lost. Undefined for any other form.
 */
export function resendCommentPage(c: Context<AppEnv>, body: FormBody) {
  if (!COMMENT_POST.test(c.req.path)) return undefined;
  const typed = typedFrom(body);
  const chapterId = positiveInt(formString(body, 'chapter_id')) ?? null;
  return page(
    c,
    'Send your comment again',
    <div class="ui">
      <h1>Send your comment again</h1>
      <p class="notice" role="alert">
        Your comment was not posted: this page had no session, or the form came from elsewhere. Check it and send it
        again.
      </p>
      <CommentForm
        action={c.req.path}
        csrf={c.get('session')?.csrf_token}
        guest={c.get('viewer').user === null}
        label="Comment"
        typed={typed}
        chapterId={chapterId}
      />
    </div>,
    403,
  );
}
