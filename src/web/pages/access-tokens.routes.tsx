import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { createAccessToken, listAccessTokens, revokeAccessToken } from '../../services/access-tokens.js';
import { ensureSession } from '../middleware/session.js';
import { absoluteUrl } from '../origin.js';
import { formString, positiveInt } from '../forms.js';
import { AccessTokensSection, NewTokenNotice } from './access-tokens.js';
import { errorPage } from './error-page.js';
import { page } from './render.js';
import { readForm } from '../read-form.js';

const toLogin = (c: Context<AppEnv>) => c.redirect('/login?return_to=/account', 303);

/** The OPDS address members type into their app. */
export const opdsUrl = (c: Context<AppEnv>) => absoluteUrl(c, '/opds');

/** Creating and revoking personal access tokens (listed on the account page). */
export function registerAccessTokenRoutes(app: Hono<AppEnv>): void {
  app.post('/account/tokens', async (c) => {
    const viewer = c.get('viewer');
    const b = await readForm(c);
    const name = formString(b, 'name');
    const r = await createAccessToken(c.get('deps').db, viewer, { name });
    if (!r.ok && r.status === 403) return toLogin(c);
    if (!r.ok) {
      // Only the form is shown again; the rest of the account page is one click away.
      const tokens = await listAccessTokens(c.get('deps').db, viewer);
      const session = await ensureSession(c);
      return page(
        c,
        'Access tokens',
        <div class="ui">
          <h1>Access tokens</h1>
          <AccessTokensSection
            tokens={tokens.ok ? tokens.value : []}
            csrf={session.csrf_token}
            opdsUrl={opdsUrl(c)}
            error={r.errors.name ?? r.errors._}
            typed={name}
          />
          <p>
            <a href="/account">Back to your account</a>
          </p>
        </div>,
        400,
      );
    }
    // The secret is in this response only: keep it out of every cache.
    const res = await page(
      c,
      'Your new access token',
      <NewTokenNotice
        name={r.value.token.name}
        secret={r.value.secret}
        username={viewer.user!.username}
        opdsUrl={opdsUrl(c)}
      />,
    );
    res.headers.set('Cache-Control', 'no-store');
    return res;
  });

  app.post('/account/tokens/revoke', async (c) => {
    const viewer = c.get('viewer');
    const b = await readForm(c);
    const id = positiveInt(formString(b, 'id'));
    const r = await revokeAccessToken(c.get('deps').db, viewer, id ?? 0);
    if (!r.ok && r.status === 403) return toLogin(c);
    if (!r.ok) return errorPage(c, 404, 'No such token', r.errors._ ?? 'You have no such token.');
    return c.redirect('/account#access-tokens', 303);
  });
}
