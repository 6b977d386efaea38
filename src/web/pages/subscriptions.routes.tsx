import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { listSubscriptions, subscribe, unsubscribe } from '../../services/subscriptions.js';
import { formString, positiveInt } from '../forms.js';
import { readForm } from '../read-form.js';
import { returnPath } from '../return-to.js';
import { requestOrigin } from '../origin.js';
import { ensureSession } from '../middleware/session.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';
import { Csrf, formatDate, userHref } from './components.js';

const KIND_LABELS = { work: 'Work', user: 'Member', series: 'Series', filter: 'Saved filter' } as const;

const toLogin = (c: Context<AppEnv>, back: string) => c.redirect(`/login?return_to=${encodeURIComponent(back)}`, 303);

/** Subscribing and unsubscribing (forms on work, member, series and dashboard pages) and a member's list. */
export function registerSubscriptionRoutes(app: Hono<AppEnv>): void {
  app.post('/subscriptions', async (c) => {
    const b = await readForm(c);
    const back = returnPath(c, formString(b, 'return_to'), '/');
    const targetId = positiveInt(formString(b, 'target_id')) ?? 0;
    const viewer = c.get('viewer');
    const r = await subscribe(c.get('deps').search, viewer, formString(b, 'kind'), targetId);
    if (r.ok) return c.redirect(back, 303);
    if (r.status === 404) return notFoundPage(c);
    if (r.status === 403) return toLogin(c, back);
    return errorPage(c, 400, 'Nothing to subscribe to', r.errors._ ?? '');
  });

  app.post('/subscriptions/:id{[0-9]+}/delete', async (c) => {
    const b = await readForm(c);
    const viewer = c.get('viewer');
    const fallback = viewer.user ? `${userHref(viewer.user.username)}/subscriptions` : '/';
    const back = returnPath(c, formString(b, 'return_to'), fallback);
    const id = positiveInt(c.req.param('id'));
    if (id === undefined) return notFoundPage(c);
    const r = await unsubscribe(c.get('deps').db, viewer, id);
    if (r.ok) return c.redirect(back, 303);
    return r.status === 403 ? toLogin(c, back) : notFoundPage(c);
  });

  app.get('/users/:username/subscriptions', async (c) => {
    const viewer = c.get('viewer');
    const r = await listSubscriptions(c.get('deps').search, viewer, c.req.param('username'));
    if (!r.ok) return r.status === 403 ? toLogin(c, c.req.path) : notFoundPage(c);
    const session = await ensureSession(c);
    const origin = requestOrigin(c);
    const here = c.req.path;
    return page(
      c,
      'Subscriptions',
      <div class="ui subscriptions">
        <h1>Subscriptions</h1>
        <p>
          New chapters and works from these arrive in your <a href="/inbox/notifications">notifications</a>. Each
          subscription also has a private Atom feed: keep its address to yourself, as anyone with it can read the feed.
        </p>
        {r.value.length === 0 ? (
          <p class="muted">
            You have no subscriptions. Subscribe from a work, a member’s page, a series or a saved filter.
          </p>
        ) : null}
        <ul class="subscription-list">
          {r.value.map(({ subscription: s, target }) => (
            <li id={`subscription-${s.id}`}>
              <span class="kind">{KIND_LABELS[s.kind]}: </span>
              {target ? (
                <a href={target.href}>{target.label}</a>
              ) : (
                <span class="muted">Something you cannot see now, or that your filters hide</span>
              )}{' '}
              <span class="muted">since {formatDate(s.createdAt)}</span>
              <form method="post" action={`/subscriptions/${s.id}/delete`}>
                <Csrf token={session.csrf_token} />
                <input type="hidden" name="return_to" value={here} />
                <button type="submit" aria-describedby={`subscription-${s.id}-name`}>
                  Unsubscribe
                </button>
                <span class="visually-hidden" id={`subscription-${s.id}-name`}>
                  {target ? target.label : `subscription ${s.id}`}
                </span>
              </form>
              <label>
                Private feed
                <input type="text" readonly value={`${origin}/subscriptions/${s.feedToken}/feed.atom`} />
              </label>
            </li>
          ))}
        </ul>
      </div>,
    );
  });
}
