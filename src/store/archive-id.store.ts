import crypto from 'node:crypto';
import type { Executor } from './executor.js';
import { ensureSetting, getSetting } from './settings.store.js';

const ARCHIVE_ID = 'archive_id';

/**
 * This archive's identity: a random UUID made the first time it is asked for, kept in `settings`,
 * so that a file made from this database (the filter index's snapshot) is not used with another.
 */
export async function archiveId(db: Executor): Promise<string> {
  return (await getSetting(db, ARCHIVE_ID)) ?? (await ensureSetting(db, ARCHIVE_ID, crypto.randomUUID()));
}
