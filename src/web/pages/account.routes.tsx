import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../context.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { canAuthenticate, canManageAccount, maySignUpWithoutInvitation } from '../../policies/index.js';
import { createAccount, INVITE_UNUSABLE } from '../../services/create-account.js';
import { inviteCodeUsable } from '../../services/invitations.js';
import { siteOf } from '../site-settings.js';
import { logIn } from '../../services/log-in.js';
import { issueDeviceToken, KNOWN_DEVICE_MS } from '../../services/known-devices.js';
import { changePassword } from '../../services/change-password.js';
import { addPseud } from '../../services/add-pseud.js';
import { setViewAdultPreference } from '../../services/preferences.js';
import { setKeepHistoryPreference } from '../../services/reading-history.js';
import { endSession } from '../../services/sessions.js';
import { clearSessionCookie, ensureSession, rotateSession } from '../middleware/session.js';
import { clientIp } from '../middleware/client-ip.js';
import { isHttpsRequest } from '../middleware/request-context.js';
import { formBool, formString } from '../forms.js';
import { returnPath } from '../return-to.js';
import { Csrf, ErrorSummary, Field } from './components.js';
import { errorPage } from './error-page.js';
import { page } from './render.js';
import { listAccessTokens } from '../../services/access-tokens.js';
import { AccessTokensSection } from './access-tokens.js';
import { opdsUrl } from './access-tokens.routes.js';
import { readForm } from '../read-form.js';
import { mailSite } from '../mail-site.js';
import { ChangeEmailSection } from './change-email.js';
import { overHourlyLimit, TOO_MANY_PER_HOUR } from '../../services/rate-limits.js';

/** Marks a browser the member has logged in from (see services/known-devices.ts); sent only to the log-in form. */
const DEVICE_COOKIE = 'quire_device';

async function rememberDevice(c: Context<AppEnv>, userId: number): Promise<void> {
  setCookie(c, DEVICE_COOKIE, await issueDeviceToken(c.get('deps').db, userId), {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttpsRequest(c),
    path: '/login',
    maxAge: Math.floor(KNOWN_DEVICE_MS / 1000),
  });
}

async function signupPage(
  c: Context<AppEnv>,
  v: Record<string, string>,
  errors: FieldErrors,
  status: 200 | 400 | 429 = 200,
) {
  const session = await ensureSession(c);
  return page(
    c,
    'Sign Up',
    <div class="ui">
      <h1>Create an account</h1>
      <form class="work-form" method="post" action="/signup" novalidate>
        <Csrf token={session.csrf_token} />
        <ErrorSummary errors={errors} />
        {v.invite ? (
          <Field name="invite" label="Invitation code" error={errors.invite}>
            <input type="text" id="invite" name="invite" value={v.invite} autocomplete="off" />
          </Field>
        ) : null}
        <Field
          name="username"
          label="Username"
          error={errors.username}
          hint="3–40 letters, digits or underscores. It is also your first pseud."
        >
          <input type="text" id="username" name="username" value={v.username ?? ''} autocomplete="username" />
        </Field>
        <Field name="email" label="Email" error={errors.email}>
          <input type="email" id="email" name="email" value={v.email ?? ''} autocomplete="email" />
        </Field>
        <Field name="password" label="Password" error={errors.password} hint="8–72 characters.">
          <input type="password" id="password" name="password" autocomplete="new-password" />
        </Field>
        <Field name="passwordConfirmation" label="Confirm password" error={errors.passwordConfirmation}>
          <input type="password" id="passwordConfirmation" name="passwordConfirmation" autocomplete="new-password" />
        </Field>
        <div class={errors.confirmAge ? 'field invalid' : 'field'}>
          <label>
            <input type="checkbox" name="confirmAge" value="1" checked={v.confirmAge === '1'} /> I am 13 years of age or
            older.
          </label>
          {errors.confirmAge ? <p class="error">{errors.confirmAge}</p> : null}
        </div>
        <div class={errors.acceptTerms ? 'field invalid' : 'field'}>
          <label>
            <input type="checkbox" name="acceptTerms" value="1" checked={v.acceptTerms === '1'} /> I have read and
            accept the <a href="/tos">Terms of Service</a>.
          </label>
          {errors.acceptTerms ? <p class="error">{errors.acceptTerms}</p> : null}
        </div>
        <div class="actions">
          <button class="primary" type="submit">
            Create Account
          </button>
        </div>
      </form>
    </div>,
    status,
  );
}

