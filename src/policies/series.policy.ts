import type { Viewer } from './viewer.js';

/**
 * A series exists for a viewer when at least one of its works is visible to them (blocked works
 * count: they are hidden by the reader's choice, not by visibility). Its title alone could
 * otherwise reveal restricted or draft works.
 */
export function canSeeSeries(viewer: Viewer, visibleWorkCount: number): boolean {
  viewer.decisions.push('series:see');
  return visibleWorkCount > 0;
}
