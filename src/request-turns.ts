import { AsyncResource } from 'node:async_hooks';

/** How the server paces the requests that reach the app (see requestTurns). */
export interface RequestTurns {
  /** Queues a request's start. */
  admit(start: () => void): void;
  /** Tells of a connection just accepted (the server's 'connection' event). */
  accepted(): void;
}

/**
 * Starts the requests that reach the app one per turn of the event loop, in the order they came,
 * and spends turns on accepting while connections are waiting.
 *
 * Why: libuv (1.46, Node 20) accepts one new connection per turn, and a turn reads every ready
 * keep-alive socket and, with better-sqlite3's synchronous queries, runs each request it finds
 * almost to its end. Under 200 busy keep-alive readers a turn took seconds, the accept queue (511)
 * filled and stayed full, and the kernel dropped new visitors' SYNs until their retries timed out.
 * With one request per turn, turns are short; a turn that accepted a connection is followed by an
 * empty one (a few microseconds) until the accept queue is empty or `maxAcceptTurns` in a row have
 * passed, so a new visitor's first request joins the queue as soon as it is sent. An idle server
 * starts a request in the turn it arrived.
 */
export function requestTurns(maxAcceptTurns = 64): RequestTurns {
  const waiting: Array<() => void> = [];
  let head = 0;
  let scheduled = false;
  let acceptedSinceLastTurn = false;
  let acceptTurns = 0;
  const next = () => {
    if (acceptedSinceLastTurn && acceptTurns < maxAcceptTurns) {
      acceptedSinceLastTurn = false;
      acceptTurns++;
      setImmediate(next);
      return;
    }
    acceptedSinceLastTurn = false;
    acceptTurns = 0;
    const start = waiting[head++]!;
    // Dropped from the front in blocks: a queue that never empties under load must not grow.
    if (head === waiting.length || head > 4096) {
      waiting.splice(0, head);
      head = 0;
    }
    // Scheduled before starting, so that a start that throws does not stall the queue.
    if (waiting.length > 0) setImmediate(next);
    else scheduled = false;
    start();
  };
  return {
    admit(start) {
      // Started from a later turn, scheduled by whichever request came first: bound to its own async
      // context, so what a request keeps for itself (its read route, read-route.ts) stays its own.
      waiting.push(AsyncResource.bind(start));
      if (!scheduled) {
        scheduled = true;
        setImmediate(next);
      }
    },
    accepted() {
      acceptedSinceLastTurn = true;
    },
  };
}
