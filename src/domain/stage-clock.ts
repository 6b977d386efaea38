/**
 * Where one request's time goes, by stage (the works query, loading works, the sidebar's counts,
 * rendering, compressing): wall time, awaits included, added up per stage name. Made per request
 * only when the archive runs with QUIRE_SERVER_TIMING=1 (the benchmark's breakdown) and sent as a
 * `Server-Timing` header; otherwise absent, and timing a stage is a plain call.
 */
export class StageClock {
  private readonly spent = new Map<string, number>();

  add(stage: string, ms: number): void {
    this.spent.set(stage, (this.spent.get(stage) ?? 0) + ms);
  }

  /** The header's value: each stage, then the whole request as `total`. */
  header(totalMs: number): string {
    return [...this.spent, ['total', totalMs] as const].map(([k, ms]) => `${k};dur=${ms.toFixed(3)}`).join(', ');
  }
}

/** Runs `fn`, adding its time to `stage` when there is a clock. */
export async function timed<T>(clock: StageClock | undefined, stage: string, fn: () => Promise<T>): Promise<T> {
  if (!clock) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    clock.add(stage, performance.now() - started);
  }
}

/** The same for synchronous work. */
export function timedSync<T>(clock: StageClock | undefined, stage: string, fn: () => T): T {
  if (!clock) return fn();
  const started = performance.now();
  try {
    return fn();
  } finally {
    clock.add(stage, performance.now() - started);
  }
}
