import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { ORPHAN_ACCOUNT } from '../domain/orphan.js';
import { canOrphanWork, canSeeWork, type Viewer } from '../policies/index.js';
import { loadWork } from '../store/work.store.js';
import { moveCreditsToOrphan, orphanPseudId } from '../store/orphan.store.js';
import { reindexWork } from '../search/work-index.js';
import { NOT_FOUND, fail, ok, type ServiceResult } from './result.js';

/** A refusal thrown out of the transaction, so that the works orphaned before it roll back too. */
class Refused extends Error {
  constructor(readonly result: ServiceResult<never>) {
    super('refused');
  }
}

/** Works orphaned by one request: each rebuilds its search text, so a larger backlog goes in parts. */
export const ORPHAN_MAX_WORKS = 500;

/** The viewer's posted works (ids, oldest first), at most one more than the limit. */
export async function orphanableWorkIds(db: Kysely<DB>, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('creatorships')
    .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
    .innerJoin('works', 'works.id', 'creatorships.work_id')
    .select('works.id')
    .distinct()
    .where('pseuds.user_id', '=', userId)
    .where('works.posted', '=', 1)
    .orderBy('works.id')
    .limit(ORPHAN_MAX_WORKS + 1)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Orphans works: the viewer's credit on each goes to the orphan account, under its own pseud or,
 * with `keepPseudName`, a pseud of the orphan account named as theirs was. The works stay, with
 * their kudos, comments and bookmarks; only who they are credited to changes. All or nothing.
 */
export async function orphanWorks(
  db: Kysely<DB>,
  viewer: Viewer,
  input: { workIds: readonly number[]; keepPseudName: boolean },
  now = new Date(),
): Promise<ServiceResult<{ titles: string[] }>> {
  if (input.workIds.length > ORPHAN_MAX_WORKS)
    return fail(413, { _: `At most ${ORPHAN_MAX_WORKS} works can be orphaned at once.` });
  try {
    return await db.transaction().execute(async (trx) => {
      const titles: string[] = [];
      for (const id of input.workIds) {
        const work = await loadWork(trx, id);
        if (!work || !canSeeWork(viewer, work)) throw new Refused(NOT_FOUND);
        if (!canOrphanWork(viewer, work))
          throw new Refused(
            fail(
              403,
              work.posted
                ? { _: 'Only a work’s creators can orphan it.' }
                : { _: 'A draft cannot be orphaned: post it or delete it.' },
            ),
          );
        // A creator, so a member.
        const userId = viewer.user!.id;
        const pseud = input.keepPseudName
          ? (work.creators.find((c) => c.userId === userId)?.pseud ?? ORPHAN_ACCOUNT)
          : ORPHAN_ACCOUNT;
        await moveCreditsToOrphan(trx, id, userId, await orphanPseudId(trx, pseud, now.toISOString()));
        await reindexWork(trx, id);
        titles.push(work.title);
      }
      return ok({ titles });
    });
  } catch (e) {
    if (e instanceof Refused) return e.result;
    throw e;
  }
}
