import crypto from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { requestOrigin } from '../origin.js';
import { ensureSession } from './session.js';
import { formString } from '../forms.js';
import { errorPage } from '../pages/error-page.js';
import { resendCommentPage } from '../pages/comments.routes.js';
import { readForm, TooManyFields, type FormBody } from '../read-form.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// What a guest may send from a page shared by every guest, which carries no form token.
const GUEST_FORMS = /^\/(?:works\/\d+\/(?:kudos|comments)|comments\/\d+\/replies)$/;

/**
 * A guest without any session sending a kudos or a comment from a page of this site: the browser's
 * Origin header names this site, which a cross-site form cannot fake. There is no session to ride
 * on, so the request starts one and goes on; anything else without a token is refused.
 */
function guestFromThisSite(c: Context<AppEnv>, hasSession: boolean, sent: string): boolean {
  if (hasSession || sent || !GUEST_FORMS.test(c.req.path)) return false;
  const origin = c.req.header('origin');
  return origin !== undefined && origin === requestOrigin(c);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Every state-changing form carries the session's CSRF token in `_csrf`. A missing or wrong token
 * gets a 403 page that asks to reload — the writer's text is still in their browser's back history.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  // The API is read-only and cookie-less clients use it; its writes (later) will take tokens instead.
  if (!UNSAFE.has(c.req.method) || c.req.path.startsWith('/api/')) return next();
  const session = c.get('session');
  let body: FormBody;
  try {
    // Parsed once; the handler gets the same fields (read-form.ts).
    body = await readForm(c, { all: true });
  } catch (err) {
    if (err instanceof TooManyFields)
      return errorPage(c, 413, 'Too many fields', `${err.message} Nothing was changed.`);
    return errorPage(
      c,
      400,
      'The form could not be read',
      'The browser sent a form this archive cannot read. Go back and send it again; nothing was changed.',
    );
  }
  const sent = formString(body, '_csrf');
  if (guestFromThisSite(c, session !== undefined, sent)) {
    await ensureSession(c);
    return next();
  }
  if (!session || !sent || !sameToken(sent, session.csrf_token)) {
    await ensureSession(c);
    const resend = resendCommentPage(c, body);
    if (resend) return resend;
    return errorPage(
      c,
      403,
      'Your session expired or the form was sent from elsewhere',
      'Go back, reload the page and send the form again. Nothing was changed.',
    );
  }
  return next();
});
