/**
 * The load generator, run as its own process by bench/http-suite.ts: autocannon against one URL
 * (or a list of paths, or of whole requests, taken in turn), its figures written to stdout as one
 * JSON line.
 *
 * Why a process of its own: in the bench's process, autocannon shared a heap that had held the
 * corpus, the filter index and the SQL baselines. Its garbage collections then paused the load for
 * tens of milliseconds at a time (p99 55–60 ms on cached pages whose p50 was under 1 ms), and
 * the larger the page, the more often. Here the heap holds nothing but the load.
 *
 * Usage: node --import tsx bench/load-child.ts OPTIONS.json
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import autocannon from 'autocannon';

export interface LoadRequest {
  base: string;
  path: string;
  /** When given, each request takes the next of these paths in turn. */
  paths?: string[];
  connections: number;
  seconds: number;
  /** Request headers sent with every request (Accept-Encoding, as a browser sends it). */
  headers?: Record<string, string>;
  /** What autocannon does with each response body: decode it into a string (its own way), or only count its bytes. */
  body: LoadBody;
  /**
   * When given, each request is the next of these in turn (method, path, its own headers and body),
   * in place of `path`/`paths`: a form post per session and work, say.
   */
  requests?: LoadStep[];
  /** Requests per second across all connections, when the load should be steady rather than as fast as it goes. */
  overallRate?: number;
  /**
   * Seconds of the same load before the measured one, not counted: a load of a second or two is
   * otherwise measured while this process's own code is still being compiled.
   */
  warmUpSeconds?: number;
}

export interface LoadStep {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What one load run writes to stdout. */
export interface LoadResult {
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
  /** Responses per status code. */
  statusCodes: Record<string, number>;
  /** Requests sent from `requests`: more than its length means some were sent twice. */
  sent: number;
}

export type LoadBody = 'decode' | 'count';

/**
 * Stops autocannon from decoding response bodies that nothing here reads.
 *
 * Why: autocannon appends every body chunk to a string (`req.body += chunk`), decoding it as UTF-8,
 * for options (expectBody, verifyBody, onResponse) this suite does not use. For a body with any
 * character beyond ASCII, or a gzipped one, the decode takes V8's slow path, and the load
 * generator's core, not the server, set the figure: a bare node:http server sending an 83 KB listing
 * got 3,381 req/s with its own core a third busy, and 9,237 with the same bytes but its 123
 * non-ASCII characters written as HTML references. Counting leaves autocannon's parser, byte
 * count, latencies and status codes as they are.
 */
function countBodiesOnly(): void {
  const require = createRequire(import.meta.url);
  const queue = (
    require('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody: (data: Buffer) => void } }
  ).prototype;
  if (typeof queue.addBody !== 'function')
    throw new Error(
      'autocannon changed: lib/pipelinedRequestsQueue.js has no addBody to replace (run with --http-load-body decode)',
    );
  queue.addBody = () => undefined;
}

const o = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadRequest;
if (o.body === 'count') countBodiesOnly();
const paths = o.paths;
const steps = o.requests;
let next = 0;
const requests = steps
  ? [
      {
        setupRequest: (req: autocannon.Request) => {
          const step = steps[next++ % steps.length]!;
          return {
            ...req,
            method: step.method,
            path: step.path,
            headers: { ...req.headers, ...step.headers },
            ...(step.body !== undefined ? { body: step.body } : {}),
          };
        },
      },
    ]
  : paths
    ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[next++ % paths.length]! }) }]
    : undefined;
const run = (seconds: number) =>
  autocannon({
    url: o.base + o.path,
    connections: o.connections,
    duration: seconds,
    ...(o.headers ? { headers: o.headers } : {}),
    ...(requests ? { requests } : {}),
    ...(o.overallRate !== undefined ? { overallRate: o.overallRate } : {}),
  });
if (o.warmUpSeconds) await run(o.warmUpSeconds);
// Tells the parent the load begins now (bench/http-suite.ts, load's onStart): starting this process takes a while.
process.stdout.write('started\n');
const r = await run(o.seconds);
const statusCodes: Record<string, number> = {};
for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = v.count ?? 0;
const result: LoadResult = {
  rps: r.requests.average,
  latencyP50Ms: r.latency.p50,
  latencyP99Ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
  statusCodes,
  sent: next,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
