import type { Executor } from '../store/executor.js';
import type { Exclusions } from '../policies/index.js';
import { listBlockedTagPatterns, listMutedUsers } from '../store/blocklist.store.js';

/** A member's stored blocklist: tag names or wildcard patterns, and muted creators. */
export async function loadExclusions(db: Executor, userId: number): Promise<Exclusions> {
  const [tags, muted] = await Promise.all([listBlockedTagPatterns(db, userId), listMutedUsers(db, userId)]);
  return { tagPatterns: tags.map((t) => t.pattern), mutedUserIds: muted.map((m) => m.id) };
}
