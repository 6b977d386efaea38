import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { canAskConfirmationAgain, canUseMailedLink, isSuspended } from '../../policies/index.js';
import {
  CONFIRM_LINK_SPENT,
  RESENDS_PER_HOUR,
  confirmEmail,
  resendConfirmation,
} from '../../services/email-confirmation.js';
import { errorPage } from './error-page.js';
import { mailSite } from '../mail-site.js';
import { page } from './render.js';

/**
 * What a viewer who may not post is told: a guest is sent to log in; a member who has not
 * confirmed their address is told so (the page's banner offers the link again).
 */
export function refusePosting(c: Context<AppEnv>, returnTo = c.req.path) {
  if (c.get('viewer').user?.unconfirmed)
    return errorPage(
      c,
      403,
      'Confirm your email address first',
      'To post works, confirm your email address: open the link we mailed you when you signed up, or ask for it again above.',
    );
  if (isSuspended(c.get('viewer').user))
    return errorPage(
      c,
      403,
      'Your account is suspended',
      'While your account is suspended you can read, but not post works. The notice above says why and until when.',
    );
  return c.redirect(`/login?return_to=${encodeURIComponent(returnTo)}`, 303);
}

function confirmationLinkPage(c: Context<AppEnv>, message: string) {
  return page(
    c,
    'Confirmation link',
    <div class="ui">
      <h1>Confirmation link</h1>
      <p role="status">{message}</p>
    </div>,
  );
}

const alreadyConfirmed = (c: Context<AppEnv>) => confirmationLinkPage(c, 'Your email address is already confirmed.');

/** Confirming a new member's address by the link mailed at sign-up (services/email-confirmation.ts). */
export function registerConfirmEmailRoutes(app: Hono<AppEnv>): void {
  // A GET, as the link in the mail is opened: confirming an address its holder can read is safe to repeat.
  app.get('/confirm', async (c) => {
    canUseMailedLink(c.get('viewer'), 'confirm');
    const r = await confirmEmail(c.get('deps').db, c.req.query('token') ?? '');
    if (!r.ok) return errorPage(c, 410, 'Link expired or used', CONFIRM_LINK_SPENT);
    // Opened while logged in to that account: this page already shows it confirmed (no banner).
    const viewer = c.get('viewer');
    if (viewer.user?.id === r.userId) c.set('viewer', { ...viewer, user: { ...viewer.user, unconfirmed: false } });
    return page(
      c,
      'Email address confirmed',
      <div class="ui">
        <h1>Email address confirmed</h1>
        <p>Thank you, {r.username}: you can now post works and comment.</p>
        <p>
          <a href="/works/new">Post a work</a> · <a href="/works">Browse works</a>
        </p>
      </div>,
    );
  });
  app.post('/confirm/resend', async (c) => {
    const viewer = c.get('viewer');
    // A confirmed member is told so (the service checks the account itself, as it is now); a guest logs in.
    if (!canAskConfirmationAgain(viewer)) return viewer.user ? alreadyConfirmed(c) : c.redirect('/login', 303);
    const deps = c.get('deps');
    const r = await resendConfirmation(deps.db, viewer, mailSite(c));
    if (r === 'limited') {
      c.header('Retry-After', '3600');
      return errorPage(
        c,
        429,
        'Too many links asked for',
        `A new link can be sent ${RESENDS_PER_HOUR} times an hour. Try again later, and look in your spam folder.`,
      );
    }
    if (r === 'confirmed') return alreadyConfirmed(c);
    deps.jobs?.wake();
    return confirmationLinkPage(c, 'A new link is on its way to your email address. It works for a week.');
  });
}
