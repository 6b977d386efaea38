/** Percentiles and a timed-repeat loop for the benchmark suite. */
import fs from 'node:fs';

/** Nearest-rank percentile (p in 0..1) of unsorted samples; NaN when there are none. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
}

export interface Spread {
  p50: number;
  p95: number;
  p99: number;
}

export const round = (ms: number, digits = 2): number => Math.round(ms * 10 ** digits) / 10 ** digits;

export function spread(samples: number[]): Spread {
  return {
    p50: round(percentile(samples, 0.5)),
    p95: round(percentile(samples, 0.95)),
    p99: round(percentile(samples, 0.99)),
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/**
 * `runs` timings of `fn` (after the caller's warm-up), stopping early once `budgetMs` is spent; the
 * samples taken then stand for the missing ones (repeated in turn), so that a slow query weighs as
 * much as a fast one in the suite's percentiles instead of dropping out of them.
 */
export async function repeat(
  fn: () => Promise<unknown>,
  runs: number,
  budgetMs: number,
): Promise<{ samples: number[]; measured: number }> {
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < runs && (samples.length === 0 || performance.now() - start < budgetMs))
    samples.push((await timed(fn)).ms);
  const measured = samples.length;
  for (let i = 0; samples.length < runs; i++) samples.push(samples[i % measured]!);
  return { samples, measured };
}

/** CPU ticks used so far by this process's threads other than the main one; undefined off Linux. */
function helperTicks(): number | undefined {
  try {
    let n = 0;
    for (const tid of fs.readdirSync('/proc/self/task')) {
      if (Number(tid) === process.pid) continue;
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const f = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      n += Number(f[11]) + Number(f[12]);
    }
    return n;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A full garbage collection when node runs with --expose-gc (`npm run bench` does), then a wait
 * until V8's helper threads stop using CPU. The forced collection leaves concurrent sweeping behind
 * (about 170 ms of helper CPU per collection at 100k works), and on two cores those threads took the main
 * thread's core for a scheduler tick (~4 ms) every few runs: the harness's cost, landing in the
 * samples of whatever query ran next. A server is never told to collect everything before a request.
 */
export async function collectAndSettle(maxWaitMs = 3000): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  const start = performance.now();
  let last = helperTicks();
  if (last === undefined) {
    await sleep(250);
    return;
  }
  let quiet = 0;
  while (quiet < 2 && performance.now() - start < maxWaitMs) {
    await sleep(30);
    const now = helperTicks()!;
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}
