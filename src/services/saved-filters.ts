import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canManageAccount, type Viewer } from '../policies/index.js';
import { deleteSavedFilter, insertSavedFilter, listSavedFilters } from '../store/blocklist.store.js';
import { filterToParams, parseWorksFilter } from '../search/works-filter.js';
import { FORBIDDEN, fail, nowIso, ok, type ServiceResult } from './result.js';

export const MAX_SAVED_FILTERS = 100;

export async function savedFilters(
  db: Kysely<DB>,
  viewer: Viewer,
): Promise<ServiceResult<Array<{ id: number; name: string; query: string }>>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  return ok(await listSavedFilters(db, id));
}

/** Saves the filter in `query` (a /works query string) under a name; the page number is not kept. A filter already saved is refused (409). */
export async function saveFilter(
  db: Kysely<DB>,
  viewer: Viewer,
  name: string,
  query: string,
): Promise<ServiceResult<{ id: number }>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  const clean = name.trim();
  if (!clean || clean.length > 100) return fail(400, { name: 'Give the filter a name of 1–100 characters.' });
  const { filter } = parseWorksFilter(new URLSearchParams(query));
  delete filter.page;
  delete filter.showBlocked;
  const normalised = filterToParams(filter).toString();
  const saved = await listSavedFilters(db, id);
  // The same filter twice would only be two links to one listing.
  const same = saved.find((f) => f.query === normalised);
  if (same) return fail(409, { name: `You already saved this filter as “${same.name}”.` });
  if (saved.length >= MAX_SAVED_FILTERS)
    return fail(400, { name: `You can keep at most ${MAX_SAVED_FILTERS} saved filters.` });
  return ok({ id: await insertSavedFilter(db, id, clean, normalised, nowIso()) });
}

export async function removeSavedFilter(
  db: Kysely<DB>,
  viewer: Viewer,
  filterId: number,
): Promise<ServiceResult<null>> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return FORBIDDEN;
  await deleteSavedFilter(db, id, filterId);
  return ok(null);
}
