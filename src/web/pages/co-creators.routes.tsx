import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { answerCoCreatorInvitation, coCreatorRequests } from '../../services/co-creator-invitations.js';
import { leaveWork } from '../../services/leave-work.js';
import { findProfile } from '../../services/profiles.js';
import { ensureSession } from '../middleware/session.js';
import { positiveInt } from '../forms.js';
import { Csrf, formatDate, userHref } from './components.js';
import { errorPage, notFoundPage } from './error-page.js';
import { page } from './render.js';

const requestsHref = (username: string) => `${userHref(username)}/co-creator-requests`;

/** Co-creator invitations: the invitee's page of pending ones, accepting, declining, and leaving a work. */
export function registerCoCreatorRoutes(app: Hono<AppEnv>): void {
  app.get('/users/:username/co-creator-requests', (c) => requestsPage(c));

  app.post('/co-creator-requests/:id{[0-9]+}/accept', (c) => answer(c, true));
  app.post('/co-creator-requests/:id{[0-9]+}/decline', (c) => answer(c, false));

  app.post('/works/:id{[0-9]+}/leave', async (c) => {
    const viewer = c.get('viewer');
    const r = await leaveWork(c.get('deps').db, viewer, positiveInt(c.req.param('id')) ?? 0);
    if (!r.ok)
      return r.status === 404 ? notFoundPage(c) : errorPage(c, 403, 'You cannot leave this work', r.errors._ ?? '');
    return c.redirect(viewer.user ? `${requestsHref(viewer.user.username)}?left=1` : '/', 303);
  });
}

async function answer(c: Context<AppEnv>, accept: boolean) {
  const viewer = c.get('viewer');
  const r = await answerCoCreatorInvitation(c.get('deps').db, viewer, positiveInt(c.req.param('id')) ?? 0, accept);
  if (!r.ok) return errorPage(c, r.status === 404 ? 404 : 403, 'Invitation not answered', r.errors._ ?? '');
  if (accept) return c.redirect(`/works/${r.value.workId}`, 303);
  return c.redirect(viewer.user ? `${requestsHref(viewer.user.username)}?declined=1` : '/', 303);
}

async function requestsPage(c: Context<AppEnv>) {
  const { db } = c.get('deps');
  const viewer = c.get('viewer');
  const profile = await findProfile(db, viewer, c.req.param('username') ?? '');
  if (!profile) return notFoundPage(c);
  const r = await coCreatorRequests(db, viewer, profile.userId);
  if (!r.ok) {
    if (!viewer.user) return c.redirect(`/login?return_to=${encodeURIComponent(c.req.path)}`, 303);
    return errorPage(c, 403, 'Not your invitations', r.errors._ ?? '');
  }
  const csrf = (await ensureSession(c)).csrf_token;
  const notice =
    c.req.query('declined') === '1'
      ? 'Invitation declined.'
      : c.req.query('left') === '1'
        ? 'You were removed from the work.'
        : undefined;
  return page(
    c,
    'Co-creator requests',
    <div class="ui">
      <h1>Co-creator requests</h1>
      {notice ? (
        <p class="flash" role="status">
          {notice}
        </p>
      ) : null}
      <p>Another member named you as a co-creator of these works. Your name shows on a work only once you accept.</p>
      {r.value.pending.length === 0 ? <p class="muted">No invitations are waiting for you.</p> : null}
      <ul class="co-creator-requests">
        {r.value.pending.map((inv) => (
          <li>
            {inv.posted ? <a href={`/works/${inv.workId}`}>{inv.title}</a> : <span>{inv.title} (a draft)</span>}, as{' '}
            <strong>{inv.pseud}</strong>
            {inv.invitedBy ? (
              <>
                , invited by <a href={userHref(inv.invitedBy)}>{inv.invitedBy}</a>
              </>
            ) : null}{' '}
            on {formatDate(inv.createdAt)}{' '}
            <form method="post" action={`/co-creator-requests/${inv.id}/accept`}>
              <Csrf token={csrf} />
              <button type="submit">Accept</button>
            </form>{' '}
            <form method="post" action={`/co-creator-requests/${inv.id}/decline`}>
              <Csrf token={csrf} />
              <button type="submit">Decline</button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Works you share</h2>
      <p>
        You can take yourself off a work you share with other creators. Only you can remove yourself; your co-creators
        cannot.
      </p>
      {r.value.shared.length === 0 ? <p class="muted">You share no works with other creators.</p> : null}
      <ul>
        {r.value.shared.map((w) => (
          <li>
            <a href={`/works/${w.id}`}>{w.title}</a>{' '}
            <form method="post" action={`/works/${w.id}/leave`}>
              <Csrf token={csrf} />
              <button type="submit">Remove me as co-creator</button>
            </form>
          </li>
        ))}
      </ul>
    </div>,
  );
}
