import type { FieldErrors } from '../../domain/work-input.js';
import { LIMITS } from '../../domain/limits.js';
import type { CommentNode, CommentThreads } from '../../services/comment-threads.js';
import type { CommentRow } from '../../store/comment.store.js';
import { Csrf, ErrorSummary, Field, formatDate, formatNumber, Pagination, pseudHref, UserHtml } from './components.js';

/** What the viewer may do with the comments shown, decided by the route from the policies. */
export interface CommentActions {
  csrf: string | undefined;
  /** The viewer's user id (their own comments get Edit and Delete). */
  me: number | null;
  /** A creator of the work: Approve, Freeze, Delete thread. */
  moderate: boolean;
}

/** The author line: pseud (username) linking to the pseud, or a guest's name. */
const Author = ({ c }: { c: CommentRow }) =>
  c.username ? (
    <a href={pseudHref(c.username, c.pseud ?? c.username)}>
      {c.pseud && c.pseud !== c.username ? `${c.pseud} (${c.username})` : c.username}
    </a>
  ) : c.guestName ? (
    <span class="guest">{c.guestName} (Guest)</span>
  ) : (
    <span class="guest">A former member</span>
  );

const PostButton = ({ action, label, csrf }: { action: string; label: string; csrf: string }) => (
  <form method="post" action={action} class="inline">
    <Csrf token={csrf} />
    <button type="submit">{label}</button>
  </form>
);

const CommentActionsBar = ({ node, a }: { node: CommentNode; a: CommentActions }) => {
  const c = node.comment;
  const own = a.me !== null && c.userId === a.me;
  const live = node.shown === 'text';
  return (
    <ul class="comment-actions">
      {live && c.status === 'published' && !c.frozen ? (
        <li>
          <a href={`/comments/${c.id}#reply`}>Reply</a>
        </li>
      ) : null}
      <li>
        <a href={`/comments/${c.id}`}>Thread</a>
      </li>
      {a.csrf && own && live ? (
        <li>
          <a href={`/comments/${c.id}/edit`}>Edit</a>
        </li>
      ) : null}
      {live && !own && c.status === 'published' ? (
        <li>
          <a href={`/report?kind=comment&id=${c.id}`}>Report</a>
        </li>
      ) : null}
      {a.csrf && (own || a.moderate) && c.status !== 'deleted' ? (
        <li>
          <PostButton action={`/comments/${c.id}/delete`} label="Delete" csrf={a.csrf} />
        </li>
      ) : null}
      {a.csrf && a.moderate && c.status === 'held' ? (
        <li>
          <PostButton action={`/comments/${c.id}/approve`} label="Approve" csrf={a.csrf} />
        </li>
      ) : null}
      {a.csrf && a.moderate ? (
        <>
          <li>
            <PostButton
              action={`/comments/${c.id}/${c.frozen ? 'unfreeze' : 'freeze'}`}
              label={c.frozen ? 'Unfreeze thread' : 'Freeze thread'}
              csrf={a.csrf}
            />
          </li>
          <li>
            <PostButton action={`/comments/${c.id}/delete_thread`} label="Delete thread" csrf={a.csrf} />
          </li>
        </>
      ) : null}
    </ul>
  );
};

/** One comment with its replies nested below it. */
export const CommentItem = ({ node, a }: { node: CommentNode; a: CommentActions }) => {
  const c = node.comment;
  return (
    <li id={`comment-${c.id}`} class={c.status === 'held' ? 'comment held' : 'comment'}>
      {node.shown === 'deleted' ? (
        <p class="placeholder">(Previous comment deleted.)</p>
      ) : node.shown === 'muted' ? (
        <p class="placeholder">(A comment by a member you muted.)</p>
      ) : node.shown === 'hidden' ? (
        <p class="placeholder">(A comment hidden by a moderator.)</p>
      ) : (
        <article aria-label={`Comment ${c.id}`}>
          <p class="byline">
            <Author c={c} />
            {node.byCreator ? <span class="creator-mark"> (Creator)</span> : null} on{' '}
            <a href={`/comments/${c.id}`}>
              <time datetime={c.createdAt}>{formatDate(c.createdAt)}</time>
            </a>
            {c.editedAt ? (
              <span class="edited">
                {' '}
                · Last edited <time datetime={c.editedAt}>{formatDate(c.editedAt)}</time>
              </span>
            ) : null}
            {c.frozen ? <span class="frozen"> · Frozen</span> : null}
          </p>
          {c.status === 'held' ? <p class="notice">This comment is waiting for the creator’s approval.</p> : null}
          {c.hiddenReason !== null ? (
            <p class="notice">
              A moderator hid this comment: only its author and the moderators see it. The reason given:{' '}
              {c.hiddenReason}
            </p>
          ) : null}
          <div class="comment-body userstuff">
            <UserHtml html={c.body} />
          </div>
          <CommentActionsBar node={node} a={a} />
        </article>
      )}
      {node.replies.length ? (
        <ol class="replies">
          {node.replies.map((r) => (
            <CommentItem node={r} a={a} />
          ))}
        </ol>
      ) : null}
      {node.continues ? (
        <p class="continue">
          <a href={`/comments/${c.id}`}>Continue this thread →</a>
        </p>
      ) : null}
    </li>
  );
};

