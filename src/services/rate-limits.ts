import type { Executor } from '../store/executor.js';
import { countRequest } from '../store/rate-limit.store.js';

/** How many comments and kudos one account or one client address may send per window. */
export interface RateLimits {
  windowSeconds: number;
  commentsPerAccount: number;
  commentsPerAddress: number;
  kudosPerAccount: number;
  /** Guests' kudos: each guest session may leave one per work, so the address is what bounds them. */
  kudosPerAddress: number;
}

/** Generous for a reader, tight for a script: AO3 readers rarely comment more than once a minute. */
export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({
  windowSeconds: 60,
  commentsPerAccount: 10,
  commentsPerAddress: 20,
  kudosPerAccount: 120,
  kudosPerAddress: 60,
});

export type LimitedAction = 'comment' | 'kudos';

/**
 * Counts one request of `action` by this member (or guest) from this address and says whether it
 * is over a limit. Counted in the database, so every server process shares the limits.
 */
export async function overRateLimit(
  db: Executor,
  limits: RateLimits,
  action: LimitedAction,
  who: { userId: number | null; address: string },
  nowMs = Date.now(),
): Promise<boolean> {
  const window = Math.floor(nowMs / 1000 / limits.windowSeconds) * limits.windowSeconds;
  if (who.userId !== null) {
    const max = action === 'comment' ? limits.commentsPerAccount : limits.kudosPerAccount;
    if ((await countRequest(db, `${action}:u:${who.userId}`, window)) > max) return true;
    // A member's kudos are bounded by their account alone: many members may share one address.
    if (action === 'kudos') return false;
  }
  const max = action === 'comment' ? limits.commentsPerAddress : limits.kudosPerAddress;
  return (await countRequest(db, `${action}:ip:${who.address}`, window)) > max;
}

export const TOO_FAST = {
  comment: 'You are commenting too fast. Wait a minute and send it again: your comment is still in the form.',
  kudos: 'Too many kudos from here just now. Wait a minute and try again.',
} as const;

/** For tools that act for many readers at once (the benchmark's and tests' generated activity). */
export const NO_RATE_LIMITS: RateLimits = Object.freeze({
  windowSeconds: 60,
  commentsPerAccount: Infinity,
  commentsPerAddress: Infinity,
  kudosPerAccount: Infinity,
  kudosPerAddress: Infinity,
});
