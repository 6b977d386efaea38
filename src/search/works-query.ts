import type { Executor } from '../store/user.store.js';
import type { Work } from '../domain/work.js';
import { canSeeWork, draftsScope, listingScope, type ListingScope, type Viewer } from '../policies/index.js';
import { loadWorks } from '../store/work.store.js';

export const PAGE_SIZE = 20;
/** Pages past this are refused: deep OFFSET scans cost the database and no reader pages that far. */
export const MAX_PAGE = 5000;

export interface WorksFilter {
  /** Works tagged with this tag or, when it is canonical, with any of its synonyms. */
  tagId?: number;
  /** Works on which this pseud is credited. */
  pseudId?: number;
  /** Works by any pseud of this user. */
  userId?: number;
  /** List the viewer's own drafts of this user instead of posted works. */
  draftsOf?: number;
  page?: number;
  pageSize?: number;
}

export interface WorksPage {
  works: Work[];
  total: number;
  page: number;
  pages: number;
}

/**
 * The one works query: every listing (pages, API, later feeds and catalogs) goes through it.
 * It asks the visibility policy for the viewer itself, so a caller cannot forget to.
 */
export async function queryWorks(db: Executor, viewer: Viewer, filter: WorksFilter = {}): Promise<WorksPage> {
  const scope: ListingScope | undefined = filter.draftsOf !== undefined ? draftsScope(viewer, filter.draftsOf) : listingScope(viewer);
  const pageSize = Math.min(Math.max(filter.pageSize ?? PAGE_SIZE, 1), 100);
  const page = Math.min(Math.max(Math.trunc(filter.page ?? 1), 1), MAX_PAGE);
  if (!scope) return { works: [], total: 0, page, pages: 0 };

  let q = db.selectFrom('works');
  if (scope.draftsOfUserId !== null) {
    const uid = scope.draftsOfUserId;
    q = q.where('works.posted', '=', 0).where((eb) =>
      eb.exists(
        eb
          .selectFrom('creatorships')
          .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
          .select(eb.lit(1).as('one'))
          .whereRef('creatorships.work_id', '=', 'works.id')
          .where('pseuds.user_id', '=', uid),
      ),
    );
  } else {
    q = q.where('works.posted', '=', 1);
    if (!scope.includeRestricted) q = q.where('works.restricted', '=', 0);
  }
  if (filter.tagId !== undefined) {
    const tagId = filter.tagId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('work_tags')
          .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
          .select(eb.lit(1).as('one'))
          .whereRef('work_tags.work_id', '=', 'works.id')
          .where((e) => e.or([e('tags.id', '=', tagId), e('tags.merger_id', '=', tagId)])),
      ),
    );
  }
  if (filter.pseudId !== undefined) {
    const pseudId = filter.pseudId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('creatorships')
          .select(eb.lit(1).as('one'))
          .whereRef('creatorships.work_id', '=', 'works.id')
          .where('creatorships.pseud_id', '=', pseudId),
      ),
    );
  }
  if (filter.userId !== undefined) {
    const userId = filter.userId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('creatorships')
          .innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id')
          .select(eb.lit(1).as('one'))
          .whereRef('creatorships.work_id', '=', 'works.id')
          .where('pseuds.user_id', '=', userId),
      ),
    );
  }

  const countRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(countRow.n);
  const rows = await q
    .select('works.id')
    .orderBy('works.updated_at', 'desc')
    .orderBy('works.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const works = await loadWorks(
    db,
    rows.map((r) => r.id),
  );
  // The SQL above is the rule; this re-check is a second lock on the same door.
  const visible = works.filter((w) => canSeeWork(viewer, w));
  return { works: visible, total, page, pages: Math.ceil(total / pageSize) };
}

/** Counts the works with a tag that this viewer can see. */
export async function countVisibleWorksWithTag(db: Executor, viewer: Viewer, tagId: number): Promise<number> {
  const { total } = await queryWorks(db, viewer, { tagId, pageSize: 1 });
  return total;
}
