import type { Viewer } from './viewer.js';

/** A writer's statistics are theirs alone (as on AO3): anyone else, an admin included, is told there is no such page. */
export function maySeeStats(viewer: Viewer, ownerId: number): boolean {
  viewer.decisions.push('stats:see');
  return viewer.user?.id === ownerId;
}
