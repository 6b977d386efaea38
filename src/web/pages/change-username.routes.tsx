import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { canManageAccount } from '../../policies/index.js';
import { changeUsername } from '../../services/change-username.js';
import { formString } from '../forms.js';
import { readForm } from '../read-form.js';
import { Csrf, ErrorSummary, Field } from './components.js';
import { page } from './render.js';

function usernamePage(c: Context<AppEnv>, typed: string, errors: FieldErrors, status: 200 | 400 | 409 | 429 = 200) {
  const viewer = c.get('viewer');
  return page(
    c,
    'Change username',
    <div class="ui">
      <h1>Change your username</h1>
      <p>
        You are <strong>{viewer.user?.username}</strong>. Links to your old name keep working: they lead to the new one,
        and no one else can take it. Your pseud of the same name is renamed with it; your other pseuds stay. You can
        change your username once a week.
      </p>
      <form class="work-form" method="post" action="/account/username" novalidate>
        <Csrf token={c.get('session')?.csrf_token ?? ''} />
        <ErrorSummary errors={errors} />
        <Field name="username" label="New username" error={errors.username} hint="3–40 letters, digits or underscores.">
          <input type="text" id="username" name="username" value={typed} autocomplete="username" />
        </Field>
        <Field name="password" label="Your password" error={errors.password}>
          <input type="password" id="password" name="password" autocomplete="current-password" />
        </Field>
        <div class="actions">
          <button class="primary" type="submit">
            Change username
          </button>
        </div>
      </form>
    </div>,
    status,
  );
}

/** A member changes their username; pages under the old one redirect (web/site-settings.ts). */
export function registerChangeUsernameRoutes(app: Hono<AppEnv>): void {
  app.get('/account/username', (c) => {
    const viewer = c.get('viewer');
    if (!canManageAccount(viewer, viewer.user?.id)) return c.redirect('/login?return_to=/account/username', 303);
    return usernamePage(c, '', {});
  });
  app.post('/account/username', async (c) => {
    const viewer = c.get('viewer');
    if (!canManageAccount(viewer, viewer.user?.id)) return c.redirect('/login?return_to=/account/username', 303);
    const b = await readForm(c);
    const typed = formString(b, 'username');
    const r = await changeUsername(c.get('deps').db, viewer, { username: typed, password: formString(b, 'password') });
    if (!r.ok) return usernamePage(c, typed, r.errors, r.status === 429 ? 429 : r.status === 409 ? 409 : 400);
    return c.redirect(`/users/${encodeURIComponent(r.value.username)}`, 303);
  });
}
