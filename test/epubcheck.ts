import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/*
 * epubcheck for tests that check EPUBs the archive built (src/formats/export/epubcheck.test.ts runs
 * its sample books in one batch). Debian's epubcheck wrapper does not start here, so the jar is run
 * with java, as there; scripts/test.mjs installs it and sets QUIRE_EPUBCHECK_JAR.
 */

const DEBIAN_JAR = '/usr/share/java/epubcheck.jar';
// The JIT's first tier only and the serial collector: a JVM that lives a few seconds starts faster.
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

function findJar(): string {
  const configured = process.env.QUIRE_EPUBCHECK_JAR;
  if (configured && existsSync(configured)) return configured;
  if (existsSync(DEBIAN_JAR)) return DEBIAN_JAR;
  throw new Error('epubcheck not found: install it (apt-get install epubcheck) or set QUIRE_EPUBCHECK_JAR.');
}

interface Message {
  ID: string;
  severity: string;
  message: string;
  locations?: Array<{ path?: string; line?: number }>;
}

/** epubcheck's fatal errors, errors and warnings for one EPUB file (empty when it passes). */
export async function epubcheckProblems(epub: string): Promise<string[]> {
  const report = `${epub}.epubcheck.json`;
  const code = await new Promise<number>((resolve, reject) =>
    execFile('java', [...JVM_FLAGS, '-jar', findJar(), '--json', report, epub], (error) => {
      if (error && typeof error.code === 'string') reject(new Error(`could not run java: ${error.message}`));
      else resolve(typeof error?.code === 'number' ? error.code : 0);
    }),
  );
  if (!existsSync(report)) return [`epubcheck wrote no report (exit code ${code})`];
  const { messages } = JSON.parse(readFileSync(report, 'utf8')) as { messages: Message[] };
  const problems = messages
    .filter((m) => m.severity === 'FATAL' || m.severity === 'ERROR' || m.severity === 'WARNING')
    .map(
      (m) => `${m.severity} ${m.ID} ${m.message} (${m.locations?.[0]?.path ?? '?'}:${m.locations?.[0]?.line ?? '?'})`,
    );
  return problems.length === 0 && code !== 0 ? [`epubcheck exit code ${code}`] : problems;
}
