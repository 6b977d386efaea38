import type { Kysely } from 'kysely';
import type { DB, TagRow } from '../store/schema.js';
import { findSynonyms, findTagById, findTagByName } from '../store/tag.store.js';
import { canSeeTag, type Viewer } from '../policies/index.js';
import { countVisibleWorksWithTag } from '../search/works-query.js';

export interface TagInfo {
  tag: TagRow;
  synonymOf: string | null;
  synonyms: string[];
  /** Works this viewer can see with the tag (or, for a canonical tag, its synonyms). */
  workCount: number;
}

/** A tag as this viewer may see it; undefined when it does not exist for them. */
export async function tagInfo(db: Kysely<DB>, viewer: Viewer, name: string): Promise<TagInfo | undefined> {
  const tag = await findTagByName(db, name);
  if (!tag) {
    viewer.decisions.push('tag:missing');
    return undefined;
  }
  const workCount = await countVisibleWorksWithTag(db, viewer, tag.id);
  if (!canSeeTag(viewer, tag, workCount)) return undefined;
  const merger = tag.merger_id !== null ? await findTagById(db, tag.merger_id) : undefined;
  const synonyms = tag.canonical ? (await findSynonyms(db, tag.id)).map((t) => t.name) : [];
  return { tag, synonymOf: merger?.name ?? null, synonyms, workCount };
}
