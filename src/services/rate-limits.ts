import crypto from 'node:crypto';
import { z } from 'zod';
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
  /** Per hour: accounts made from one address on the sign-up form. */
  signupsPerAddress: number;
  /** Per hour: works (posted or saved as drafts) and chapters added by one account on the site. */
  worksPerAccount: number;
  chaptersPerAccount: number;
  /**
   * Per hour: reset links asked for from one client address, and to one mail address (so that the
   * form cannot be used to flood somebody's mailbox; the address is kept as a hash in the counts).
   */
  resetsPerAddress: number;
  resetsPerEmail: number;
  /** Per hour: reports sent by one account, and by guests from one address. */
  reportsPerAccount: number;
  reportsPerAddress: number;
}

/** Generous for a reader, tight for a script: AO3 readers rarely comment more than once a minute. */
export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({
  windowSeconds: 60,
  commentsPerAccount: 10,
  commentsPerAddress: 20,
  kudosPerAccount: 120,
  kudosPerAddress: 60,
  // A household or a school may sign up several readers in an hour; a script signs up hundreds.
  signupsPerAddress: 10,
  // A writer moving a backlog over uses `quire import`, which these do not bound.
  worksPerAccount: 30,
  chaptersPerAccount: 120,
  resetsPerAddress: 10,
  resetsPerEmail: 3,
  // A reader who finds a spammer's trail reports a few things in a row; a script reports hundreds.
  reportsPerAccount: 20,
  reportsPerAddress: 10,
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
  signupsPerAddress: Infinity,
  worksPerAccount: Infinity,
  chaptersPerAccount: Infinity,
  resetsPerAddress: Infinity,
  resetsPerEmail: Infinity,
  reportsPerAccount: Infinity,
  reportsPerAddress: Infinity,
});

/** Counts one more request for `key` in this hour's window (shared by every process); the count so far. */
export function countThisHour(db: Executor, key: string, nowMs = Date.now()): Promise<number> {
  return countRequest(db, key, Math.floor(nowMs / 3_600_000) * 3600);
}

/** Counts one reset request from `address` for `email`; true when either is over its limit. */
export async function overResetLimit(
  db: Executor,
  limits: RateLimits,
  who: { address: string; email: string },
  nowMs = Date.now(),
): Promise<boolean> {
  const emailKey = crypto.createHash('sha256').update(who.email.trim().toLowerCase()).digest('hex').slice(0, 32);
  const fromHere = await countThisHour(db, `reset:ip:${who.address}`, nowMs);
  const toThere = await countThisHour(db, `reset:email:${emailKey}`, nowMs);
  return fromHere > limits.resetsPerAddress || toThere > limits.resetsPerEmail;
}

/** What the hourly limits bound, and by what: an address for sign-ups, an account for posting. */
const HOURLY = {
  signup: 'signupsPerAddress',
  work: 'worksPerAccount',
  chapter: 'chaptersPerAccount',
  report: 'reportsPerAccount',
  guestReport: 'reportsPerAddress',
} as const satisfies Record<string, keyof RateLimits>;

export type HourlyAction = keyof typeof HOURLY;

/** Counts one `action` by `who` (a client address for sign-ups, an account id otherwise) this hour; true when over its limit. */
export async function overHourlyLimit(
  db: Executor,
  limits: RateLimits,
  action: HourlyAction,
  who: string | number,
  nowMs = Date.now(),
): Promise<boolean> {
  const max = limits[HOURLY[action]];
  if (max === Infinity) return false;
  return (await countThisHour(db, `${action}:${typeof who === 'number' ? 'u' : 'ip'}:${who}`, nowMs)) > max;
}

/** What a page over an hourly limit says. */
export const TOO_MANY_PER_HOUR: Record<HourlyAction, string> = {
  signup: 'Too many accounts were made from here in the last hour. Try again later.',
  work: 'You have posted as many works as one account may in an hour. Your text is still in the form: try again later.',
  chapter:
    'You have added as many chapters as one account may in an hour. Your text is still in the form: try again later.',
  report:
    'You have sent as many reports as one account may in an hour. Your report is still in the form: try again later.',
  guestReport:
    'Too many reports were sent from here in the last hour. Your report is still in the form: try again later.',
};

const Override = z
  .object(
    Object.fromEntries(
      (Object.keys(DEFAULT_RATE_LIMITS) as Array<keyof RateLimits>).map((k) => [
        k,
        z.number().int().positive().optional(),
      ]),
    ) as Record<keyof RateLimits, z.ZodOptional<z.ZodNumber>>,
  )
  .strict();

/** The limits with QUIRE_RATE_LIMITS's changes (JSON: names as in RateLimits, whole numbers); throws saying what is wrong. */
export function rateLimitsFrom(json: string | undefined): RateLimits {
  if (!json) return DEFAULT_RATE_LIMITS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('QUIRE_RATE_LIMITS must be JSON, e.g. {"commentsPerAccount":20}.');
  }
  const r = Override.safeParse(parsed);
  if (!r.success)
    throw new Error(
      `QUIRE_RATE_LIMITS: ${r.error.issues.map((i) => `${i.path.join('.') || i.message}: ${i.message}`).join('; ')}. Names: ${Object.keys(DEFAULT_RATE_LIMITS).join(', ')}.`,
    );
  const set = Object.fromEntries(Object.entries(r.data).filter(([, v]) => v !== undefined));
  return Object.freeze({ ...DEFAULT_RATE_LIMITS, ...set });
}
