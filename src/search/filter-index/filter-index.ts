import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.js';
import type { ListingScope } from '../../policies/index.js';
import type { ResolvedFilter } from '../resolve-filter.js';
import { isPostgres } from '../../store/dialect.js';
import { TAG_GRAPH_CHANGE, latestChangeSeq } from '../../store/work-changes.store.js';
import { currentReadRoute, onPrimary } from '../../store/read-route.js';
import { readCounts, type WorkCounts } from '../../store/count-changes.store.js';
import { ChangeCursor, type Change } from './change-cursor.js';
import { buildState, estimateBytes, type BuildProgress } from './build.js';
import {
  latestAuditId,
  maxWorkId,
  readChecksum,
  readSizes,
  readTagChecksum,
  readTags,
  readWorks,
  tagsAuditedAfter,
} from './load.js';
import { checksumDiff, stateChecksum, stateTagChecksum } from './checksum.js';
import { evaluate, matches, type IndexAnswer, type PageRequest } from './evaluate.js';
import { facetCounts, type FacetCount } from './facets.js';
import type { IndexState } from './state.js';
import type { WorkRecord } from './records.js';

export interface FilterIndexOptions {
  /** Refuse to build (and leave listings to SQL) when the estimate passes this many bytes. */
  maxBytes?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  onProgress?: BuildProgress;
  /** Rebuild instead of catching up when this many changes are waiting (default 100,000). */
  rebuildBacklog?: number;
  /** Told each time the index becomes ready, and whether it was built or restored from a snapshot. */
  onReady?: (from: 'database' | 'snapshot') => void;
}

/** Where a state is in the change logs (the positions applied of each) and its tag-audit floor. */
export interface IndexPositions {
  work: number;
  counts: number;
  auditFloor: number;
}

/** A state read back from a snapshot (snapshot.ts), with the positions it was caught up to. */
export interface RestoredIndex {
  state: IndexState;
  at: IndexPositions;
  estimatedBytes: number;
}

export type IndexStatus = 'idle' | 'building' | 'ready' | 'refused' | 'failed';

export const DEFAULT_MAX_BYTES = 1536 * 1024 * 1024;
export const REBUILD_BACKLOG = 100_000;
// Audit entries re-read below the newest one seen: a wrangling transaction still open when we read
// commits its entry later under a lower number.
const AUDIT_SLACK = 1000;
const CHANGE_BATCH = 5000;
// Works per checksum read: short enough not to hold SQLite's one connection for long.
const VERIFY_SLICE = 10_000;
const RELOAD_CHUNK = 500;

/**
 * The in-memory filter index of one database: built from the tables, kept current from the change
 * log (work-changes.store.ts) before every answer, and checked against the database's checksum.
 * While it is not ready every method answers undefined, and the caller asks SQL.
 */
