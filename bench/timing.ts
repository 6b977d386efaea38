/** Percentiles and a timed-repeat loop for the benchmark suite. */

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
  return { p50: round(percentile(samples, 0.5)), p95: round(percentile(samples, 0.95)), p99: round(percentile(samples, 0.99)) };
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
export async function repeat(fn: () => Promise<unknown>, runs: number, budgetMs: number): Promise<{ samples: number[]; measured: number }> {
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < runs && (samples.length === 0 || performance.now() - start < budgetMs)) samples.push((await timed(fn)).ms);
  const measured = samples.length;
  for (let i = 0; samples.length < runs; i++) samples.push(samples[i % measured]!);
  return { samples, measured };
}
