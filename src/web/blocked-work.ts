import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import type { Work } from '../domain/work.js';
import { mustConfirmBlocked } from '../policies/index.js';
import { findVisibleWork } from '../services/read-work.js';
import { blocklistMatches, readerBlocklist } from '../search/blocked-by.js';

/**
 * The work and what of the reader's blocklist it matches, when the request must first ask "show it
 * anyway?" (no `show_blocked=1`); undefined when it may go on.
 */
export async function blockedWork(
  c: Context<AppEnv>,
  workId: number,
  known?: Work,
): Promise<{ work: Work; matched: string[] } | undefined> {
  const viewer = c.get('viewer');
  const showAnyway = ['1', 'true'].includes(c.req.query('show_blocked') ?? '');
  if (!viewer.user || showAnyway) {
    mustConfirmBlocked(viewer, [], showAnyway);
    return undefined;
  }
  const { db, search } = c.get('deps');
  // The blocklist first: most readers have none, and then the work need not be loaded here.
  const blocklist = await readerBlocklist(search, viewer);
  const work = blocklist ? (known ?? (await findVisibleWork(db, viewer, workId))) : undefined;
  const matched = blocklist && work ? await blocklistMatches(db, blocklist, work) : [];
  const mustConfirm = mustConfirmBlocked(viewer, matched, showAnyway);
  return work && mustConfirm ? { work, matched } : undefined;
}

/** The API's answer to a work its blocklist hides, the API form of the page's notice. */
export const blockedMessage = (matched: readonly string[]) =>
  `This work is hidden by your blocklist (${matched.join(', ')}). Repeat the request with show_blocked=1 to see it anyway.`;
