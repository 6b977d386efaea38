import type { Child } from 'hono/jsx';
import { isSuspended, type Viewer } from '../../policies/index.js';
import { SuspensionNotice } from './suspension-notice.js';

export interface LayoutProps {
  title: string;
  siteName: string;
  /** The admins' message to everyone (plain text), shown above every page; empty for none. */
  banner?: string;
  viewer: Viewer;
  /** The session's CSRF token, for the log-out button. */
  csrf?: string | undefined;
  /** The Atom feed of the listing this page shows, announced in <head> for feed readers. */
  feed?: { href: string; title: string } | undefined;
  /** A member's unread inbox items. */
  unread?: number | undefined;
  children?: Child;
}

export const Layout = ({ title, siteName, banner, viewer, csrf, feed, unread, children }: LayoutProps) => {
  const u = viewer.user;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteName ? siteName : `${title} | ${siteName}`}</title>
        <link rel="stylesheet" href="/static/quire.css" />
        {feed ? <link rel="alternate" type="application/atom+xml" title={feed.title} href={feed.href} /> : null}
      </head>
      <body>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">
              {siteName}
            </a>
            <nav aria-label="Site">
              <a href="/works">Works</a>
              <form method="get" action="/search" role="search" class="site-search">
                <input type="search" name="q" aria-label="Search works" placeholder="Search" />
              </form>
              {u ? (
                <>
                  <a href="/dashboard">Dashboard</a>
                  <a href="/inbox" class="inbox-link">
                    Inbox
                    {unread ? (
                      <span class="unread-count">
                        {' '}
                        ({unread > 99 ? '99+' : unread}
                        <span class="visually-hidden"> unread</span>)
                      </span>
                    ) : null}
                  </a>
                  <a href="/works/new">Post New</a>
                  <a href={`/users/${encodeURIComponent(u.username)}/drafts`}>Drafts</a>
                  <a href={`/users/${encodeURIComponent(u.username)}/stats`}>Stats</a>
                  <a href={`/users/${encodeURIComponent(u.username)}`}>{u.username}</a>
                  <a href="/account">Account</a>
                  <form method="post" action="/logout">
                    <input type="hidden" name="_csrf" value={csrf ?? ''} />
                    <button type="submit">Log Out</button>
                  </form>
                </>
              ) : (
                <>
                  <a href="/login">Log In</a>
                  <a href="/signup">Sign Up</a>
                </>
              )}
            </nav>
          </div>
        </header>
        <main id="main">
          {banner ? (
            <div class="flash site-banner" role="note">
              <p>{banner}</p>
            </div>
          ) : null}
          {u?.unconfirmed ? (
            <div class="flash unconfirmed">
              <p>
                Confirm your email address to post works and comment: open the link we mailed you when you signed up.
              </p>
              <form method="post" action="/confirm/resend">
                <input type="hidden" name="_csrf" value={csrf ?? ''} />
                <button type="submit">Send the link again</button>
              </form>
            </div>
          ) : null}
          {u && isSuspended(u) && u.suspension ? <SuspensionNotice s={u.suspension} /> : null}
          {children}
        </main>
        <footer class="site">
          {siteName} runs on Quire, a self-hostable archive. Every work belongs to its writers.{' '}
          <a href="/about">About</a> · <a href="/tos">Terms of Service</a> · <a href="/privacy">Privacy</a>
        </footer>
      </body>
    </html>
  );
};
