import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { siteOf } from '../site-settings.js';
import { subscriptionFeed } from '../../services/notifications.js';
import { requestOrigin } from '../origin.js';
import { renderAtom, rfc3339 } from './atom.js';
import { workFeedEntry } from './work-entry.js';
import { ATOM_CONTENT_TYPE, feedError } from './works-feed.js';

/** A subscription's private Atom feed: its token is the only key, so a wrong one is simply not there. */
export function registerSubscriptionFeedRoutes(app: Hono<AppEnv>): void {
  app.get('/subscriptions/:token/feed.atom', async (c) => {
    const { search } = c.get('deps');
    const feed = await subscriptionFeed(search.db, search, c.get('viewer'), c.req.param('token'));
    if (!feed) return feedError(c, 404, 'There is no such feed.');
    const origin = requestOrigin(c);
    // One entry per work, at its latest notification: a reader shows an updated entry once.
    const seen = new Set<number>();
    const entries = feed.entries
      .filter((e) => (seen.has(e.work.id) ? false : (seen.add(e.work.id), true)))
      .map((e) => ({ ...workFeedEntry(origin, e.work), updated: rfc3339(e.notification.createdAt) }));
    const self = `${origin}/subscriptions/${feed.subscription.feedToken}/feed.atom`;
    const xml = renderAtom({
      id: `${origin}/subscriptions/${feed.subscription.id}`,
      title: `Your subscription | ${siteOf(c).archiveName}`,
      updated: entries[0]?.updated ?? rfc3339(feed.subscription.createdAt),
      authors: [{ name: siteOf(c).archiveName, uri: `${origin}/` }],
      links: [
        { rel: 'self', type: 'application/atom+xml', href: self },
        { rel: 'alternate', type: 'text/html', href: `${origin}/inbox/notifications` },
      ],
      entries,
    });
    // Private to its holder: never kept by a shared cache.
    c.header('Cache-Control', 'private, no-store');
    return c.body(xml, 200, { 'Content-Type': ATOM_CONTENT_TYPE });
  });
}
