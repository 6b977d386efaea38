import type { Executor } from '../store/executor.js';
import type { WorkMeta } from '../domain/work-input.js';
import { findOrCreateTags } from '../store/tag.store.js';
import { replaceWorkTags } from '../store/work.store.js';

/** Stores a work's typed tags in display order: rating, warnings, categories, then free tags. */
export async function saveWorkTags(db: Executor, workId: number, m: WorkMeta, now: string): Promise<void> {
  const ids = [
    ...(await findOrCreateTags(db, 'rating', [m.rating], now)),
    ...(await findOrCreateTags(db, 'warning', m.warnings, now)),
    ...(await findOrCreateTags(db, 'category', m.categories, now)),
    ...(await findOrCreateTags(db, 'fandom', m.fandoms, now)),
    ...(await findOrCreateTags(db, 'relationship', m.relationships, now)),
    ...(await findOrCreateTags(db, 'character', m.characters, now)),
    ...(await findOrCreateTags(db, 'freeform', m.freeforms, now)),
  ];
  await replaceWorkTags(db, workId, ids);
}
