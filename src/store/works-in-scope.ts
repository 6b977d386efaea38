import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { DB } from './schema.js';
import type { Executor } from './executor.js';
import type { ListingScope } from '../policies/index.js';

type EB = ExpressionBuilder<DB, 'works'>;

/** The work has a creator pseud belonging to one of these users. */
export function byUsers(eb: EB, userIds: number[]) {
  return eb.exists(
    eb
      .selectFrom('creatorships')
      .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
      .select(eb.lit(1).as('one'))
      .whereRef('creatorships.work_id', '=', 'works.id')
      .where('pseuds.user_id', 'in', userIds),
  );
}

/**
 * The works a listing scope (policies/work.policy.ts `listingScope`, `draftsScope`) lets a viewer
 * see, as SQL: every listing of works, and everything counted over visible works (tag suggestions),
 * starts here.
 */
export function worksInScope(db: Executor, scope: ListingScope): SelectQueryBuilder<DB, 'works', object> {
  const q = db.selectFrom('works');
  if (scope.draftsOfUserId !== null) {
    const uid = scope.draftsOfUserId;
    return q.where('works.posted', '=', 0).where((eb) => byUsers(eb, [uid]));
  }
  // A work a moderator hid is listed nowhere, not even to its creators: only its own page shows it to them.
  const posted = q.where('works.posted', '=', 1).where('works.hidden_reason', 'is', null);
  return scope.includeRestricted ? posted : posted.where('works.restricted', '=', 0);
}
