import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { FieldErrors } from '../../domain/work-input.js';
import { SIGNUP_MODES, SITE_PAGES, type SiteSettingsInput } from '../../domain/site-settings.js';
import { changeSiteSettings } from '../../services/site-settings.js';
import { formString } from '../forms.js';
import { readForm } from '../read-form.js';
import { siteOf } from '../site-settings.js';
import { Csrf, ErrorSummary, Field } from './components.js';
import { adminPage, refuseNonAdmin } from './admin-guard.js';
import { errorPage } from './error-page.js';

const MODE_LABELS = {
  open: 'Open: anyone may sign up',
  queue: 'Invitation queue: visitors leave their address, admins send invitations in batches',
  invite: 'By invitation only: sign-up needs a code an admin made',
} as const;

const PAGE_LABELS = { tos: 'Terms of Service (/tos)', privacy: 'Privacy Policy (/privacy)', about: 'About (/about)' };

function settingsForm(c: Context<AppEnv>, v: SiteSettingsInput, errors: FieldErrors, flash?: string) {
  return adminPage(
    c,
    'Settings',
    <form class="work-form" method="post" action="/admin/settings" novalidate>
      <Csrf token={c.get('session')?.csrf_token ?? ''} />
      <ErrorSummary errors={errors} />
      <Field name="archiveName" label="Archive name" error={errors.archiveName}>
        <input type="text" id="archiveName" name="archiveName" value={v.archiveName} />
      </Field>
      <fieldset class={errors.signupMode ? 'field invalid' : 'field'}>
        <legend>Sign-up</legend>
        {SIGNUP_MODES.map((m) => (
          <label>
            <input type="radio" name="signupMode" value={m} checked={v.signupMode === m} /> {MODE_LABELS[m]}
          </label>
        ))}
        {errors.signupMode ? <p class="error">{errors.signupMode}</p> : null}
      </fieldset>
      <div class="field">
        <label>
          <input type="checkbox" name="guestsMayComment" value="1" checked={v.guestsMayComment === '1'} /> Guests may
          comment (where a work’s creator allows it)
        </label>
      </div>
      <Field
        name="banner"
        label="Banner"
        error={errors.banner}
        hint="Plain text shown at the top of every page, to everyone. Leave empty for none."
      >
        <textarea id="banner" name="banner" rows={2}>
          {v.banner}
        </textarea>
      </Field>
      {SITE_PAGES.map((p) => (
        <Field
          name={p}
          label={PAGE_LABELS[p]}
          error={errors[p]}
          hint="Text or HTML, sanitized as work text is. Leave empty to show the built-in text."
        >
          <textarea id={p} name={p} rows={8}>
            {v[p]}
          </textarea>
        </Field>
      ))}
      <Field
        name="termsVersion"
        label="Terms of Service version"
        error={errors.termsVersion}
        hint="Sign-up records it. Give a new one (e.g. today’s date) when members must accept changed terms anew."
      >
        <input type="text" id="termsVersion" name="termsVersion" value={v.termsVersion} />
      </Field>
      <div class="actions">
        <button class="primary" type="submit">
          Save settings
        </button>
      </div>
    </form>,
    { flash, status: Object.keys(errors).length > 0 ? 400 : 200 },
  );
}

/** The admin area's site settings. */
export function registerAdminSettingsRoutes(app: Hono<AppEnv>): void {
  app.get('/admin/settings', (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const s = siteOf(c);
    return settingsForm(
      c,
      {
        archiveName: s.archiveName,
        signupMode: s.signupMode,
        guestsMayComment: s.guestsMayComment ? '1' : '',
        banner: s.banner,
        termsVersion: s.termsVersion,
        tos: s.pages.tos ?? '',
        privacy: s.pages.privacy ?? '',
        about: s.pages.about ?? '',
      },
      {},
      c.req.query('saved') === '1' ? 'Settings saved.' : undefined,
    );
  });

  app.post('/admin/settings', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const b = await readForm(c);
    const f = (k: string) => formString(b, k);
    const input: SiteSettingsInput = {
      archiveName: f('archiveName'),
      signupMode: f('signupMode'),
      guestsMayComment: f('guestsMayComment'),
      banner: f('banner'),
      termsVersion: f('termsVersion'),
      tos: f('tos'),
      privacy: f('privacy'),
      about: f('about'),
    };
    const deps = c.get('deps');
    const r = await changeSiteSettings(deps.db, c.get('viewer'), input, deps.config.siteName);
    if (!r.ok && r.status === 403) return errorPage(c, 403, 'Admins only', r.errors._ ?? '');
    if (!r.ok) return settingsForm(c, input, r.errors);
    return c.redirect('/admin/settings?saved=1', 303);
  });
}
