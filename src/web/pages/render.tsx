import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { html } from 'hono/html';
import { HtmlEscapedCallbackPhase, resolveCallback, type HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.js';
import { Layout } from './layout.js';
import { siteOf } from '../site-settings.js';

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
  const site = siteOf(c);
  c.header('Cache-Control', 'private, no-cache');
  const doc = (
    <Layout
      title={title}
      siteName={site.archiveName}
      banner={site.banner}
      viewer={viewer}
      csrf={csrf}
      feed={opts.feed}
      unread={c.get('inboxUnread')}
    >
      {body}
    </Layout>
  );
  const clock = c.get('stages');
  const started = clock ? performance.now() : 0;
  const rendered = (s: HtmlEscapedString | string) => {
    clock?.add('render', performance.now() - started);
    return send(c, s, status);
  };
  const markup = html`<!DOCTYPE html>${doc}`;
  return markup instanceof Promise || markup.callbacks?.length ? resolved(markup).then(rendered) : rendered(markup);
}

const resolved = (markup: HtmlEscapedString | Promise<HtmlEscapedString>) =>
  resolveCallback(markup, HtmlEscapedCallbackPhase.Stringify, false, {});

/**
 * Sends a page as UTF-8 bytes. hono/jsx renders to a String object, which `c.html` would pass to the
 * response as is, and @hono/node-server sends only plain strings and bytes without building a whole
 * web Response around them (a stream, and a measure of the page's string of many pieces).
 */
function send(c: Context<AppEnv>, markup: HtmlEscapedString | string, status: ContentfulStatusCode) {
  const bytes = Buffer.from(String(markup));
  const res = c.body(bytes, status, { 'Content-Type': 'text/html; charset=UTF-8' });
  c.set('renderedPage', { res, bytes });
  return res;
}
