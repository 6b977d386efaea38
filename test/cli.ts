// Spawning the real `quire` CLI and reading its SQLite file, for the CLI tests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
export const PASSWORD = 'correct horse battery';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (asynchronously, so tests can run side by side). */
export function quire(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...opts.env };
  if (!opts.env?.DATABASE_URL) delete env.DATABASE_URL; // SQLite in --data unless a test asks otherwise
  delete env.QUIRE_DATA;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.input ?? `${PASSWORD}\n`);
  });
}

/** Asserts the exit code, showing the CLI's output when it differs. */
export function assertExit(r: Run, code: number): void {
  assert.equal(r.status, code, `expected exit ${code}, got ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

/** Runs a read-only query against the SQLite file of a data folder. */
export function query<T = Record<string, unknown>>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'quire.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export const count = (dataDir: string, table: string): number =>
  query<{ n: number }>(dataDir, `SELECT count(*) AS n FROM ${table}`)[0]!.n;
