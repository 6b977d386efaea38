/** Command-line options and progress bars shared by bench:corpus and bench. */
import { Presets, SingleBar } from 'cli-progress';
import type { DialectName } from '../src/store/db.js';
import type { CorpusId } from './corpus-db.js';
import type { Progress } from './corpus-load.js';

/** Parses the corpus options shared by bench:corpus and bench (`--works`, `--fulltext-words`, `--seed`, `--tags`). */
export function corpusIdFrom(
  v: {
    works?: string | undefined;
    'fulltext-words'?: string | undefined;
    seed?: string | undefined;
    tags?: string | undefined;
  },
  defaultWorks: number,
): CorpusId {
  const num = (name: string, s: string | undefined, min: number): number | undefined => {
    if (s === undefined) return undefined;
    const n = Number(s.replace(/[_,]/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min} (got “${s}”)`);
    return n;
  };
  return {
    seed: num('seed', v.seed, 0) ?? 1,
    works: num('works', v.works, 100) ?? defaultWorks,
    textWords: num('fulltext-words', v['fulltext-words'], 0),
    tags: num('tags', v.tags, 100),
  };
}

export function dialectFrom(s: string | undefined): DialectName {
  if (s === undefined || s === 'sqlite' || s === 'postgres') return s ?? 'sqlite';
  throw new Error(`--dialect must be sqlite or postgres (got “${s}”)`);
}

/** `--nodes N`: the cluster suite runs two nodes on PostgreSQL (a primary and its replica), nothing else. */
export function clusterNodesFrom(nodes: string, dialect: string | undefined): number {
  if (nodes !== '2' || dialect !== 'postgres')
    throw new Error(
      `--nodes is measured with 2 nodes on PostgreSQL only: use --nodes 2 --dialect postgres (got --nodes ${nodes}${dialect ? ` --dialect ${dialect}` : ', no --dialect'})`,
    );
  return 2;
}

/** A progress bar per loading stage, with works/s on the works stage. */
export function progressBars(): { onProgress: Progress; stop: () => void } {
  let bar: SingleBar | undefined;
  let stage = '';
  let started = 0;
  const onProgress: Progress = (s, done, total) => {
    if (s !== stage) {
      bar?.stop();
      stage = s;
      started = performance.now();
      bar = new SingleBar(
        {
          format: `${s.padEnd(12)} [{bar}] {percentage}% {value}/{total} {rate}/s {duration_formatted}`,
          noTTYOutput: true,
          notTTYSchedule: 10_000,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0, { rate: 0 });
    }
    const secs = (performance.now() - started) / 1000;
    bar?.update(done, { rate: secs > 0 ? Math.round(done / secs) : 0 });
  };
  return { onProgress, stop: () => bar?.stop() };
}
