import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { canUseMailedLink } from '../../policies/index.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { RESET_LINK_SPENT, RESET_SENT, requestPasswordReset, resetPassword } from '../../services/password-reset.js';
import { accountLink } from '../../services/account-tokens.js';
import { overResetLimit } from '../../services/rate-limits.js';
import { ensureSession } from '../middleware/session.js';
import { clientIp } from '../middleware/client-ip.js';
import { formString } from '../forms.js';
import { readForm } from '../read-form.js';
import { mailSite } from '../mail-site.js';
import { Csrf, ErrorSummary, Field } from './components.js';
import { page } from './render.js';

async function forgotPage(
  c: Context<AppEnv>,
  o: { email?: string; errors?: FieldErrors; notice?: string; status?: 200 | 400 | 410 | 429 } = {},
) {
  const session = await ensureSession(c);
  const errors = o.errors ?? {};
  return page(
    c,
    'Forgotten password',
    <div class="ui">
      <h1>Forgotten password</h1>
      {o.notice ? (
        <p class="flash" role="status">
          {o.notice}
        </p>
      ) : null}
      <p>Give the email address of your account, and we will send it a link to choose a new password.</p>
      <form class="work-form" method="post" action="/password/forgot" novalidate>
        <Csrf token={session.csrf_token} />
        <ErrorSummary errors={errors} />
        <Field name="email" label="Email" error={errors.email}>
          <input type="email" id="email" name="email" value={o.email ?? ''} autocomplete="email" />
        </Field>
        <div class="actions">
          <button class="primary" type="submit">
            Send the link
          </button>
          <a href="/login">Log in</a>
        </div>
      </form>
    </div>,
    o.status ?? 200,
  );
}

async function newPasswordPage(
  c: Context<AppEnv>,
  token: string,
  username: string,
  errors: FieldErrors = {},
  status: 200 | 400 = 200,
) {
  const session = await ensureSession(c);
  return page(
    c,
    'Choose a new password',
    <div class="ui">
      <h1>Choose a new password</h1>
      <p>For the account {username}. Every device logged in to it will be logged out.</p>
      <form class="work-form" method="post" action="/password/reset" novalidate>
        <Csrf token={session.csrf_token} />
        <input type="hidden" name="token" value={token} />
        <ErrorSummary errors={errors} />
        <Field name="password" label="New password" error={errors.password} hint="8–72 characters.">
          <input type="password" id="password" name="password" autocomplete="new-password" />
        </Field>
        <Field name="confirmation" label="Confirm the new password" error={errors.confirmation}>
          <input type="password" id="confirmation" name="confirmation" autocomplete="new-password" />
        </Field>
        <div class="actions">
          <button class="primary" type="submit">
            Set Password
          </button>
        </div>
      </form>
    </div>,
    status,
  );
}

/** Forgotten passwords: a link by mail (services/password-reset.ts), then a form that sets a new one. */
export function registerPasswordResetRoutes(app: Hono<AppEnv>): void {
  app.use('/password/*', async (c, next) => {
    canUseMailedLink(c.get('viewer'), 'reset');
    await next();
  });
  app.get('/password/forgot', async (c) => forgotPage(c));
  app.post('/password/forgot', async (c) => {
    const deps = c.get('deps');
    const email = formString(await readForm(c), 'email');
    if (await overResetLimit(deps.db, deps.rateLimits, { address: clientIp(c), email })) {
      c.header('Retry-After', '3600');
      return forgotPage(c, {
        email,
        status: 429,
        errors: { email: 'Too many reset links were asked for just now. Try again in an hour.' },
      });
    }
    const r = await requestPasswordReset(deps.db, email, mailSite(c));
    if (!r.ok) return forgotPage(c, { email, errors: r.errors, status: 400 });
    if (r.mailed > 0) deps.jobs?.wake();
    return forgotPage(c, { notice: RESET_SENT });
  });
  app.get('/password/reset', async (c) => {
    const token = c.req.query('token') ?? '';
    const link = await accountLink(c.get('deps').db, token, 'reset');
    if (!link.usable) return forgotPage(c, { notice: RESET_LINK_SPENT, status: 410 });
    return newPasswordPage(c, token, link.username);
  });
  app.post('/password/reset', async (c) => {
    const b = await readForm(c);
    const token = formString(b, 'token');
    const r = await resetPassword(c.get('deps').db, {
      token,
      password: formString(b, 'password'),
      confirmation: formString(b, 'confirmation'),
    });
    if (r.ok)
      return page(
        c,
        'Password changed',
        <div class="ui">
          <h1>Password changed</h1>
          <p>The password of {r.username} is changed, and every device that was logged in to it is logged out.</p>
          <p>
            <a href="/login">Log in with the new password</a>
          </p>
        </div>,
      );
    if (r.spent) return forgotPage(c, { notice: RESET_LINK_SPENT, status: 410 });
    return newPasswordPage(c, token, r.username, r.errors, 400);
  });
}
