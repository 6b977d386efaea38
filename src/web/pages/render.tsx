import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.js';
import { Layout } from './layout.js';

/** Renders a page inside the site layout with the request's viewer; `opts.feed` links a listing's Atom feed. */
export function page(
  c: Context<AppEnv>,
  title: string,
  body: Child,
  status: ContentfulStatusCode = 200,
  opts: { feed?: { href: string; title: string } } = {},
) {
  const viewer = c.get('viewer');
  const csrf = c.get('session')?.csrf_token;
  c.header('Cache-Control', 'private, no-cache');
  const doc = (
    <Layout
      title={title}
      siteName={c.get('deps').config.siteName}
      viewer={viewer}
      csrf={csrf}
      feed={opts.feed}
      unread={c.get('inboxUnread')}
    >
      {body}
    </Layout>
  );
  return c.html(html`<!DOCTYPE html>${doc}`, status);
}
