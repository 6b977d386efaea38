import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { canManageAccount, canUseMailedLink } from '../../policies/index.js';
import {
  EMAIL_CHANGE_SENT,
  EMAIL_LINK_SPENT,
  confirmEmailChange,
  requestEmailChange,
} from '../../services/change-email.js';
import { formString } from '../forms.js';
import { readForm } from '../read-form.js';
import { accountPage } from './account.routes.js';
import { mailSite } from '../mail-site.js';
import { errorPage } from './error-page.js';
import { page } from './render.js';

/** Moving an account to a new address: asked on the account page, made by the link mailed there. */
export function registerChangeEmailRoutes(app: Hono<AppEnv>): void {
  app.post('/account/email', async (c) => {
    const viewer = c.get('viewer');
    if (!canManageAccount(viewer, viewer.user?.id)) return c.redirect('/login?return_to=/account', 303);
    const b = await readForm(c);
    const deps = c.get('deps');
    const r = await requestEmailChange(
      deps.db,
      viewer,
      { email: formString(b, 'email'), password: formString(b, 'password') },
      mailSite(c),
    );
    if (!r.ok && r.status === 429) {
      c.header('Retry-After', '3600');
      return accountPage(c, {}, r.errors._, 429);
    }
    if (!r.ok) return accountPage(c, r.errors, undefined, 400);
    deps.jobs?.wake();
    return accountPage(c, {}, EMAIL_CHANGE_SENT);
  });
  app.get('/account/email/confirm', async (c) => {
    canUseMailedLink(c.get('viewer'), 'email');
    const r = await confirmEmailChange(c.get('deps').db, c.req.query('token') ?? '');
    if (!r.ok) return errorPage(c, 410, 'Link expired or used', EMAIL_LINK_SPENT);
    return page(
      c,
      'Email address changed',
      <div class="ui">
        <h1>Email address changed</h1>
        <p>Your account now uses {r.email}. Mail from the archive goes there from now on.</p>
      </div>,
    );
  });
}
