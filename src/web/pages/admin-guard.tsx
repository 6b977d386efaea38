import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.js';
import { canAdminister } from '../../policies/index.js';
import { errorPage } from './error-page.js';
import { page } from './render.js';

/** The answer for anyone but an admin (as the wrangling pages answer non-wranglers), or undefined for an admin. */
export function refuseNonAdmin(c: Context<AppEnv>): Response | Promise<Response> | undefined {
  if (canAdminister(c.get('viewer'))) return undefined;
  return errorPage(c, 403, 'Admins only', 'This part of the archive is for its admins.');
}

/** A page of the admin area: its heading, a way back to the index, a message after an action. */
export function adminPage(
  c: Context<AppEnv>,
  title: string,
  body: Child,
  opts: { flash?: string | undefined; status?: 200 | 400 | 403 | 404 } = {},
) {
  return page(
    c,
    `${title} | Admin`,
    <div class="ui admin">
      <p class="muted">
        <a href="/admin">Admin area</a>
      </p>
      <h1>{title}</h1>
      {opts.flash ? (
        <p class="flash" role="status">
          {opts.flash}
        </p>
      ) : null}
      {body}
    </div>,
    opts.status ?? 200,
  );
}