async function loginPage(
  c: Context<AppEnv>,
  username: string,
  error: string | undefined,
  returnTo: string,
  status: 200 | 400 | 429 = 200,
) {
  const session = await ensureSession(c);
  return page(
    c,
    'Log In',
    <div class="ui">
      <h1>Log in</h1>
      <form class="work-form" method="post" action="/login" novalidate>
        <Csrf token={session.csrf_token} />
        <input type="hidden" name="return_to" value={returnTo} />
        {error ? (
          <p class="flash error-summary" role="alert">
            {error}
          </p>
        ) : null}
        <Field name="username" label="Username">
          <input type="text" id="username" name="username" value={username} autocomplete="username" />
        </Field>
        <Field name="password" label="Password">
          <input type="password" id="password" name="password" autocomplete="current-password" />
        </Field>
        <div class="actions">
          <button class="primary" type="submit">
            Log In
          </button>
          <a href="/password/forgot">Forgot your password?</a>
          <a href="/signup">Create an account</a>
        </div>
      </form>
    </div>,
    status,
  );
}

/** Sign-up without a usable invitation code while the archive takes members by invitation. */
function invitationNeededPage(c: Context<AppEnv>, problem?: string) {
  const queue = siteOf(c).signupMode === 'queue';
  return page(
    c,
    'Sign-up is by invitation',
    <div class="ui">
      <h1>Sign-up is by invitation</h1>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      {queue ? (
        <p>
          To join, <a href="/invite-requests">ask for an invitation</a>: it comes by mail, with a link to this form.
        </p>
      ) : (
        <p>To join, you need an invitation code from the archive’s admins; its link opens this form with it.</p>
      )}
    </div>,
    403,
  );
}

