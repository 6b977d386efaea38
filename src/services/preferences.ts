import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { updateViewAdult } from '../store/user.store.js';
import { canManageAccount, type Viewer } from '../policies/index.js';

/** Saves whether the member wants adult works shown without the interstitial. */
export async function setViewAdultPreference(db: Kysely<DB>, viewer: Viewer, viewAdult: boolean): Promise<boolean> {
  const id = viewer.user?.id;
  if (!canManageAccount(viewer, id) || id === undefined) return false;
  await updateViewAdult(db, id, viewAdult);
  return true;
}
