import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { purgeSessions } from './sessions.js';
import { LOGIN_WINDOW_MS } from './log-in.js';
import { purgeLoginFailures } from '../store/login-attempt.store.js';
import { pruneChangeLog } from '../store/work-changes.store.js';
import { pruneHits } from '../store/hits.store.js';
import { pruneRateLimits } from '../store/rate-limit.store.js';
import { pruneDoneJobs } from '../store/job.store.js';
import { pruneAccountTokens } from '../store/account-token.store.js';
import { pruneDataExports } from './data-export.js';
import { claimChore } from '../store/chore.store.js';

export const CLEAN_UP_EVERY_MS = 3_600_000;

/**
 * The hourly clean-up: expired sessions, old failed log-ins, change-log and count-log rows older
 * than a day, hit rows older than two, rate-limit windows older than a day, jobs done more than a
 * day ago, mailed links a day past their expiry, and data exports a week old with their zips.
 */
export async function cleanUp(db: Kysely<DB>, now = new Date()): Promise<void> {
  const t = now.getTime();
  const dayAgo = new Date(t - 86_400_000).toISOString();
  await purgeSessions(db);
  await purgeLoginFailures(db, new Date(t - LOGIN_WINDOW_MS).toISOString());
  await pruneChangeLog(db, dayAgo);
  await pruneChangeLog(db, dayAgo, 'count_changes');
  await pruneHits(db, new Date(t - 2 * 86_400_000).toISOString().slice(0, 10));
  await pruneRateLimits(db, Math.floor(t / 1000) - 86_400);
  await pruneDoneJobs(db, dayAgo);
  await pruneAccountTokens(db, dayAgo);
  await pruneDataExports(db, now);
}

/**
 * Runs the clean-up if no process on this database ran it within the hour: every process's timer
 * asks, one does it (several nodes on one PostgreSQL, or `quire serve` twice on one SQLite file).
 * True when this process ran it.
 */
export async function cleanUpIfDue(db: Kysely<DB>, now = new Date()): Promise<boolean> {
  if (!(await claimChore(db, 'clean-up', CLEAN_UP_EVERY_MS, now))) return false;
  await cleanUp(db, now);
  return true;
}