export interface CommentFormProps {
  action: string;
  csrf: string | undefined;
  guest: boolean;
  label: string;
  errors?: FieldErrors;
  typed?: { body?: string; guestName?: string; guestEmail?: string };
  /** Sent with the form: the chapter commented on. */
  chapterId?: number | null;
}

/** The comment form: guests also give a name and an e-mail address (never shown). */
export const CommentForm = (p: CommentFormProps) => {
  const errors = p.errors ?? {};
  const typed = p.typed ?? {};
  return (
    <form method="post" action={p.action} class="comment-form" id="reply">
      {p.csrf ? <Csrf token={p.csrf} /> : null}
      {p.chapterId ? <input type="hidden" name="chapter_id" value={String(p.chapterId)} /> : null}
      <ErrorSummary errors={errors} />
      {p.guest ? (
        <>
          <Field name="guest_name" label="Your name" error={errors.guestName}>
            <input
              type="text"
              id="guest_name"
              name="guest_name"
              value={typed.guestName ?? ''}
              maxlength={LIMITS.pseudMax}
            />
          </Field>
          <Field
            name="guest_email"
            label="Your e-mail address"
            hint="Never shown to anyone; only the archive keeps it."
            error={errors.guestEmail}
          >
            <input type="email" id="guest_email" name="guest_email" value={typed.guestEmail ?? ''} />
          </Field>
        </>
      ) : null}
      <CommentBodyField label={p.label} error={errors.body} body={typed.body ?? ''} rows={6} />
      <button type="submit">Comment</button>
    </form>
  );
};

/** A comment's text box with its count of characters left (kept live by comment-count.js). */
export const CommentBodyField = (p: { label: string; error: string | undefined; body: string; rows: number }) => (
  <>
    <Field name="comment_body" label={p.label} error={p.error}>
      <textarea id="comment_body" name="body" rows={p.rows} data-count-max={String(LIMITS.commentMax)}>
        {p.body}
      </textarea>
      <p class="hint" id="comment_body-count" aria-live="polite">
        {formatNumber(LIMITS.commentMax - p.body.trim().length)} characters left
      </p>
    </Field>
    <script src="/static/comment-count.js" defer></script>
  </>
);

export interface CommentsSectionProps {
  threads: CommentThreads;
  actions: CommentActions;
  /** The form, or why there is none. */
  form: CommentFormProps | { refused: string };
  /** Where the pages of threads are (the work or chapter address). */
  base: string;
  workId: number;
}

/** The comments under a work or chapter: the form, then the threads oldest first, 50 to a page. */
export const CommentsSection = (p: CommentsSectionProps) => (
  <section id="comments" class="comments" aria-labelledby="comments-heading">
    <h2 id="comments-heading">Comments ({formatNumber(p.threads.total)})</h2>
    {p.threads.canModerate ? (
      <p class="ui">
        <a href={`/works/${p.workId}/comments/manage`}>Comment settings and comments awaiting approval</a>
      </p>
    ) : null}
    {'refused' in p.form ? <p class="notice">{p.form.refused}</p> : <CommentForm {...p.form} />}
    {p.threads.threads.length ? (
      <ol class="comment-threads">
        {p.threads.threads.map((n) => (
          <CommentItem node={n} a={p.actions} />
        ))}
      </ol>
    ) : null}
    <Pagination page={p.threads.page} pages={p.threads.pages} base={p.base} />
  </section>
);
