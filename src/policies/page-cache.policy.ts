import type { Viewer } from './viewer.js';

/**
 * A page rendered for one anonymous visitor may be served to another: same policy answers, since
 * guests differ in nothing the policies look at (no blocklist, no consent without a session).
 */
export function canShareRenderedPage(viewer: Viewer): boolean {
  viewer.decisions.push('page:shared-guest-render');
  return viewer.user === null && !viewer.sessionViewAdult;
}
