import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Viewer } from '../policies/index.js';
import { mayLeaveKudos } from '../policies/index.js';
import { loadWorkPresence } from '../store/work.store.js';
import { insertKudos, kudosGivers, hasLeftKudos, type KudosGiver } from '../store/kudos.store.js';
import { addToCount } from '../store/count-changes.store.js';
import { addDailyKudos } from '../store/work-stats.store.js';
import { blockersAmong } from '../store/blocklist.store.js';
import { creatorIds } from '../domain/work.js';
import { overRateLimit, TOO_FAST, type RateLimits } from './rate-limits.js';
import type { CommitQueue } from '../store/commit-queue.js';
import { fail, ok, NOT_FOUND, nowIso, type ServiceResult } from './result.js';

/** How many givers' names the work page lists before "and N more". */
export const KUDOS_NAMES_SHOWN = 50;

/**
 * Leaves kudos on a work: once per member, once per guest session (`guestKey`, the session's id).
 * A second kudos is refused (409) and changes nothing; so is one by a creator of the work.
 */
export async function leaveKudos(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  guestKey: string | undefined,
  { address, limits, commits }: { address: string; limits: RateLimits; commits: CommitQueue },
): Promise<ServiceResult<{ workId: number }>> {
  const work = await loadWorkPresence(db, workId);
  if (!work) return NOT_FOUND;
  const blockers = viewer.user ? await blockersAmong(db, creatorIds(work), viewer.user.id) : [];
  const decision = mayLeaveKudos(viewer, work, blockers);
  if (decision === 'hidden') return NOT_FOUND;
  if (decision === 'own') return fail(403, { _: 'You can’t leave kudos on your own work.' });
  if (decision === 'blocked')
    return fail(403, { _: 'You can’t leave kudos here: the work’s creator has blocked you.' });
  if (decision === 'suspended')
    return fail(403, { _: 'Your account is suspended: you can read, but not leave kudos until it ends.' });
  const giver = giverOf(viewer, guestKey);
  if (!giver) return fail(400, { _: 'Your session has expired: reload the page and leave kudos again.' });
  // One commit for the count of the request and the kudos, shared with the other writes of its batch.
  const added = await commits.run(async (trx) => {
    if (await overRateLimit(trx, limits, 'kudos', { userId: viewer.user?.id ?? null, address })) return 'limited';
    const at = nowIso();
    const inserted = await insertKudos(trx, workId, giver, at);
    if (inserted) {
      await addToCount(trx, workId, 'kudos_count', 1);
      await addDailyKudos(trx, workId, creatorIds(work), at.slice(0, 10));
    }
    return inserted;
  });
  if (added === 'limited') return fail(429, { _: TOO_FAST.kudos });
  if (!added) return fail(409, { _: 'You have already left kudos here. :)' });
  return ok({ workId });
}

function giverOf(viewer: Viewer, guestKey: string | undefined): KudosGiver | undefined {
  if (viewer.user) return { userId: viewer.user.id };
  return guestKey ? { guestKey } : undefined;
}

/** Who left kudos on a work, as its page lists them, and whether this viewer already did. */
export async function kudosOf(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  guestKey: string | undefined,
): Promise<{ names: string[]; members: number; guests: number; given: boolean }> {
  const givers = await kudosGivers(db, workId, KUDOS_NAMES_SHOWN);
  const giver = giverOf(viewer, guestKey);
  const given = giver ? await hasLeftKudos(db, workId, giver) : false;
  return { ...givers, given };
}
