import type { Viewer } from './viewer.js';
import type { Work } from '../domain/work.js';
import { isCreator } from './work.policy.js';

/**
 * Naming co-creators: any member on a work they post, only its creators on an existing work. The
 * members named are only invited; nobody is credited on a work until they accept.
 */
export function canInviteCoCreators(viewer: Viewer, work: Pick<Work, 'creators'> | undefined): boolean {
  viewer.decisions.push('creatorship:invite');
  if (!viewer.user) return false;
  return work === undefined || isCreator(viewer, work);
}

/** Only the member whose pseud was invited accepts or declines (AO3 asks the invitee first). */
export function canAnswerCoCreatorInvitation(
  viewer: Viewer,
  invitation: { inviteeUserId: number } | undefined,
): boolean {
  viewer.decisions.push('creatorship:answer');
  return invitation !== undefined && viewer.user?.id === invitation.inviteeUserId;
}

/** A member's pending invitations and shared works are theirs alone to see. */
export function canSeeCoCreatorRequests(viewer: Viewer, userId: number | undefined): boolean {
  viewer.decisions.push('creatorship:requests');
  return userId !== undefined && viewer.user?.id === userId;
}

/**
 * Taking a member off a work: a creator may remove only themselves (not their co-creators, who
 * never agreed to it), and not when no other member would be left to credit.
 */
export function canRemoveCreator(viewer: Viewer, work: Pick<Work, 'creators'>, userId: number): boolean {
  viewer.decisions.push('creatorship:remove');
  if (viewer.user?.id !== userId || !isCreator(viewer, work)) return false;
  return work.creators.some((c) => c.userId !== userId);
}

/**
 * Orphaning: a creator hands their credit on a posted work to the orphan account (their
 * co-creators keep theirs). A draft is not orphaned: nobody could ever post or delete it.
 */
export function canOrphanWork(viewer: Viewer, work: Pick<Work, 'creators' | 'posted'>): boolean {
  viewer.decisions.push('creatorship:orphan');
  return work.posted && isCreator(viewer, work);
}

/** Orphaning all of one's works: any member, for their own works only (the service lists them). */
export function canOrphanOwnWorks(viewer: Viewer): boolean {
  viewer.decisions.push('creatorship:orphan-all');
  return viewer.user !== null;
}