export class FilterIndex {
  private state: IndexState | null = null;
  status: IndexStatus = 'idle';
  /** Where this state is in the change log (replaced with each build). */
  private cursor: ChangeCursor | null = null;
  /** Where it is in count_changes: a count change moves the work in the count orders (ADR 010). */
  private countCursor: ChangeCursor | null = null;
  /** Audit entries above this number are read again at each wrangling change (see AUDIT_SLACK). */
  private auditFloor = 0;
  private verifyCursor = 0;
  private building: Promise<boolean> | null = null;
  private held: (() => Promise<void>) | null = null;
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private readonly foldAsciiCase: boolean;
  private stopped = false;
  lastBuild: { ms: number; works: number; estimatedBytes: number; from: 'database' | 'snapshot' } | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: FilterIndexOptions = {},
  ) {
    // SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    this.foldAsciiCase = !isPostgres(db);
  }

  private log(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void {
    this.opts.log?.(level, message, data);
  }

  ready(): boolean {
    return this.status === 'ready' && this.state !== null && !this.stopped;
  }

  /** Stops answering and ends a build in progress at its next page; resolves once it has. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.state = null;
    await this.building;
  }

  /**
   * Builds (or rebuilds) the index; false when refused by the memory budget or failed. Given
   * `restore`, first tries the state it reads (a snapshot, or undefined), caught up from the logs.
   */
  build(restore?: () => Promise<RestoredIndex | undefined>): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    this.building ??= onPrimary(() => this.buildNow(restore)).finally(() => (this.building = null));
    return this.building;
  }

  private async buildNow(restore?: () => Promise<RestoredIndex | undefined>): Promise<boolean> {
    this.state = null;
    this.status = 'building';
    if (restore && (await this.adopt(restore))) return true;
    if (this.stopped) {
      this.status = 'idle';
      return false;
    }
    const started = performance.now();
    try {
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.buildOnce(started);
        if (outcome.done) return outcome.ready;
        // Changes raced the build (or its checksum): once more from the start, then give up.
        if (attempt === 2) throw new Error(outcome.retry);
        this.log('warn', `filter index build retried: ${outcome.retry}`);
      }
    } catch (err) {
      this.state = null;
      this.status = this.stopped ? 'idle' : 'failed';
      if (this.stopped) return false;
      this.log('error', 'filter index build failed; listings stay on SQL', {
        err: err instanceof Error ? err.message : String(err),
      });
      return false;
    }
  }

  /** One build: done (ready, or refused over budget), or why it must be tried again. */
  private async buildOnce(started: number): Promise<{ done: true; ready: boolean } | { done: false; retry: string }> {
    const sizes = await readSizes(this.db);
    const estimated = estimateBytes(sizes);
    const budget = this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (estimated > budget) {
      this.status = 'refused';
      const mb = (n: number) => Math.round(n / 1048576);
      this.log(
        'warn',
        `filter index not built: it would take about ${mb(estimated)} MB, over the budget of ${mb(budget)} MB (QUIRE_INDEX_MAX_MB); listings stay on SQL`,
        { works: sizes.works, links: sizes.links },
      );
      return { done: true, ready: false };
    }
    const latest = await latestChangeSeq(this.db);
    const latestCount = await latestChangeSeq(this.db, 'count_changes');
    const audit = await latestAuditId(this.db);
    const state = await buildState(this.db, sizes, (stage, done, total) => {
      if (this.stopped) throw new Error('stopped');
      this.opts.onProgress?.(stage, done, total);
    });
    // Positions follow commit order (docs/decisions/015): whatever committed after `latest` was
    // read is applied from the log, and nothing can commit behind it.
    this.cursor = new ChangeCursor(latest);
    this.countCursor = new ChangeCursor(latestCount, 'count_changes');
    this.auditFloor = Math.max(0, audit - AUDIT_SLACK);
    this.state = state;
    await this.catchUp();
    if (this.state !== state) return { done: false, retry: 'the change log was pruned while the index was built' };
    const diff = await this.compareAll();
    if (diff && diff.length) {
      this.state = null;
      return { done: false, retry: `checksum differs right after the build: ${diff.join('; ')}` };
    }
    this.status = 'ready';
    const ms = Math.round(performance.now() - started);
    this.lastBuild = { ms, works: sizes.works, estimatedBytes: estimated, from: 'database' };
    this.log('info', 'filter index ready', { ...this.lastBuild });
    this.opts.onReady?.('database');
    return { done: true, ready: true };
  }

  /**
   * Takes a restored state and catches it up from both logs; false (the caller builds) when it
   * cannot be used. Its checksum is compared afterwards, while it answers (start.ts): a whole
   * comparison takes seconds at a million works.
   */
  private async adopt(restore: () => Promise<RestoredIndex | undefined>): Promise<boolean> {
    const started = performance.now();
    try {
      const r = await restore();
      if (!r || this.stopped) return false;
      this.cursor = new ChangeCursor(r.at.work);
      this.countCursor = new ChangeCursor(r.at.counts, 'count_changes');
      this.auditFloor = r.at.auditFloor;
      this.state = r.state;
      await this.catchUp();
      // Pruned or rebuilt meanwhile: whatever replaced it goes on as a build.
      if (this.state !== r.state) return false;
      this.status = 'ready';
      const works = r.state.countOf(r.state.live);
      const ms = Math.round(performance.now() - started);
      this.lastBuild = { ms, works, estimatedBytes: r.estimatedBytes, from: 'snapshot' };
      this.log('info', 'filter index ready from snapshot', {
        ...this.lastBuild,
        caughtUp: { work: this.cursor.position - r.at.work, counts: this.countCursor.position - r.at.counts },
      });
      this.opts.onReady?.('snapshot');
      return true;
    } catch (err) {
      this.state = null;
      this.log('warn', 'filter index snapshot not used; building', {
        err: err instanceof Error ? err.message : String(err),
      });
      return false;
    }
  }

  /**
   * Runs `read` on the state and the positions it is caught up to, in a catch-up's turn: no change
   * is applied until it is done, and catch-ups asked meanwhile wait (the snapshot's copy, tenths of
   * a second at a million works). Undefined when the index is not ready.
   */
  async still<T>(
    read: (from: { state: IndexState; at: IndexPositions; estimatedBytes: number }) => Promise<T>,
  ): Promise<T | undefined> {
    if (this.held) return undefined;
    let result: Promise<T | undefined> = Promise.resolve(undefined);
    this.held = async () => {
      const state = this.ready() ? this.state : null;
      if (!state || !this.cursor || !this.countCursor) return;
      const at = { work: this.cursor.position, counts: this.countCursor.position, auditFloor: this.auditFloor };
      result = read({ state, at, estimatedBytes: this.lastBuild?.estimatedBytes ?? 0 });
      await result.catch(() => undefined);
    };
    // Outside any request: a request's catch-up may be skipped (see catchUp), this one must run.
    await onPrimary(() => this.catchUp()).catch(() => undefined);
    this.held = null;
    return result;
  }

  /**
   * Applies logged changes. Every catch-up goes through here, one at a time (two interleaved runs
   * could apply an older read of a work after a newer one); a caller arriving mid-run gets the next.
   */
  catchUp(): Promise<void> {
    // A request that read the primary's change clock to choose a replica (read-route.ts) needs
    // nothing newer than that clock: when the index has applied it, there is nothing to read.
    const clock = currentReadRoute()?.clock;
    if (clock && (this.cursor?.position ?? -1) >= clock.workGen && (this.countCursor?.position ?? -1) >= clock.countGen)
      return Promise.resolve();
    if (!this.current) {
      // Shared by every request that arrives meanwhile: read from the primary, never one request's replica.
      this.current = onPrimary(() => this.catchUpNow()).finally(() => (this.current = null));
      return this.current;
    }
    this.next ??= this.current.then(
      () => {
        this.next = null;
        return this.catchUp();
      },
      () => {
        this.next = null;
        return this.catchUp();
      },
    );
    return this.next;
  }

  private async catchUpNow(): Promise<void> {
    try {
      if (await this.catchUpLog('work_changes')) await this.catchUpLog('count_changes');
    } finally {
      // A still read (see `still`) waits for the end of a turn; the next turn waits for it.
      const held = this.held;
      this.held = null;
      await held?.();
    }
  }

  /** Applies one log's changes after the cursor; false when it started a rebuild or one began meanwhile. */
  private async catchUpLog(log: 'work_changes' | 'count_changes'): Promise<boolean> {
    // A backlog this large (a `quire reindex`, a bulk import beside the server) is read faster by a
    // rebuild, during which SQL answers, than change by change while every listing waits.
    const backlog = this.opts.rebuildBacklog ?? REBUILD_BACKLOG;
    for (let first = true; ; first = false) {
      const state = this.state;
      const cursor = log === 'work_changes' ? this.cursor : this.countCursor;
      if (!state || !cursor) return false;
      const batch = await cursor.next(this.db, Math.min(CHANGE_BATCH, backlog));
      if (this.state !== state) return false;
      // Only a full first batch can mean a long backlog: the common answer costs one query, not two.
      if (
        first &&
        batch !== 'pruned' &&
        batch.more &&
        this.status === 'ready' &&
        (await latestChangeSeq(this.db, log)) - cursor.position > backlog
      ) {
        this.log(
          'info',
          `filter index is more than ${backlog} changes behind; rebuilding (listings use SQL meanwhile)`,
        );
        this.state = null;
        this.status = 'building';
        void this.build();
        return false;
      }
      if (batch === 'pruned') {
        this.log('warn', 'filter index fell behind the pruned change log; rebuilding');
        this.state = null;
        this.status = 'building';
        void this.build();
        return false;
      }
      if (batch.changes.length === 0) return true;
      if (log === 'count_changes') await this.applyCounts(state, batch.changes);
      else await this.apply(state, batch.changes);
      // A rebuild began meanwhile: its own cursor starts afresh.
      if (this.state !== state) return false;
      batch.commit();
      if (!batch.more) return true;
    }
  }

  /** A count change moves the work in the count orders; its tags and other columns are as they were. */
  private async applyCounts(state: IndexState, changes: Change[]): Promise<void> {
    const ids = [...new Set(changes.map((c) => c.workId))];
    const counts = new Map<number, WorkCounts>();
    for (let i = 0; i < ids.length; i += RELOAD_CHUNK)
      for (const [id, c] of await readCounts(this.db, ids.slice(i, i + RELOAD_CHUNK))) counts.set(id, c);
    if (this.state === state) state.updateCounts(counts);
  }

  private async apply(state: IndexState, changes: Change[]): Promise<void> {
    const workIds = [...new Set(changes.map((c) => c.workId).filter((w) => w !== TAG_GRAPH_CHANGE))];
    const changed = new Map<number, WorkRecord | null>(workIds.map((w) => [w, null]));
    for (let i = 0; i < workIds.length; i += RELOAD_CHUNK) {
      for (const r of await readWorks(this.db, { ids: workIds.slice(i, i + RELOAD_CHUNK) })) changed.set(r.id, r);
    }
    const tagIds = new Set<number>();
    for (const r of changed.values()) if (r) for (const t of r.tags) if (!state.knowsTag(t)) tagIds.add(t);
    if (changes.some((c) => c.workId === TAG_GRAPH_CHANGE)) {
      const audited = await tagsAuditedAfter(this.db, this.auditFloor);
      for (const t of audited.tagIds) tagIds.add(t);
      this.auditFloor = Math.max(this.auditFloor, audited.maxId - AUDIT_SLACK);
    }
    const tags = await readTags(this.db, { ids: [...tagIds] });
    // Everything read: apply in one synchronous step, so no answer sees half of it.
    if (this.state !== state) return;
    if (tags.length) state.setTags(tags);
    if (changed.size) state.replaceWorks(changed);
  }

  /**
   * Differences between the database's checksum of works in (from, to] and the index's; undefined
   * when changes kept arriving while it was read (then nothing can be concluded now).
   */
  private async compareRange(from: number, to: number, withTags: boolean): Promise<string[] | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await latestChangeSeq(this.db);
      const countsBefore = await latestChangeSeq(this.db, 'count_changes');
      const db = await readChecksum(this.db, from, to);
      const tags = withTags ? await readTagChecksum(this.db) : undefined;
      if (
        (await latestChangeSeq(this.db)) !== before ||
        (await latestChangeSeq(this.db, 'count_changes')) !== countsBefore
      )
        continue;
      await this.catchUp();
      const s = this.state;
      if (!s) return undefined;
      if (this.cursor?.position !== before) continue;
      if (this.countCursor?.position !== countsBefore) continue;
      return [
        ...checksumDiff(db, stateChecksum(s, from, to)),
        ...(tags ? checksumDiff(tags, stateTagChecksum(s)) : []),
      ];
    }
    return undefined;
  }

  /** Differences over all works, a slice at a time (empty: agrees; undefined: could not tell). */
  private async compareAll(): Promise<string[] | undefined> {
    const max = await maxWorkId(this.db);
    let conclusive = true;
    for (let from = 0; from < Math.max(max, 1); from += VERIFY_SLICE) {
      const diff = await this.compareRange(from, from + VERIFY_SLICE, from === 0);
      if (diff === undefined) conclusive = false;
      else if (diff.length) return diff;
    }
    return conclusive ? [] : undefined;
  }

  private rebuildAfter(diff: string[]): void {
    this.log('warn', 'filter index disagrees with the database; rebuilding', { diff });
    this.state = null;
    this.status = 'building';
    void this.build();
  }

  /** Compares every work's checksum; on any difference the index is dropped and rebuilt. True when it agreed. */
  async verify(): Promise<boolean> {
    if (!this.ready()) return false;
    const diff = await this.compareAll();
    if (!diff || diff.length === 0) return diff !== undefined;
    this.rebuildAfter(diff);
    return false;
  }

  /** Compares the next slice of works (and, once a round, the tags); rebuilds on a difference. */
  async verifySlice(): Promise<boolean> {
    if (!this.ready()) return false;
    const from = this.verifyCursor;
    const diff = await this.compareRange(from, from + VERIFY_SLICE, from === 0);
    this.verifyCursor = from + VERIFY_SLICE > (this.state?.capacity ?? 0) ? 0 : from + VERIFY_SLICE;
    if (!diff || diff.length === 0) return diff !== undefined;
    this.rebuildAfter(diff);
    return false;
  }

  private async caughtUpState(): Promise<IndexState | undefined> {
    if (!this.ready()) return undefined;
    try {
      await this.catchUp();
    } catch (err) {
      // Nothing was applied, so the index is still whole; this answer comes from SQL, the next tries again.
      this.log('warn', 'filter index could not catch up; answering from SQL', {
        err: err instanceof Error ? err.message : String(err),
      });
      return undefined;
    }
    return this.ready() ? this.state! : undefined;
  }

  /** One page of a listing, or undefined when SQL must answer (not ready, or a query it leaves to SQL). */
  async answer(
    scope: ListingScope,
    resolved: ResolvedFilter,
    page: PageRequest | null,
    withBlocklist = true,
  ): Promise<IndexAnswer | undefined> {
    const s = await this.caughtUpState();
    if (!s) return undefined;
    try {
      return evaluate(s, scope, resolved, page, { withBlocklist, foldAsciiCase: this.foldAsciiCase });
    } catch (err) {
      this.log('error', 'filter index query failed; rebuilding', {
        err: err instanceof Error ? err.message : String(err),
      });
      this.state = null;
      void this.build();
      return undefined;
    }
  }

  /** The sidebar's top tag counts for a listing (blocklist applied), or undefined when SQL must answer. */
  async facets(scope: ListingScope, resolved: ResolvedFilter, limit: number): Promise<FacetCount[] | undefined> {
    const s = await this.caughtUpState();
    if (!s) return undefined;
    const m = matches(s, scope, resolved, { withBlocklist: true, foldAsciiCase: this.foldAsciiCase });
    return m && facetCounts(s, m, limit);
  }

  /** The state itself, caught up (for tests). */
  async caughtUp(): Promise<IndexState | undefined> {
    return this.caughtUpState();
  }

  /** For tests: the state as it is, without catching up. */
  peek(): IndexState | null {
    return this.state;
  }
}
