/**
 * The load generator, run as its own process by bench/http-suite.ts: autocannon against one URL
 * (or a list of paths taken in turn), its figures written to stdout as one JSON line.
 *
 * Why a process of its own: in the bench's process, autocannon shared a heap that had held the
 * corpus, the filter index and the SQL baselines. Its garbage collections then paused the load for
 * tens of milliseconds at a time (p99 55–60 ms on cached pages whose p50 was under 1 ms), and
 * the larger the page, the more often. Here the heap holds nothing but the load.
 *
 * Usage: node --import tsx bench/load-child.ts OPTIONS.json
 */
import fs from 'node:fs';
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
}

const o = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as LoadRequest;
const paths = o.paths;
let next = 0;
const requests = paths ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[next++ % paths.length]! }) }] : undefined;
const r = await autocannon({ url: o.base + o.path, connections: o.connections, duration: o.seconds, ...(o.headers ? { headers: o.headers } : {}), ...(requests ? { requests } : {}) });
process.stdout.write(
  `${JSON.stringify({ rps: r.requests.average, latencyP50Ms: r.latency.p50, latencyP99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors })}\n`,
);
