import pg from 'pg';
import type { CompiledQuery, QueryResult } from 'kysely';
import { isDatabaseUnavailable } from './db-faults.js';
import { parseLsn, type ReadRoute } from './read-route.js';

export interface ReplicaSetOptions {
  /** The primary's pool: its change clock is read once per request that reads a replica. */
  primary: pg.Pool;
  replicas: Array<{ url: string; pool: pg.Pool }>;
  /** A replica further behind than this is skipped. */
  maxLagMs: number;
  log: (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => void;
}

/** What is known of one replica, from its last check. */
interface ReplicaState {
  url: string;
  pool: pg.Pool;
  up: boolean;
  /** Its change clock and replayed WAL position at the last check. */
  workGen: number;
  countGen: number;
  lsn: bigint;
  lagMs: number;
  /** Reads it has served. */
  reads: number;
}

const CLOCK = 'select work_gen, count_gen from change_clock where id = 1';
// On a standby: its clock, what it has replayed, and how far behind that is (0 when it has replayed
// all it received: an idle primary sends nothing, and the last replayed commit's age means nothing).
const REPLICA_STATE = `select work_gen, count_gen, pg_last_wal_replay_lsn()::text as lsn,
  case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
       else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000, 0) end as lag_ms
  from change_clock where id = 1`;

/**
 * The read replicas of a PostgreSQL archive (DATABASE_REPLICA_URLS; docs/decisions/015): which may
 * serve a request's reads, and running a read there. Made by db.ts with the database, watched from
 * main.ts (`watch`): each replica's lag is read every second. A lost one is asked again like any
 * other; its pool (pg-pool.ts) refuses at once while its back-off runs, so asking costs nothing then.
 */
export class ReplicaSet {
  private readonly states: ReplicaState[];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ReplicaSetOptions) {
    this.states = opts.replicas.map((r) => ({
      url: r.url,
      pool: r.pool,
      up: true,
      workGen: -1,
      countGen: -1,
      lsn: 0n,
      lagMs: 0,
      reads: 0,
    }));
  }

  /** Reads each replica's state every `everyMs`, lost ones included. */
  watch(everyMs = 1000): void {
    const round = () => void Promise.all(this.states.map((s) => this.check(s).catch(() => false)));
    round();
    this.timer = setInterval(round, everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Each replica's state, for /readyz and the logs. */
  status(): Array<{ url: string; up: boolean; lagMs: number; reads: number }> {
    return this.states.map((s) => ({ url: redact(s.url), up: s.up, lagMs: Math.round(s.lagMs), reads: s.reads }));
  }

  /**
   * Where the request's reads go: a replica that has replayed what the request must see, or -1 for
   * the primary. The primary's clock is read once for the request; a replica whose last known state
   * is behind it is asked again once.
   */
  decide(route: ReadRoute): Promise<number> {
    route.decided ??= this.pick(route).catch(() => -1);
    return route.decided;
  }

  private async pick(route: ReadRoute): Promise<number> {
    const usable = this.states.map((s, i) => ({ s, i })).filter(({ s }) => s.lagMs <= this.opts.maxLagMs);
    if (usable.length === 0) return -1;
    const clock = (await this.opts.primary.query<{ work_gen: number; count_gen: number }>(CLOCK)).rows[0];
    if (!clock) return -1;
    route.clock = { workGen: Number(clock.work_gen), countGen: Number(clock.count_gen) };
    const caughtUp = (s: ReplicaState) =>
      s.up && s.workGen >= clock.work_gen && s.countGen >= clock.count_gen && s.lsn >= route.minLsn;
    // Take turns among the replicas; the first one caught up (after asking it again) serves.
    const start = this.next++ % usable.length;
    for (let k = 0; k < usable.length; k++) {
      const { s, i } = usable[(start + k) % usable.length]!;
      if (caughtUp(s) || ((await this.check(s)) && caughtUp(s))) {
        route.replicaFloor = { workGen: s.workGen, countGen: s.countGen };
        return i;
      }
    }
    return -1;
  }

  /** Runs a read on replica `i`; undefined when the replica failed (it is then marked down). */
  async read<R>(i: number, q: CompiledQuery): Promise<QueryResult<R> | undefined> {
    const s = this.states[i]!;
    try {
      const r = await s.pool.query(q.sql, q.parameters as unknown[]);
      s.reads++;
      return { rows: r.rows as R[] };
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.markDown(s, err);
      return undefined;
    }
  }

  /** The primary's WAL position now, after a request's writes (for the browser's cookie). */
  async primaryLsn(): Promise<string> {
    const r = await this.opts.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    return r.rows[0]!.lsn;
  }

  /** Reads a replica's state; false when it cannot be reached. */
  private async check(s: ReplicaState): Promise<boolean> {
    try {
      const r = (
        await s.pool.query<{ work_gen: number; count_gen: number; lsn: string | null; lag_ms: number }>(REPLICA_STATE)
      ).rows[0];
      if (!r) return false;
      s.workGen = Number(r.work_gen);
      s.countGen = Number(r.count_gen);
      s.lsn = parseLsn(r.lsn);
      s.lagMs = Number(r.lag_ms);
      if (!s.up) this.opts.log('info', 'a read replica answers again', { replica: redact(s.url) });
      s.up = true;
      return true;
    } catch (err) {
      this.markDown(s, err);
      return false;
    }
  }

  private markDown(s: ReplicaState, err: unknown): void {
    if (s.up)
      this.opts.log('warn', 'a read replica cannot be reached; reads go to the primary until it answers', {
        replica: redact(s.url),
        err: err instanceof Error ? err.message : String(err),
      });
    s.up = false;
  }
}

/** A URL without its password, for logs and /readyz. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'replica';
  }
}
