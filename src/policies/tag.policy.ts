import type { Viewer } from './viewer.js';

/**
 * A tag is shown when it is fixed or canonical, or when the viewer can see at least one work
 * using it — so a tag typed only on a draft or a restricted work does not leak its name.
 */
/** Wranglers (and admins) make tags canonical, synonyms, meta/sub and fandom children. */
export function canWrangle(viewer: Viewer): boolean {
  viewer.decisions.push('tag:wrangle');
  const u = viewer.user;
  return u !== null && (u.isWrangler === true || u.isAdmin);
}

export function canSeeTag(viewer: Viewer, tag: { canonical: number }, visibleWorkCount: number): boolean {
  viewer.decisions.push('tag:see');
  return tag.canonical === 1 || visibleWorkCount > 0;
}