export function registerAccountRoutes(app: Hono<AppEnv>): void {
  app.get('/signup', async (c) => {
    if (!canAuthenticate(c.get('viewer'))) return c.redirect('/', 303);
    if (maySignUpWithoutInvitation(c.get('viewer'), siteOf(c).signupMode)) return signupPage(c, {}, {});
    const invite = (c.req.query('invite') ?? '').trim();
    if (!invite) return invitationNeededPage(c);
    if (!(await inviteCodeUsable(c.get('deps').db, invite))) return invitationNeededPage(c, INVITE_UNUSABLE);
    return signupPage(c, { invite }, {});
  });
  app.post('/signup', async (c) => {
    if (!canAuthenticate(c.get('viewer'))) return c.redirect('/', 303);
    const b = await readForm(c);
    const v = {
      username: formString(b, 'username'),
      email: formString(b, 'email'),
      confirmAge: formBool(b, 'confirmAge') ? '1' : '',
      acceptTerms: formBool(b, 'acceptTerms') ? '1' : '',
      invite: formString(b, 'invite').trim(),
    };
    const open = maySignUpWithoutInvitation(c.get('viewer'), siteOf(c).signupMode);
    if (!open && !v.invite) return invitationNeededPage(c);
    // Every attempt counts: each one that passes the form costs a password hash.
    const { db, rateLimits } = c.get('deps');
    if (await overHourlyLimit(db, rateLimits, 'signup', clientIp(c))) {
      c.header('Retry-After', '3600');
      return signupPage(c, v, { _: TOO_MANY_PER_HOUR.signup }, 429);
    }
    const r = await createAccount(db, {
      username: v.username,
      email: v.email,
      password: formString(b, 'password'),
      passwordConfirmation: formString(b, 'passwordConfirmation'),
      acceptTerms: v.acceptTerms === '1',
      confirmAge: v.confirmAge === '1',
      requireConsent: true,
      termsVersion: siteOf(c).termsVersion,
      confirmByMail: mailSite(c),
      ...(open ? {} : { inviteCode: v.invite }),
    });
    if (!r.ok && r.errors.invite) return invitationNeededPage(c, r.errors.invite);
    if (!r.ok) return signupPage(c, v, r.errors, 400);
    c.get('deps').jobs?.wake();
    await rotateSession(c, r.value.userId);
    await rememberDevice(c, r.value.userId);
    return c.redirect(`/users/${encodeURIComponent(r.value.username)}`, 303);
  });

  app.get('/login', async (c) => {
    if (!canAuthenticate(c.get('viewer'))) return c.redirect('/', 303);
    return loginPage(c, '', undefined, returnPath(c, c.req.query('return_to')));
  });
  app.post('/login', async (c) => {
    if (!canAuthenticate(c.get('viewer'))) return c.redirect('/', 303);
    const b = await readForm(c);
    const username = formString(b, 'username');
    const returnTo = returnPath(c, formString(b, 'return_to'));
    const { db } = c.get('deps');
    const r = await logIn(db, {
      username,
      password: formString(b, 'password'),
      ip: clientIp(c),
      deviceToken: getCookie(c, DEVICE_COOKIE),
    });
    if (!r.ok) return loginPage(c, username, r.errors._, returnTo, r.status === 429 ? 429 : 400);
    await rotateSession(c, r.value.user.id);
    if (!r.value.knownDevice) await rememberDevice(c, r.value.user.id);
    return c.redirect(returnTo, 303);
  });

  app.post('/logout', async (c) => {
    canAuthenticate(c.get('viewer'));
    const session = c.get('session');
    if (session) await endSession(c.get('deps').db, session);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  app.get('/account', async (c) => accountPage(c, {}, undefined));
  app.post('/account/password', async (c) => {
    const viewer = c.get('viewer');
    if (!canManageAccount(viewer, viewer.user?.id)) return c.redirect('/login?return_to=/account', 303);
    const b = await readForm(c);
    const r = await changePassword(c.get('deps').db, viewer, {
      current: formString(b, 'current'),
      password: formString(b, 'password'),
      confirmation: formString(b, 'confirmation'),
      keepSessionId: c.get('session')?.id,
    });
    if (!r.ok) return accountPage(c, r.errors, undefined, 400);
    const tokens = r.value.tokensRevoked;
    const revoked =
      tokens === 0
        ? ''
        : ` Your ${tokens === 1 ? 'access token was' : `${tokens} access tokens were`} revoked: create new ones for your apps.`;
    return accountPage(c, {}, `Your password was changed. Your other sessions were logged out.${revoked}`);
  });
  app.post('/account/preferences', async (c) => {
    const viewer = c.get('viewer');
    if (!canManageAccount(viewer, viewer.user?.id)) return c.redirect('/login?return_to=/account', 303);
    const b = await readForm(c);
    await setViewAdultPreference(c.get('deps').db, viewer, formBool(b, 'viewAdult'));
    await setKeepHistoryPreference(c.get('deps').db, c.get('deps').readings, viewer, formBool(b, 'keepHistory'));
    return c.redirect('/account?saved=1', 303);
  });

  app.get('/users/:username/pseuds/new', async (c) => pseudPage(c, '', {}));
  app.post('/users/:username/pseuds/new', async (c) => {
    const viewer = c.get('viewer');
    const b = await readForm(c);
    const name = formString(b, 'name');
    const own = viewer.user?.username.toLowerCase() === c.req.param('username').toLowerCase();
    if (viewer.user && !canManageAccount(viewer, own ? viewer.user.id : undefined)) {
      return errorPage(c, 403, 'Not your account', 'You can add pseuds only to your own account.');
    }
    const r = await addPseud(c.get('deps').db, viewer, { name });
    if (!r.ok && r.status === 403)
      return errorPage(c, 403, 'Not your account', 'You can add pseuds only to your own account.');
    if (!r.ok) return pseudPage(c, name, r.errors, 400);
    return c.redirect(
      `/users/${encodeURIComponent(viewer.user!.username)}/pseuds/${encodeURIComponent(r.value.name)}`,
      303,
    );
  });
}

async function pseudPage(c: Context<AppEnv>, name: string, errors: FieldErrors, status: 200 | 400 = 200) {
  const viewer = c.get('viewer');
  const own = viewer.user?.username.toLowerCase() === c.req.param('username')?.toLowerCase();
  if (!canManageAccount(viewer, own ? viewer.user?.id : undefined) || !viewer.user) {
    return errorPage(c, 403, 'Not your account', 'Log in as this member to add a pseud.');
  }
  const session = await ensureSession(c);
  return page(
    c,
    'New pseud',
    <div class="ui">
      <h1>New pseud</h1>
      <form class="work-form" method="post" action={`/users/${encodeURIComponent(viewer.user.username)}/pseuds/new`}>
        <Csrf token={session.csrf_token} />
        <Field
          name="name"
          label="Pseud name"
          error={errors.name}
          hint="A pen name you can post under; your username stays your default pseud."
        >
          <input type="text" id="name" name="name" value={name} />
        </Field>
        <div class="actions">
          <button class="primary" type="submit">
            Create Pseud
          </button>
        </div>
      </form>
    </div>,
    status,
  );
}

export async function accountPage(
  c: Context<AppEnv>,
  errors: FieldErrors,
  notice: string | undefined,
  status: 200 | 400 | 429 = 200,
) {
  const viewer = c.get('viewer');
  if (!canManageAccount(viewer, viewer.user?.id) || !viewer.user) return c.redirect('/login?return_to=/account', 303);
  const session = await ensureSession(c);
  const saved = c.req.query('saved') === '1';
  const tokens = await listAccessTokens(c.get('deps').db, viewer);
  return page(
    c,
    'Account',
    <div class="ui">
      <h1>Your account</h1>
      {notice || saved ? <p class="flash">{notice ?? 'Preferences saved.'}</p> : null}
      <h2>Preferences</h2>
      <form class="work-form" method="post" action="/account/preferences">
        <Csrf token={session.csrf_token} />
        <div class="field">
          <label>
            <input type="checkbox" name="viewAdult" value="1" checked={viewer.user.viewAdult} /> Show me adult content
            without checking (skip the interstitial on Mature, Explicit and Not Rated works)
          </label>
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="keepHistory" value="1" checked={viewer.user.keepHistory === true} /> Keep my
            reading history (the works I open, where I stopped, and new chapters since)
          </label>{' '}
          <a href={`/users/${encodeURIComponent(viewer.user.username)}/history`}>Your history</a>
        </div>
        <button type="submit">Save Preferences</button>
      </form>
      <h2>Change password</h2>
      <p class="muted">
        Changing your password logs you out everywhere else and revokes your access tokens; apps that use one will need
        a new token.
      </p>
      <form class="work-form" method="post" action="/account/password" novalidate>
        <Csrf token={session.csrf_token} />
        <Field name="current" label="Current password" error={errors.current}>
          <input type="password" id="current" name="current" autocomplete="current-password" />
        </Field>
        <Field name="password" label="New password" error={errors.password} hint="8–72 characters.">
          <input type="password" id="password" name="password" autocomplete="new-password" />
        </Field>
        <Field name="confirmation" label="Confirm new password" error={errors.confirmation}>
          <input type="password" id="confirmation" name="confirmation" autocomplete="new-password" />
        </Field>
        <button type="submit">Change Password</button>
      </form>
      <ChangeEmailSection csrf={session.csrf_token} errors={errors} />
      <h2>Username</h2>
      <p>
        <a href="/account/username">Change your username</a> (once a week; links to the old one keep working).
      </p>
      <h2>Your works</h2>
      <p>
        <a href="/orphan">Orphan all your works</a>: they stay on the archive without your name.
      </p>
      <AccessTokensSection tokens={tokens.ok ? tokens.value : []} csrf={session.csrf_token} opdsUrl={opdsUrl(c)} />
      <h2>Your data</h2>
      <p>
        <a href="/account/export">Export your data</a>: a zip of everything the archive holds about you, with your works
        as EPUBs. <a href="/account/delete">Delete your account</a>: choose which works to orphan first.
      </p>
    </div>,
    status,
  );
}
