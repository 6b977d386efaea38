import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { changeNotifications, readNotifications, type NotificationEntry } from '../../services/notifications.js';
import { formList, formString, positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage } from './error-page.js';
import { page } from './render.js';
import { Byline, Csrf, formatDate } from './components.js';

const HERE = '/inbox/notifications';
const toLogin = (c: Context<AppEnv>) => c.redirect(`/login?return_to=${encodeURIComponent(HERE)}`, 303);

/**
 * What a notification says of its work: what a blurb shows this reader. A chapter's title is the
 * work's text, so it is named only when the reader could open the work without the adult gate.
 */
const WhatIsNew = ({ e }: { e: NotificationEntry }) => {
  const { work, notification: n } = e;
  const chapter = work.chapters.find((ch) => ch.id === n.chapterId);
  const chapterName = chapter
    ? `Chapter ${chapter.position}${e.disclosure === 'full' && chapter.title ? `: ${chapter.title}` : ''}`
    : 'A chapter';
  return (
    <span>
      {n.kind === 'chapter' ? `${chapterName} of ` : 'New work: '}
      <a
        href={chapter && n.kind === 'chapter' ? `/works/${work.id}/chapters/${chapter.position}` : `/works/${work.id}`}
      >
        {work.title}
      </a>{' '}
      by <Byline work={work} /> ({work.tags.rating.join(', ') || 'Not Rated'}) on {formatDate(n.createdAt)}
    </span>
  );
};

/** The inbox's Notifications tab: what members' subscriptions brought, with unsubscribe on each. */
export function registerNotificationRoutes(app: Hono<AppEnv>): void {
  app.get(HERE, async (c) => {
    const { db, search } = c.get('deps');
    const pageNo = positiveInt(c.req.query('page')) ?? 1;
    const r = await readNotifications(db, search, c.get('viewer'), pageNo);
    if (!r.ok) return toLogin(c);
    const session = await ensureSession(c);
    const { entries, more } = r.value;
    const user = c.get('viewer').user!;
    return page(
      c,
      'Notifications',
      <div class="ui inbox">
        <h1>Notifications</h1>
        <p>
          New chapters and works from your{' '}
          <a href={`/users/${encodeURIComponent(user.username)}/subscriptions`}>subscriptions</a>, newest first.
          Comments are in your <a href="/inbox">inbox</a>.
        </p>
        {entries.length === 0 ? <p class="muted">Nothing here yet.</p> : null}
        <form method="post" action={HERE} id="notification-actions">
          <Csrf token={session.csrf_token} />
        </form>
        <ol class="inbox-items">
          {entries.map((e) => (
            <li class={e.notification.read ? 'inbox-item' : 'inbox-item unread'}>
              <label>
                <input type="checkbox" name="ids" value={String(e.notification.id)} form="notification-actions" />
                <span class="visually-hidden">Select</span>
              </label>
              {e.notification.read ? null : <strong class="unread-mark">Unread </strong>}
              <WhatIsNew e={e} />
              <form method="post" action={`/subscriptions/${e.notification.subscriptionId}/delete`}>
                <Csrf token={session.csrf_token} />
                <input type="hidden" name="return_to" value={HERE} />
                <button type="submit" aria-describedby={`notification-${e.notification.id}-of`}>
                  Unsubscribe
                </button>
                <span class="visually-hidden" id={`notification-${e.notification.id}-of`}>
                  from what brought this notification
                </span>
              </form>
            </li>
          ))}
        </ol>
        {entries.length ? (
          <div class="actions">
            <button type="submit" name="action" value="read" form="notification-actions">
              Mark read
            </button>
            <button type="submit" name="action" value="unread" form="notification-actions">
              Mark unread
            </button>
            <button type="submit" name="action" value="delete" form="notification-actions">
              Delete
            </button>
          </div>
        ) : null}
        <nav class="pagination" aria-label="Pages">
          {pageNo > 1 ? <a href={`${HERE}?page=${pageNo - 1}`}>← Newer</a> : null}
          {more ? <a href={`${HERE}?page=${pageNo + 1}`}>Older →</a> : null}
        </nav>
      </div>,
    );
  });

  app.post(HERE, async (c) => {
    const b = await readForm(c, { all: true });
    const ids = formList(b, 'ids')
      .map((x) => positiveInt(x))
      .filter((x): x is number => x !== undefined)
      .slice(0, 500);
    const r = await changeNotifications(c.get('deps').db, c.get('viewer'), formString(b, 'action'), ids);
    if (r.ok) return c.redirect(HERE, 303);
    return r.status === 400 ? errorPage(c, 400, 'Nothing changed', r.errors._ ?? '') : toLogin(c);
  });
}
