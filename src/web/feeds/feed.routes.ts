import type { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { canViewPublicPage } from '../../policies/index.js';
import { tagInfo } from '../../services/tag-info.js';
import { findProfile } from '../../services/profiles.js';
import { tagFromUrlSegment, tagToUrlSegment } from '../../domain/tags.js';
import { userHref } from '../pages/components.js';
import { feedError, listingFeedResponse, worksFeedResponse } from './works-feed.js';

/** Atom feeds of the works listings: each at its listing's address plus /feed.atom. */
export function registerFeedRoutes(app: Hono<AppEnv>): void {
  app.get('/works/feed.atom', (c) => {
    canViewPublicPage(c.get('viewer'), 'feed');
    return listingFeedResponse(c, { title: 'Works', pagePath: '/works', feedPath: '/works/feed.atom' });
  });

  app.get('/search/feed.atom', (c) => {
    canViewPublicPage(c.get('viewer'), 'feed');
    const q = c.req.query('q')?.trim();
    return listingFeedResponse(c, {
      title: q ? `Search: ${q}` : 'Search',
      pagePath: '/search',
      feedPath: '/search/feed.atom',
    });
  });

  app.get('/tags/:name/feed.atom', async (c) => {
    canViewPublicPage(c.get('viewer'), 'feed');
    const info = await tagInfo(c.get('deps').search, c.get('viewer'), tagFromUrlSegment(c.req.param('name')));
    if (!info) return feedError(c, 404, 'There is no such tag, or no works you can see use it.');
    // As the tag's works page does: a synonym's feed is its canonical's.
    if (info.synonymOf)
      return c.redirect(`/tags/${tagToUrlSegment(info.synonymOf)}/feed.atom${new URL(c.req.url).search}`, 301);
    const seg = tagToUrlSegment(info.tag.name);
    return listingFeedResponse(c, {
      title: `Works in ${info.tag.name}`,
      pagePath: `/tags/${seg}/works`,
      feedPath: `/tags/${seg}/feed.atom`,
      extra: { tagId: info.tag.id },
    });
  });

  app.get('/users/:username/feed.atom', async (c) => {
    const profile = await findProfile(c.get('deps').db, c.get('viewer'), c.req.param('username'));
    if (!profile) return feedError(c, 404, 'There is no member with that name.');
    const base = userHref(profile.username);
    return worksFeedResponse(c, {
      title: `Works by ${profile.username}`,
      selfUrl: `${base}/feed.atom`,
      alternateUrl: base,
      query: { userId: profile.userId },
    });
  });
}
