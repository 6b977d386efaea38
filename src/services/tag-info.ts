import type { Kysely } from 'kysely';
import type { DB, TagRow } from '../store/schema.js';
import { autocompleteTags, findSynonyms, findTagById, findTagByName } from '../store/tag.store.js';
import { directMetaTags, directSubTags, parentFandoms } from '../store/tag-graph.store.js';
import { listTagAudit, type AuditEntry } from '../store/tag-audit.store.js';
import { canSeeTag, canWrangle, listingScope, type Viewer } from '../policies/index.js';
import { countVisibleWorksWithTag } from '../search/works-query.js';
import type { SearchState } from '../search/search-state.js';

export interface TagInfo {
  tag: TagRow;
  synonymOf: string | null;
  synonyms: string[];
  metaTags: string[];
  subTags: string[];
  parentFandoms: string[];
  /** Works this viewer can see with the tag as a filter finds them (synonyms, sub tags), after their blocklist. */
  workCount: number;
  /** Works with the tag that the viewer's blocklist hides. */
  hiddenByBlocklist: number;
  /** Wranglers see the tag's change history. */
  audit: AuditEntry[] | null;
}

/** A tag as this viewer may see it; undefined when it does not exist for them. */
export async function tagInfo(search: SearchState, viewer: Viewer, name: string): Promise<TagInfo | undefined> {
  const { db } = search;
  const tag = await findTagByName(db, name);
  if (!tag) {
    viewer.decisions.push('tag:missing');
    return undefined;
  }
  const counted = await countVisibleWorksWithTag(search, viewer, tag.id);
  // A tag the reader blocked still exists for them: they may look it up and unblock it.
  if (!canSeeTag(viewer, tag, counted.total + counted.hiddenByBlocklist)) return undefined;
  const merger = tag.merger_id !== null ? await findTagById(db, tag.merger_id) : undefined;
  const [synonyms, metas, subs, parents] = await Promise.all([
    tag.canonical ? findSynonyms(db, tag.id) : Promise.resolve([]),
    directMetaTags(db, tag.id),
    directSubTags(db, tag.id),
    parentFandoms(db, tag.id),
  ]);
  return {
    tag,
    synonymOf: merger?.name ?? null,
    synonyms: synonyms.map((t) => t.name),
    metaTags: metas.map((t) => t.name),
    subTags: subs.map((t) => t.name),
    parentFandoms: parents.map((t) => t.name),
    workCount: counted.total,
    hiddenByBlocklist: counted.hiddenByBlocklist,
    audit: canWrangle(viewer) ? await listTagAudit(db, tag.id, 50) : null,
  };
}

/** Names for the posting form's autocomplete: canonical tags first. */
export async function suggestTags(db: Kysely<DB>, viewer: Viewer, prefix: string, type: string | undefined) {
  const scope = listingScope(viewer);
  if (!prefix.trim()) return [];
  return autocompleteTags(db, prefix, { ...(type ? { type } : {}), scope, limit: 15 });
}
