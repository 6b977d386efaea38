import type { Viewer } from './viewer.js';
import type { Work } from '../domain/work.js';
import type { WorkPresence } from '../domain/work.js';
import { canSeeWork, isCreator } from './work.policy.js';
import { isSuspended } from './moderation.policy.js';

/**
 * Whether this viewer may leave kudos on a work, and if not why: a work they cannot see does not
 * exist for them (`hidden`), and creators do not kudos their own work (`own`). Anyone else may —
 * a member once, a guest once per session — behind the adult gate or not: kudos disclose nothing —
 * except a member a creator of the work blocked (`blocked`) or a moderator suspended (`suspended`).
 */
export type KudosDecision = 'ok' | 'hidden' | 'own' | 'blocked' | 'suspended';

/** `blockedBy`: the members who blocked this viewer, among the work's creators. */
export function mayLeaveKudos(viewer: Viewer, work: WorkPresence, blockedBy: readonly number[] = []): KudosDecision {
  if (!canSeeWork(viewer, work)) return 'hidden';
  viewer.decisions.push('kudos:leave');
  if (isCreator(viewer, work)) return 'own';
  if (isSuspended(viewer.user)) return 'suspended';
  if (viewer.user && work.creators.some((c) => blockedBy.includes(c.userId))) return 'blocked';
  return 'ok';
}

/**
 * Whether this viewer's view of a work counts as a hit: not a draft's, and never a creator's own
 * (robots are told apart by the web layer, from their user agents).
 */
export function countsAsHit(viewer: Viewer, work: Pick<Work, 'posted' | 'creators'>): boolean {
  viewer.decisions.push('hit:count');
  return work.posted && !isCreator(viewer, work);
}
