import type { Context, Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { changeInbox, readInbox, setInboxPreferences, unreadCount } from '../../services/inbox.js';
import { formList, formString, positiveInt } from '../forms.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage } from './error-page.js';
import { page } from './render.js';
import { Csrf, formatDate, UserHtml } from './components.js';
import { readForm } from '../read-form.js';

const toLogin = (c: Context<AppEnv>) => c.redirect('/login?return_to=%2Finbox', 303);

/** Puts a member's unread count in the header of every page they get (one indexed read). */
export const inboxCount: MiddlewareHandler<AppEnv> = async (c, next) => {
  const viewer = c.get('viewer');
  if (viewer.user && c.req.method === 'GET' && !c.req.path.startsWith('/api/') && !c.req.path.startsWith('/static/')) {
    const { db, search } = c.get('deps');
    c.set('inboxUnread', await unreadCount(db, search, viewer));
  }
  return next();
};

export function registerInboxRoutes(app: Hono<AppEnv>): void {
  app.get('/inbox', async (c) => {
    const { db, search } = c.get('deps');
    const pageNo = positiveInt(c.req.query('page')) ?? 1;
    const r = await readInbox(db, search, c.get('viewer'), pageNo);
    if (!r.ok) return toLogin(c);
    const session = await ensureSession(c);
    const { entries, prefs, more } = r.value;
    return page(
      c,
      'Inbox',
      <div class="ui inbox">
        <h1>Inbox</h1>
        <p>
          Comments on your works and replies to your comments, newest first. New chapters and works from your
          subscriptions are under <a href="/inbox/notifications">Notifications</a>.
        </p>
        {entries.length === 0 ? <p class="muted">Nothing here yet.</p> : null}
        <form method="post" action="/inbox">
          <Csrf token={session.csrf_token} />
          <ol class="inbox-items">
            {entries.map((e) => (
              <li class={e.item.read ? 'inbox-item' : 'inbox-item unread'}>
                <label>
                  <input type="checkbox" name="ids" value={String(e.item.id)} />
                  <span class="visually-hidden">Select</span>
                </label>
                {e.item.read ? null : <strong class="unread-mark">Unread </strong>}
                <span>
                  {e.comment.username ?? (e.comment.guestName ? `${e.comment.guestName} (Guest)` : 'A former member')}{' '}
                  {e.item.kind === 'reply' ? 'replied to your comment' : 'commented'} on{' '}
                  <a href={`/works/${e.work.id}`}>{e.work.title}</a> on {formatDate(e.comment.createdAt)}
                  {e.comment.status === 'held' ? ' (awaiting your approval)' : ''}
                </span>
                {e.showText ? (
                  <blockquote class="userstuff">
                    <UserHtml html={e.comment.body} />
                  </blockquote>
                ) : (
                  <p class="notice">The work may have adult content: open the comment to read it.</p>
                )}
                <a href={`/comments/${e.comment.id}#reply`}>Reply</a> · <a href={`/comments/${e.comment.id}`}>Thread</a>
              </li>
            ))}
          </ol>
          {entries.length ? (
            <div class="actions">
              <button type="submit" name="action" value="read">
                Mark read
              </button>
              <button type="submit" name="action" value="unread">
                Mark unread
              </button>
              <button type="submit" name="action" value="delete">
                Delete
              </button>
            </div>
          ) : null}
        </form>
        <nav class="pagination" aria-label="Pages">
          {pageNo > 1 ? <a href={`/inbox?page=${pageNo - 1}`}>← Newer</a> : null}
          {more ? <a href={`/inbox?page=${pageNo + 1}`}>Older →</a> : null}
        </nav>
        <h2>Inbox preferences</h2>
        <form method="post" action="/inbox/preferences" class="work-form">
          <Csrf token={session.csrf_token} />
          <label>
            <input type="checkbox" name="comments" value="1" checked={prefs.comments} /> Comments on my works
          </label>
          <label>
            <input type="checkbox" name="replies" value="1" checked={prefs.replies} /> Replies to my comments
          </label>
          <button type="submit">Save preferences</button>
        </form>
      </div>,
    );
  });

  app.post('/inbox', async (c) => {
    const b = await readForm(c, { all: true });
    const action = formString(b, 'action');
    const ids = formList(b, 'ids')
      .map((x) => positiveInt(x))
      .filter((x): x is number => x !== undefined)
      .slice(0, 500);
    const r = await changeInbox(c.get('deps').db, c.get('viewer'), action, ids);
    if (r.ok) return c.redirect('/inbox', 303);
    return r.status === 400 ? errorPage(c, 400, 'Nothing changed', r.errors._ ?? '') : toLogin(c);
  });

  app.post('/inbox/preferences', async (c) => {
    const b = await readForm(c);
    const r = await setInboxPreferences(c.get('deps').db, c.get('viewer'), {
      comments: formString(b, 'comments') === '1',
      replies: formString(b, 'replies') === '1',
    });
    return r.ok ? c.redirect('/inbox', 303) : toLogin(c);
  });
}
