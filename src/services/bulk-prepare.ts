import type { Viewer } from '../policies/index.js';
import type { WorkMeta } from '../domain/work-input.js';
import { tagKey, type TagType } from '../domain/tags.js';
import { preparePost, type PostWorkInput, type PreparedPost } from './post-work.js';
import { workTextFields } from './work-text.js';
import type { ServiceResult } from './result.js';

/** One work to post, and who posts it. */
export interface BulkPostItem {
  viewer: Viewer;
  input: PostWorkInput;
}

export type BulkPostResult = ServiceResult<{ workId: number; existing: boolean }>;

/** A work that passed validation, with its sanitized work-level text and its typed tags' keys. */
export interface Ready extends PreparedPost {
  /** Its position in the batch. */
  index: number;
  text: ReturnType<typeof workTextFields>;
  typed: Array<{ type: TagType; name: string; key: string }>;
}

/** A batch after validation: what will be written, and what postWork would refuse, by position. */
export interface PreparedBatch {
  ready: Ready[];
  refused: Array<[number, BulkPostResult]>;
}

/** The typed tags of a work in the order saveWorkTags stores them, with their keys. */
function typedTags(m: WorkMeta): Array<{ type: TagType; name: string; key: string }> {
  const lists: Array<[TagType, string[]]> = [
    ['rating', [m.rating]],
    ['warning', m.warnings],
    ['category', m.categories],
    ['fandom', m.fandoms],
    ['relationship', m.relationships],
    ['character', m.characters],
    ['freeform', m.freeforms],
  ];
  return lists.flatMap(([type, names]) => names.map((name) => ({ type, name, key: tagKey(name) })));
}

/** Validation and sanitizing of a batch, as postWork does them: pure (no database, no shared state). */
export function prepareBatch(items: BulkPostItem[]): PreparedBatch {
  const out: PreparedBatch = { ready: [], refused: [] };
  for (const [index, item] of items.entries()) {
    const p = preparePost(item.viewer, item.input);
    if (!p.ok) out.refused.push([index, p]);
    else out.ready.push({ ...p.value, index, text: workTextFields(p.value.meta), typed: typedTags(p.value.meta) });
  }
  return out;
}
