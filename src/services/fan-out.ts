import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import { memberViewer } from '../policies/index.js';
import type { SearchState } from '../search/search-state.js';
import { queryWorks } from '../search/works-query.js';
import { parseWorksFilter } from '../search/works-filter.js';
import { enqueueJob } from '../store/job.store.js';
import { isPostgres } from '../store/dialect.js';
import { loadWork } from '../store/work.store.js';
import { findUserById } from '../store/user.store.js';
import {
  filterSubscriptionsAfter,
  notifySubscriptionRange,
  subscriptionRangeEnd,
  type SubscriptionKind,
} from '../store/subscription.store.js';
import type { JobHandler } from './job-runner.js';

/** The job that turns a new chapter or a new work into its subscribers' notifications. */
export const FAN_OUT_JOB = 'notify-subscribers';

/** A new chapter of a posted work, or a newly posted work (`chapterId` its first chapter). */
export interface FanOutEvent {
  kind: 'chapter' | 'work';
  workId: number;
  chapterId: number;
}

/**
 * Asks for the notifications of an event; call in the transaction that posts it, so that the job
 * exists exactly when the chapter or work does. Keyed by the event: a retried request adds no job.
 */
export async function enqueueFanOut(trx: Executor, event: FanOutEvent): Promise<void> {
  await enqueueJob(trx, { kind: FAN_OUT_JOB, key: `notify:${event.kind}:${event.chapterId}`, payload: event });
}

export interface FanOutOptions {
  /** Subscriptions turned into notifications per statement (one short transaction each): 5,000 on SQLite, 10,000 on PostgreSQL. */
  stepRows?: number;
  /** Saved filters matched against a new work per step. */
  filterStep?: number;
  /**
   * Commits one step's writes: main.ts passes the commit queue's, so that on SQLite a step's commit
   * is synced to disk from the thread pool rather than on the event loop (ADR 009). Without it each
   * step is a statement of its own, committed with a full sync where it runs.
   */
  commit?: StepCommit;
}

/** Runs a step's writes in a transaction and resolves once they are durable. */
export type StepCommit = <T>(fn: (trx: Executor) => Promise<T>) => Promise<T>;

/**
 * Gives the event loop back for three times as long as it was busy during the last step, at most
 * 150 ms. That busy time counts the step's own statements (SQLite's run on the loop; PostgreSQL's
 * are waited for off it) and the pages served while the step waited on its commit, so under load
 * every rest is the 150 ms cap; on an idle server it is three times the statements' time.
 */
export const breathe = (busyMs: number) =>
  new Promise<void>((r) => setTimeout(r, Math.min(150, Math.max(1, 3 * busyMs))));
/** How long the event loop was busy since `since` (from performance.eventLoopUtilization()). */
export const busySince = (since: EventLoopUtilization) => performance.eventLoopUtilization(since).active;

function readEvent(payload: unknown): FanOutEvent {
  const p = payload as Partial<FanOutEvent> | null;
  if (
    !p ||
    (p.kind !== 'chapter' && p.kind !== 'work') ||
    !Number.isInteger(p.workId) ||
    !Number.isInteger(p.chapterId)
  )
    throw new Error('A notification job needs a kind, a work id and a chapter id.');
  return { kind: p.kind, workId: p.workId!, chapterId: p.chapterId! };
}

/** Every subscription to one target, walked by id range in bounded steps; safe to repeat. */
async function notifyTarget(
  db: Kysely<DB>,
  kind: SubscriptionKind,
  targetId: number,
  event: FanOutEvent,
  at: string,
  stepRows: number,
  commit: StepCommit,
): Promise<number> {
  let afterId = 0;
  let added = 0;
  for (;;) {
    const started = performance.eventLoopUtilization();
    const lastId = await subscriptionRangeEnd(db, kind, targetId, afterId, stepRows);
    if (lastId === undefined) return added;
    const from = afterId;
    added += await commit((trx) =>
      notifySubscriptionRange(trx, { kind, targetId, afterId: from, lastId }, { ...event, at }),
    );
    afterId = lastId;
    await breathe(busySince(started));
  }
}

/**
 * Saved filters that match the new work, as their owner's listing would show it: the newest-posted
 * works of the filter, read through the works query as that member (their blocklist applied).
 */
async function notifyFilters(search: SearchState, event: FanOutEvent, at: string, filterStep: number): Promise<number> {
  let afterId = 0;
  let added = 0;
  for (;;) {
    const started = performance.eventLoopUtilization();
    const subs = await filterSubscriptionsAfter(search.db, afterId, filterStep);
    if (subs.length === 0) return added;
    for (const s of subs) {
      const owner = await findUserById(search.db, s.userId);
      if (!owner) continue;
      const viewer = memberViewer({
        id: owner.id,
        username: owner.username,
        isAdmin: owner.is_admin === 1,
        viewAdult: owner.view_adult === 1,
      });
      const { filter } = parseWorksFilter(new URLSearchParams(s.query));
      const page = await queryWorks(search, viewer, {
        ...filter,
        showBlocked: false,
        sort: 'published',
        page: 1,
        pageSize: 20,
      });
      if (!page.works.some((w) => w.id === event.workId)) continue;
      added += await notifySubscriptionRange(
        search.db,
        { kind: 'filter', targetId: s.filterId, afterId: s.id - 1, lastId: s.id },
        { ...event, at },
      );
    }
    afterId = subs[subs.length - 1]!.id;
    await breathe(busySince(started));
  }
}

/**
 * The fan-out job's handler (registered in main.ts). A new chapter notifies the work's
 * subscribers; a new work notifies its creators' and its series' subscribers and the saved
 * filters it matches. A draft or deleted work notifies no one. Each step is one INSERT … SELECT of
 * a range of subscriptions, skipping notifications already stored, so a run repeated after a crash
 * stores nothing twice. Whether a subscriber may see the work is judged when the notification is
 * shown (services/notifications.ts), so later blocks and edits apply too.
 */
export function fanOutHandler(search: SearchState, opts: FanOutOptions = {}): JobHandler {
  // SQLite's statements hold the event loop (5,000 rows about 25 ms), and each step then waits on the
  // commit queue's window and sync: fewer, longer steps keep the fan-out within seconds. PostgreSQL's
  // run off the loop: longer still.
  const stepRows = opts.stepRows ?? (isPostgres(search.db) ? 10_000 : 5_000);
  const filterStep = opts.filterStep ?? 10;
  const commit: StepCommit = opts.commit ?? ((fn) => fn(search.db));
  return async (payload) => {
    const event = readEvent(payload);
    const work = await loadWork(search.db, event.workId);
    // A work hidden by a moderator before its notifications went out tells no one.
    if (!work || !work.posted || work.hiddenReason !== null || !work.chapters.some((c) => c.id === event.chapterId))
      return;
    const at = new Date().toISOString();
    const targets: Array<[SubscriptionKind, number]> =
      event.kind === 'chapter'
        ? [['work', work.id]]
        : [
            ...[...new Set(work.creators.map((c) => c.userId))].map((id): [SubscriptionKind, number] => ['user', id]),
            ...work.series.map((s): [SubscriptionKind, number] => ['series', s.id]),
          ];
    for (const [kind, targetId] of targets) await notifyTarget(search.db, kind, targetId, event, at, stepRows, commit);
    if (event.kind === 'work') await notifyFilters(search, event, at, filterStep);
  };
}
