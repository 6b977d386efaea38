import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exportEpub } from './epub.js';
import { sampleWorks } from '../../../test/formats/sample-works.js';

/*
 * Every sample work's EPUB must pass epubcheck 4.2.6 with no fatal error, no
 * error and no warning. Debian's epubcheck wrapper does not start here, so
 * the jar is run with java (scripts/test.mjs installs it and sets
 * QUIRE_EPUBCHECK_JAR). Two checks run at a time: each is a JVM.
 */

const DEBIAN_JAR = '/usr/share/java/epubcheck.jar';
// The JIT's first tier only and the serial collector: a JVM that lives a few
// seconds starts about five times faster this way.
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
// Copied to $QUIRE_ARTIFACTS for a look in a reader.
const KEPT = new Set(['one chapter', 'chinese']);

interface EpubcheckMessage {
  ID: string;
  severity: string;
  message: string;
  locations?: Array<{ path?: string; line?: number; column?: number }>;
}

function findJar(): string {
  const configured = process.env.QUIRE_EPUBCHECK_JAR;
  if (configured !== undefined && configured !== '' && existsSync(configured)) return configured;
  if (existsSync(DEBIAN_JAR)) return DEBIAN_JAR;
  throw new Error(
    `epubcheck not found: QUIRE_EPUBCHECK_JAR is ${configured === undefined ? 'not set' : `"${configured}" (missing)`} and ${DEBIAN_JAR} does not exist. ` +
      'Install it (apt-get install epubcheck, or run `npm test`, which does) or point QUIRE_EPUBCHECK_JAR at epubcheck.jar.',
  );
}

function run(file: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code === 'string') {
        reject(new Error(`could not run ${file}: ${error.message}`));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}${stderr}` });
    });
  });
}

function describeMessage(m: EpubcheckMessage): string {
  const where = (m.locations ?? [])
    .slice(0, 3)
    .map((l) => `${l.path ?? '?'}:${l.line ?? '?'}:${l.column ?? '?'}`)
    .join(', ');
  return `${m.severity} ${m.ID} ${m.message} (${where})`;
}

const dir = mkdtempSync(join(tmpdir(), 'quire-epubcheck-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BATCH = fileURLToPath(new URL('../../../scripts/EpubcheckBatch.java', import.meta.url));

/**
 * Checks every book in one JVM (scripts/EpubcheckBatch.java, run by java's source launcher, which
 * needs a JDK); the exit code of each book is read from the output. Undefined when that cannot run,
 * and each book is then checked by a JVM of its own.
 */
async function checkAllAtOnce(
  jar: string,
  books: Array<{ epub: string; report: string }>,
): Promise<Map<string, number> | undefined> {
  const args = books.flatMap((b) => [b.epub, b.report]);
  const { output } = await run('java', [...JVM_FLAGS, '-cp', jar, BATCH, ...args]).catch(() => ({ output: '' }));
  const codes = new Map<string, number>();
  for (const m of output.matchAll(/^QUIRE-EPUBCHECK-EXIT (\d+) (.+)$/gm)) codes.set(m[2]!, Number(m[1]));
  return codes.size === books.length ? codes : undefined;
}

describe('epubcheck accepts every sample EPUB', { concurrency: 2 }, () => {
  const samples = sampleWorks();
  const books = samples.map(({ name }, k) => {
    const base = `${String(k + 1).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-')}`;
    return { epub: join(dir, `${base}.epub`), report: join(dir, `${base}.json`), base };
  });
  let batch: Map<string, number> | undefined;

  before(async () => {
    samples.forEach(({ work, ctx }, k) => writeFileSync(books[k]!.epub, exportEpub(work, ctx)));
    batch = await checkAllAtOnce(findJar(), books);
  });

  test('there are at least 20 samples', () => {
    assert.ok(samples.length >= 20, `only ${samples.length} samples`);
  });

  samples.forEach(({ name }, k) => {
    test(name, { timeout: 10 * 60_000 }, async () => {
      const { epub, report, base } = books[k]!;
      const artifacts = process.env.QUIRE_ARTIFACTS;
      if (artifacts !== undefined && artifacts !== '' && KEPT.has(name))
        copyFileSync(epub, join(artifacts, `epub-${base}.epub`));

      const { code, output } = batch
        ? { code: batch.get(epub)!, output: '(checked in one batch)' }
        : await run('java', [...JVM_FLAGS, '-jar', findJar(), '--json', report, epub]);
      assert.ok(existsSync(report), `epubcheck wrote no report (exit code ${code}):\n${output}`);
      const messages = (JSON.parse(readFileSync(report, 'utf8')) as { messages: EpubcheckMessage[] }).messages;
      const problems = messages.filter(
        (m) => m.severity === 'FATAL' || m.severity === 'ERROR' || m.severity === 'WARNING',
      );
      assert.deepEqual(problems.map(describeMessage), [], `epubcheck found problems in "${name}"`);
      assert.equal(code, 0, `epubcheck exit code ${code}:\n${output}`);
    });
  });
});
