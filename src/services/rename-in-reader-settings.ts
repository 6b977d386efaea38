import type { Executor } from '../store/executor.js';
import { renameBlockedTag, savedFiltersMentioning, updateSavedFilterQuery } from '../store/blocklist.store.js';
import { tagKey } from '../domain/tags.js';

const TAG_PARAMS = new Set(['include', 'exclude']);

/** After a tag rename: exact-name blocks and saved filters that name the tag use the new name. */
export async function renameInReaderSettings(db: Executor, oldName: string, newName: string): Promise<void> {
  await renameBlockedTag(db, tagKey(oldName), newName);
  const oldKey = tagKey(oldName);
  for (const f of await savedFiltersMentioning(db)) {
    const params = new URLSearchParams(f.query);
    let changed = false;
    const next = new URLSearchParams();
    for (const [k, v] of params) {
      if (TAG_PARAMS.has(k) && tagKey(v) === oldKey) {
        next.append(k, newName);
        changed = true;
      } else next.append(k, v);
    }
    if (changed) await updateSavedFilterQuery(db, f.id, next.toString());
  }
}
