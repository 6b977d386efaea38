// Support for the import fuzz tests (src/formats/import/fuzz-*.test.ts): what every importer call
// must satisfy, and the deterministic mutations that make malformed input.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { ImportError, type PortableWork } from '../../src/formats/portable-work.js';
import { deflateSync } from 'fflate';
import { MAX_IMPORT_FILE_BYTES, importWork } from '../../src/formats/import/index.js';

export const TIMEOUT = 240_000;

export interface Case {
  name: string;
  bytes: Uint8Array;
  why: string;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every(isString);

export function assertWellFormed(w: PortableWork, why: string): void {
  const fail = (what: string): never => assert.fail(`${why}: ${what}`);
  if (!isString(w.title) || w.title.trim() === '') fail('title');
  for (const k of ['summary', 'notes', 'endNotes', 'language'] as const) if (!isString(w[k])) fail(k);
  if (w.rating !== null && !isString(w.rating)) fail('rating');
  for (const k of [
    'creators',
    'warnings',
    'categories',
    'fandoms',
    'relationships',
    'characters',
    'freeforms',
  ] as const)
    if (!isStringArray(w[k])) fail(k);
  if (
    !Array.isArray(w.series) ||
    !w.series.every((s) => isString(s.title) && Number.isSafeInteger(s.position) && s.position >= 1)
  )
    fail('series');
  if (w.publishedAt !== null && !isString(w.publishedAt)) fail('publishedAt');
  if (w.updatedAt !== null && !isString(w.updatedAt)) fail('updatedAt');
  if (w.expectedChapters !== null && !(Number.isSafeInteger(w.expectedChapters) && w.expectedChapters >= 1))
    fail('expectedChapters');
  if (w.sourceId !== undefined && !isString(w.sourceId)) fail('sourceId');
  if (!Array.isArray(w.chapters) || w.chapters.length < 1) fail('chapters');
  for (const c of w.chapters) {
    for (const k of ['title', 'summary', 'notes', 'endNotes', 'body'] as const)
      if (!isString(c[k])) fail(`chapter ${k}`);
  }
}

export function assertImportError(error: unknown, why: string): void {
  if (!(error instanceof ImportError)) {
    assert.fail(
      `${why}: threw ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`,
    );
  }
  assert.ok(
    error.message.trim() !== '' && !error.message.includes('\n'),
    `${why}: reason must be one line: ${JSON.stringify(error.message)}`,
  );
}

export interface Tally {
  read: number;
  refused: number;
  slowest: number;
}

export function runImports(t: TestContext, cases: readonly Case[]): Tally {
  const tally: Tally = { read: 0, refused: 0, slowest: 0 };
  for (const c of cases) {
    const started = performance.now();
    try {
      assertWellFormed(importWork(c.name, c.bytes), c.why);
      tally.read++;
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      assertImportError(error, c.why);
      tally.refused++;
    }
    tally.slowest = Math.max(tally.slowest, performance.now() - started);
  }
  t.diagnostic(
    `${cases.length} inputs: ${tally.read} read, ${tally.refused} refused with ImportError; slowest ${tally.slowest.toFixed(0)} ms`,
  );
  return tally;
}

// ---- mutations -------------------------------------------------------------------------------

export function mutations(
  rand: () => number,
  name: string,
  seed: Uint8Array,
  label: string,
  count: { truncations: number; flips: number; splices: number },
): Case[] {
  const int = (n: number): number => Math.floor(rand() * n);
  const out: Case[] = [];
  for (let i = 0; i < count.truncations; i++) {
    const cut = i === 0 ? 1 : i === 1 ? seed.length - 1 : int(seed.length);
    out.push({ name, bytes: seed.slice(0, cut), why: `${label} truncated to ${cut} bytes` });
  }
  for (let i = 0; i < count.flips; i++) {
    const bytes = seed.slice();
    const n = 1 + int(i % 3 === 0 ? 40 : 4);
    for (let k = 0; k < n; k++) bytes[int(bytes.length)] = int(256);
    out.push({ name, bytes, why: `${label} with ${n} bytes changed (#${i})` });
  }
  for (let i = 0; i < count.splices; i++) {
    // Cut a run out, or repeat one: breaks structure while keeping most bytes plausible.
    const a = int(seed.length);
    const b = Math.min(seed.length, a + 1 + int(200));
    const bytes =
      i % 2 === 0
        ? new Uint8Array([...seed.subarray(0, a), ...seed.subarray(b)])
        : new Uint8Array([...seed.subarray(0, b), ...seed.subarray(a)]);
    out.push({ name, bytes, why: `${label} with bytes ${a}–${b} ${i % 2 === 0 ? 'removed' : 'repeated'}` });
  }
  return out;
}

export function randomBytes(rand: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

/** Text assembled from pieces of a format's syntax: exercises readers more than random bytes, which are rarely UTF-8. */
export function soup(rand: () => number, pieces: readonly string[], n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)];
  return s;
}

/** Seeds the text mutations start from (the bulk-zip fuzz reuses them). */
export const seedTxt =
  'Salt and Rope\n\nSummary: Two keepers.\n\nNotes: For a friend.\n\n***\n\nThe first keeper arrived.\nThe second followed.\n\nEnd Notes: Thanks.\n';
export const seedMd =
  '---\ntitle: Fog\nfandoms: [Original Work]\nrating: Mature\n---\n# Fog\n\n## One\n\nIt *rolled* in.\n\n> quoted\n\n## Two\n\n- a\n- b\n\n[link](http://example.org)\n';

let bombBytes: Uint8Array | undefined;
/** A stream of zeros just over 64 MiB, deflated to about 65 KB. */
export function bombStream(): Uint8Array {
  bombBytes ??= deflateSync(new Uint8Array(MAX_IMPORT_FILE_BYTES + 1), { level: 1 });
  return bombBytes;
}
