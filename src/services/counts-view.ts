import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { readCounts, NO_COUNTS, type WorkCounts } from '../store/count-changes.store.js';
import { changesSince, latestChangeSeq } from '../store/work-changes.store.js';
import { onPrimary, readsAtLeast } from '../store/read-route.js';

// Works whose counts are remembered; past this the oldest half is forgotten.
const MAX_REMEMBERED = 200_000;
// Count changes read per refresh; a longer backlog forgets everything remembered instead.
const BATCH = 10_000;

/**
 * The counts pages show (ADR 010), one view per server process, made in main.ts. A page asks for the
 * counts of the works it shows (`of`), read in one query and remembered until `refresh` reads a
 * count change for the work in `count_changes`, which every process writes to. main.ts refreshes
 * every second; `of` refreshes first when the last refresh is older than that. Listeners hear which
 * works changed, so the shared guest pages that show them can be dropped.
 */
export class CountsView {
  private readonly remembered = new Map<number, WorkCounts>();
  private cursor: number | undefined;
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;
  private readonly listeners: Array<(workIds: number[], all: boolean) => void> = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxAgeMs = 1000,
  ) {}

  /** Called with the works whose counts changed (`all`: too many to name; forget every page that shows counts). */
  onChange(listener: (workIds: number[], all: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** The counts of these works, as of the last refresh (zero for a work not found). */
  async of(ids: readonly number[]): Promise<Map<number, WorkCounts>> {
    if (Date.now() - this.lastRefresh >= this.maxAgeMs) await this.refresh();
    const out = new Map<number, WorkCounts>();
    const missing = ids.filter((id) => {
      const known = this.remembered.get(id);
      if (known) out.set(id, known);
      return !known;
    });
    if (missing.length) {
      const cursor = this.cursor;
      const read = await readCounts(this.db, missing);
      // Remembered for every request after this one, so only if read where every count change the
      // cursor has passed is already in (not on a replica further behind: docs/decisions/015).
      const keep = cursor !== undefined && readsAtLeast(cursor);
      if (keep && this.remembered.size + read.size > MAX_REMEMBERED) this.forgetOldest();
      for (const id of missing) {
        const c = read.get(id) ?? NO_COUNTS;
        out.set(id, c);
        if (keep) this.remembered.set(id, c);
      }
    }
    return out;
  }

  /** Forgets the remembered counts of works that changed since the last look, and tells the listeners. */
  refresh(): Promise<void> {
    // Callers arriving during a refresh share it.
    this.refreshing ??= onPrimary(() => this.readChanges()).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** This process changed these works' counts: forget them now, not at the next refresh. */
  changed(workIds: readonly number[]): void {
    for (const id of workIds) this.remembered.delete(id);
    this.tell([...workIds], false);
  }

  private async readChanges(): Promise<void> {
    this.lastRefresh = Date.now();
    if (this.cursor === undefined) {
      // Counts read from now on are current: nothing before needs forgetting.
      this.cursor = await latestChangeSeq(this.db, 'count_changes');
      return;
    }
    // Positions follow commit order (docs/decisions/015): nothing commits behind the cursor.
    const rows = await changesSince(this.db, this.cursor, BATCH, 'count_changes');
    if (rows.length >= BATCH) {
      // A backlog longer than a batch (a recount, an import): start afresh.
      this.remembered.clear();
      this.cursor = await latestChangeSeq(this.db, 'count_changes');
      this.tell([], true);
      return;
    }
    if (rows.length === 0) return;
    this.cursor = rows[rows.length - 1]!.seq;
    const ids = [...new Set(rows.map((r) => r.workId))];
    for (const id of ids) this.remembered.delete(id);
    this.tell(ids, false);
  }

  private tell(ids: number[], all: boolean): void {
    for (const l of this.listeners) l(ids, all);
  }

  private forgetOldest(): void {
    let n = Math.floor(this.remembered.size / 2);
    for (const id of this.remembered.keys()) {
      if (n-- <= 0) break;
      this.remembered.delete(id);
    }
  }
}
