import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import {
  invitationSummary,
  makeInviteCodes,
  MAX_BATCH,
  MAX_CODES,
  sendInvitations,
  signupLink,
} from '../../services/invitations.js';
import { formString } from '../forms.js';
import { readForm } from '../read-form.js';
import { mailSite } from '../mail-site.js';
import { siteOf } from '../site-settings.js';
import { Csrf } from './components.js';
import { adminPage, refuseNonAdmin } from './admin-guard.js';
import { errorPage } from './error-page.js';

async function invitationsPage(c: Context<AppEnv>, opts: { flash?: string; codes?: string[]; error?: string } = {}) {
  const { waiting, unusedCodes } = await invitationSummary(c.get('deps').db);
  const csrf = c.get('session')?.csrf_token ?? '';
  const mode = siteOf(c).signupMode;
  const publicUrl = c.get('deps').config.publicUrl ?? '';
  return adminPage(
    c,
    'Invitations',
    <>
      <p>
        Sign-up is now{' '}
        {mode === 'open' ? 'open to anyone' : mode === 'queue' ? 'by the invitation queue' : 'by invitation code only'}{' '}
        (<a href="/admin/settings">change</a>). {waiting} {waiting === 1 ? 'address waits' : 'addresses wait'} in the
        queue; {unusedCodes} {unusedCodes === 1 ? 'code is' : 'codes are'} not used yet.
      </p>
      {opts.error ? (
        <p class="flash error-summary" role="alert">
          {opts.error}
        </p>
      ) : null}
      {opts.codes ? (
        <section aria-labelledby="new-codes">
          <h2 id="new-codes">New codes</h2>
          <p>Copy them now: they are shown only this once. Each lets one account sign up.</p>
          <ul class="invite-codes">
            {opts.codes.map((code) => (
              <li>
                <code>{code}</code> — <code>{signupLink(publicUrl, code)}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Send invitations</h2>
      <form method="post" action="/admin/invitations/send" class="work-form">
        <Csrf token={csrf} />
        <label for="count">Mail an invitation to the next</label>{' '}
        <input type="number" id="count" name="count" min="1" max={String(MAX_BATCH)} value="20" /> addresses of the
        queue{' '}
        <button type="submit" class="primary">
          Send
        </button>
      </form>
      <h2>Make codes</h2>
      <form method="post" action="/admin/invitations/codes" class="work-form">
        <Csrf token={csrf} />
        <label for="codes">Make</label>{' '}
        <input type="number" id="codes" name="codes" min="1" max={String(MAX_CODES)} value="5" /> codes to hand out{' '}
        <button type="submit">Make codes</button>
      </form>
    </>,
    { flash: opts.flash, status: opts.error ? 400 : 200 },
  );
}

/** The admin area's invitations: the queue and its batches, and codes to hand out. */
export function registerAdminInvitationRoutes(app: Hono<AppEnv>): void {
  app.get('/admin/invitations', (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const sent = c.req.query('sent');
    return invitationsPage(c, sent !== undefined ? { flash: `Invitations sent: ${Number(sent) || 0}.` } : {});
  });

  app.post('/admin/invitations/send', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const b = await readForm(c);
    const deps = c.get('deps');
    const r = await sendInvitations(deps.db, c.get('viewer'), Number(formString(b, 'count')), mailSite(c));
    if (!r.ok && r.status === 403) return errorPage(c, 403, 'Admins only', r.errors._ ?? '');
    if (!r.ok) return invitationsPage(c, { error: Object.values(r.errors)[0] ?? 'Nothing was sent.' });
    deps.jobs?.wake();
    return c.redirect(`/admin/invitations?sent=${r.value.sent}`, 303);
  });

  app.post('/admin/invitations/codes', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const b = await readForm(c);
    const r = await makeInviteCodes(c.get('deps').db, c.get('viewer'), Number(formString(b, 'codes')));
    if (!r.ok && r.status === 403) return errorPage(c, 403, 'Admins only', r.errors._ ?? '');
    if (!r.ok) return invitationsPage(c, { error: Object.values(r.errors)[0] ?? 'No codes were made.' });
    // Shown in the answer itself, never stored or put in an address: only their hashes are kept.
    return invitationsPage(c, { codes: r.value.codes });
  });
}
