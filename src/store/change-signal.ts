import type { Executor } from './executor.js';
import { sqliteHandle, sqliteTurnStamp } from './db.js';
import { latestChangeSeq } from './work-changes.store.js';

/**
 * The change stamp of one database: a value that moves with every committed change to a work or a
 * tag, for the caches that hold until the next one (shared guest pages, tag expansions, listed
 * works, site settings). It is the newest position of the work change log (work-changes.store.ts),
 * which follows commit order on both dialects (docs/decisions/015), so no commit can arrive behind it.
 * Made once per database (search-state.ts) and passed down.
 */
export class ChangeSignal {
  private readonly reader: { now(): string | undefined; read(): Promise<string> };

  constructor(readonly db: Executor) {
    this.reader = stampReader(db);
  }

  /** The stamp as of now. */
  stamp(): Promise<string> {
    const now = this.reader.now();
    return now === undefined ? this.reader.read() : Promise.resolve(now);
  }

  /**
   * The stamp without a promise, where it can be read at once (SQLite, no transaction open on the
   * connection); otherwise undefined, and the caller awaits `stamp`. A cached page's whole answer
   * can then run in the request's own callback.
   */
  stampNow(): string | undefined {
    return this.reader.now();
  }
}

/**
 * Read as the log's newest position (on PostgreSQL one row read by its key). SQLite's is also read
 * with a statement prepared once on the raw connection (Kysely prepares each query anew), at most
 * once per turn of the event loop (turn-stamp.ts). Kysely holds SQLite's one connection for a whole
 * transaction; while one is open the raw connection would see its uncommitted number (which a
 * rollback hands out again), so then the read waits its turn through Kysely like any other query.
 */
function stampReader(db: Executor) {
  const read = async () => String(await latestChangeSeq(db));
  const raw = sqliteHandle(db);
  const turn = sqliteTurnStamp(db);
  const stmt = raw?.prepare('select max(seq) from work_changes').pluck();
  if (!raw || !turn || !stmt) return { now: () => undefined, read };
  const current = () => String(Number(stmt.get() ?? 0));
  return { now: () => (raw.inTransaction ? undefined : turn.get(current)), read };
}
