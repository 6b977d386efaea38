import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { canJoinInviteQueue } from '../../policies/index.js';
import { joinInviteQueue, QUEUE_JOINED } from '../../services/invitations.js';
import { formString } from '../forms.js';
import { readForm } from '../read-form.js';
import { clientIp } from '../middleware/client-ip.js';
import { ensureSession } from '../middleware/session.js';
import { siteOf } from '../site-settings.js';
import { Csrf, Field } from './components.js';
import { page } from './render.js';

/** Why there is no queue to join: sign-up is open, by code only, or the visitor is a member already. */
function noQueuePage(c: Context<AppEnv>) {
  const mode = siteOf(c).signupMode;
  return page(
    c,
    'Invitations',
    <div class="ui">
      <h1>Invitations</h1>
      {c.get('viewer').user ? (
        <p>You have an account already.</p>
      ) : mode === 'open' ? (
        <p>
          Anyone may join this archive: <a href="/signup">create an account</a>.
        </p>
      ) : (
        <p>
          This archive takes new members by invitation code only, handed out by its admins. There is no queue to join.
        </p>
      )}
    </div>,
    404,
  );
}

async function requestPage(c: Context<AppEnv>, email: string, error?: string, status: 200 | 400 | 429 = 200) {
  const session = await ensureSession(c);
  return page(
    c,
    'Ask for an invitation',
    <div class="ui">
      <h1>Ask for an invitation</h1>
      <p>
        {siteOf(c).archiveName} takes new members by invitation. Leave your email address: invitations go out in
        batches, in the order they were asked for, each with a link to create your account.
      </p>
      <form class="work-form" method="post" action="/invite-requests" novalidate>
        <Csrf token={session.csrf_token} />
        {status === 429 && error ? (
          <p class="flash error-summary" role="alert">
            {error}
          </p>
        ) : null}
        <Field name="email" label="Email" error={status === 400 ? error : undefined}>
          <input type="email" id="email" name="email" value={email} autocomplete="email" />
        </Field>
        <div class="actions">
          <button class="primary" type="submit">
            Join the queue
          </button>
        </div>
      </form>
    </div>,
    status,
  );
}

/** The invitation queue a visitor joins while sign-up is by queue. */
export function registerInviteRequestRoutes(app: Hono<AppEnv>): void {
  app.get('/invite-requests', (c) => {
    if (!canJoinInviteQueue(c.get('viewer'), siteOf(c).signupMode)) return noQueuePage(c);
    return requestPage(c, '');
  });
  app.post('/invite-requests', async (c) => {
    if (!canJoinInviteQueue(c.get('viewer'), siteOf(c).signupMode)) return noQueuePage(c);
    const b = await readForm(c);
    const email = formString(b, 'email');
    const deps = c.get('deps');
    const r = await joinInviteQueue(deps.db, { email, address: clientIp(c) }, deps.rateLimits);
    if (!r.ok && r.status === 429) {
      c.header('Retry-After', '3600');
      return requestPage(c, email, r.errors._, 429);
    }
    if (!r.ok) return requestPage(c, email, r.errors.email, 400);
    return page(
      c,
      'In the queue',
      <div class="ui">
        <h1>In the queue</h1>
        <p>{QUEUE_JOINED}</p>
      </div>,
    );
  });
}
