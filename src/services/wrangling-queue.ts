import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canWrangle, type Viewer } from '../policies/index.js';
import { findTagByName } from '../store/tag.store.js';
import { synonymIds, unwrangledTagsInFandom } from '../store/tag-graph.store.js';
import { listTagAudit, type AuditEntry } from '../store/tag-audit.store.js';
import { fail, ok, type ServiceResult } from './result.js';

/** A fandom's tags that still need wrangling (for wranglers only). */
export async function fandomQueue(
  db: Kysely<DB>,
  viewer: Viewer,
  fandomName: string,
): Promise<ServiceResult<{ fandom: string; tags: Array<{ name: string; type: string; uses: number }> }>> {
  if (!canWrangle(viewer)) return fail(403, { _: 'Only tag wranglers can see the wrangling queue.' });
  const fandom = await findTagByName(db, fandomName);
  if (!fandom || fandom.type !== 'fandom') return fail(404, { _: `There is no fandom “${fandomName}”.` });
  const ids = [fandom.id, ...(await synonymIds(db, [fandom.id]))];
  return ok({ fandom: fandom.name, tags: await unwrangledTagsInFandom(db, ids) });
}

/** The newest wrangling changes across all tags. */
export async function wranglingLog(db: Kysely<DB>, viewer: Viewer): Promise<ServiceResult<AuditEntry[]>> {
  if (!canWrangle(viewer)) return fail(403, { _: 'Only tag wranglers can see the wrangling log.' });
  return ok(await listTagAudit(db, undefined, 200));
}
