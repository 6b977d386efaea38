import { canSeeSeries, type Viewer } from '../policies/index.js';
import { findSeries, type SeriesRow } from '../store/series.store.js';
import { queryWorks, type WorksPage } from '../search/works-query.js';
import type { SearchState } from '../search/search-state.js';

export interface SeriesPage {
  series: SeriesRow;
  works: WorksPage;
}

/** A series with the page of its works this viewer may see, in series order; undefined when hidden. */
export async function seriesForViewer(
  search: SearchState,
  viewer: Viewer,
  seriesId: number,
  opts: { page: number; showBlocked: boolean },
): Promise<SeriesPage | undefined> {
  const series = await findSeries(search.db, seriesId);
  if (!series) {
    canSeeSeries(viewer, 0);
    return undefined;
  }
  const works = await queryWorks(search, viewer, { seriesId, page: opts.page, showBlocked: opts.showBlocked });
  if (!canSeeSeries(viewer, works.total + works.hiddenByBlocklist)) return undefined;
  return { series, works };
}
