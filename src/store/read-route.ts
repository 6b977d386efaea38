import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one request may read from a replica (docs/decisions/015), kept for the request's whole async
 * life by main.ts's listener. A replica serves the request's reads only if it has replayed both
 * every change logged on the primary before the request's first read (`minGen`, read from the
 * primary's change clock then) and this browser's own last write (`minLsn`, from the cookie set
 * after it). Once the request writes, the rest of it reads the primary.
 */
export interface ReadRoute {
  /** The primary's WAL position after this browser's last write, from its cookie. */
  readonly minLsn: bigint;
  /** Set once anything but a read went to the primary. */
  wrote: boolean;
  /** Where this request's reads go, decided at its first read: a replica's index, or -1 for the primary. */
  decided?: Promise<number>;
  /** The primary's change clock as read for the decision. */
  clock?: ChangePositions;
  /** When a replica was chosen: how far it had replayed the change logs at least (its last check). */
  replicaFloor?: ChangePositions;
}

/** The newest positions of the two change logs (work-changes.store.ts). */
export interface ChangePositions {
  workGen: number;
  countGen: number;
}

const routes = new AsyncLocalStorage<ReadRoute>();

/** Runs a request with its read route. */
export function withReadRoute<T>(minLsn: bigint, fn: () => T): T {
  return routes.run({ minLsn, wrote: false }, fn);
}

/** The current request's read route, if it runs with one. */
export function currentReadRoute(): ReadRoute | undefined {
  return routes.getStore();
}

/**
 * Whether what this request read is at least as new as position `countGen` of the count log: true
 * outside requests and when it read the primary; on a replica, when the replica had replayed that far.
 */
export function readsAtLeast(countGen: number): boolean {
  const floor = routes.getStore()?.replicaFloor;
  return floor === undefined || floor.countGen >= countGen;
}

/**
 * Runs `fn` as if outside any request: its reads go to the primary. For state shared by requests
 * (the filter index's catch-up, the counts view), which must not be filled from one request's
 * replica and then served to a later request that must see more.
 */
export function onPrimary<T>(fn: () => T): T {
  return routes.exit(fn);
}

/** The cookie that carries a browser's last write position. */
export const READ_YOUR_WRITES_COOKIE = 'quire_wrote';

/** A PostgreSQL LSN ("16/B374D848") as a number; 0 for anything else. */
export function parseLsn(text: string | undefined | null): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : 0n;
}

const WROTE_IN_COOKIE = new RegExp(`(?:^|;\\s*)${READ_YOUR_WRITES_COOKIE}=([0-9A-Fa-f/]+)`);

/** The write position in a Cookie header, 0 when absent. */
export function lsnFromCookieHeader(header: string | undefined): bigint {
  if (!header || !header.includes(READ_YOUR_WRITES_COOKIE)) return 0n;
  return parseLsn(WROTE_IN_COOKIE.exec(header)?.[1]);
}
