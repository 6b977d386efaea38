import type { Viewer } from './viewer.js';
import type { Work, WorkPresence } from '../domain/work.js';
import { ADULT_RATINGS } from '../domain/tags.js';
import { isModeratorUser, isSuspended } from './moderation.policy.js';

type WorkFacts = Pick<Work, 'posted' | 'restricted' | 'hiddenReason' | 'creators' | 'tags'>;

/**
 * What a viewer may do with one work:
 * - `hidden`: behave as if it did not exist (drafts to non-creators, restricted works to guests);
 * - `gate`: show the adult interstitial (rating and warnings only) instead of the text;
 * - `read`: show everything.
 */
export type WorkAccess = 'hidden' | 'gate' | 'read';

export function isCreator(viewer: Viewer, work: Pick<WorkPresence, 'creators'>): boolean {
  const id = viewer.user?.id;
  return id !== undefined && work.creators.some((c) => c.userId === id);
}

export function isAdultWork(work: Pick<Work, 'tags'>): boolean {
  return work.tags.rating.some((r) => ADULT_RATINGS.includes(r));
}

/**
 * Whether the work exists at all for this viewer (its title, blurb, metadata). Listings never show
 * a draft or a hidden work: the works query leaves them out for everyone (`worksInScope`, the filter
 * index's posted set).
 */
export function canSeeWork(viewer: Viewer, work: WorkPresence): boolean {
  viewer.decisions.push('work:see');
  if (!work.posted) return isCreator(viewer, work);
  // Hidden by a moderator: its creators see it (and why), moderators see it to review it.
  if (work.hiddenReason !== null) return isCreator(viewer, work) || isModeratorUser(viewer.user);
  if (work.restricted && !viewer.user) return false;
  return true;
}

/** Decides between hidden, interstitial and text for a work or chapter page (and downloads). */
export function workAccess(viewer: Viewer, work: WorkFacts, proceedAdult = false): WorkAccess {
  if (!canSeeWork(viewer, work)) return 'hidden';
  viewer.decisions.push('work:read');
  if (!isAdultWork(work)) return 'read';
  if (proceedAdult || viewer.sessionViewAdult) return 'read';
  const u = viewer.user;
  if (u && (u.isAdmin || u.viewAdult || isCreator(viewer, work))) return 'read';
  return 'gate';
}

/**
 * How much of a work a blurb, an API record, a feed or a catalog entry may carry:
 * - `full`: everything, including what is derived from the text (notes, chapter titles, search
 *   snippets, downloads), because the viewer could read the work;
 * - `blurb`: what the interstitial and AO3's blurbs show before consent (title, creators, tags,
 *   stats, summary), because the adult gate would stand first.
 * Hidden works have no disclosure at all: ask `canSeeWork` first.
 */
export type WorkDisclosure = 'full' | 'blurb';

export function workDisclosure(viewer: Viewer, work: WorkFacts, proceedAdult = false): WorkDisclosure {
  return workAccess(viewer, work, proceedAdult) === 'read' ? 'full' : 'blurb';
}

/**
 * Whether a work the reader's own blocklist excludes (`matched` names what matched) is shown when
 * opened by its address: not until they say "show it anyway" for it. Guests have no blocklist.
 */
export function mustConfirmBlocked(viewer: Viewer, matched: readonly string[], showAnyway: boolean): boolean {
  viewer.decisions.push('work:blocklist');
  return viewer.user !== null && matched.length > 0 && !showAnyway;
}

/** Only a work's creators edit it, add chapters or delete it. */
export function canEditWork(viewer: Viewer, work: Pick<Work, 'creators'>): boolean {
  viewer.decisions.push('work:edit');
  return isCreator(viewer, work);
}

/** Any member who has confirmed their address and is not suspended may post; guests are sent to log in. */
export function canPostWork(viewer: Viewer): boolean {
  viewer.decisions.push('work:post');
  return viewer.user !== null && viewer.user.unconfirmed !== true && !isSuspended(viewer.user);
}

/**
 * A work's creators change what readers read — add or edit chapters, edit the work, post a draft —
 * unless a moderator suspended them (they may still delete or orphan it).
 */
export function canWriteWork(viewer: Viewer, work: Pick<Work, 'creators'>): boolean {
  return canEditWork(viewer, work) && !isSuspended(viewer.user);
}

/** A member's own exclusions, as stored (see services/blocklist.ts). */
export interface Exclusions {
  tagPatterns: string[];
  mutedUserIds: number[];
}

/** The visibility rule the works query applies to every listing, in data form. */
export interface ListingScope {
  includeRestricted: boolean;
  /** Drafts are listed only on their creator's own drafts page. */
  draftsOfUserId: number | null;
  /** The reader's blocklist, applied to every listing unless they asked to see it once. */
  exclusions: Exclusions;
}

const NO_EXCLUSIONS: Exclusions = { tagPatterns: [], mutedUserIds: [] };

/**
 * Scope of a public listing (home, tag pages, user and pseud pages, search, the API, feeds).
 * A member's blocklist always applies; `showBlocked` lifts it for one request, which only
 * the member can ask for.
 */
export function listingScope(
  viewer: Viewer,
  exclusions: Exclusions = NO_EXCLUSIONS,
  showBlocked = false,
): ListingScope {
  viewer.decisions.push('works:list');
  return {
    includeRestricted: viewer.user !== null,
    draftsOfUserId: null,
    exclusions: viewer.user && !showBlocked ? exclusions : NO_EXCLUSIONS,
  };
}

/** Scope of a drafts page: only a user's own drafts; undefined when the viewer may not see it. */
export function draftsScope(viewer: Viewer, ownerUserId: number): ListingScope | undefined {
  viewer.decisions.push('works:drafts');
  if (viewer.user?.id !== ownerUserId) return undefined;
  return { includeRestricted: true, draftsOfUserId: ownerUserId, exclusions: NO_EXCLUSIONS };
}
