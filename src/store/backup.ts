import { spawn } from 'node:child_process';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {}

/** What a backup file holds, from its first bytes. */
export function backupKind(file: string): 'sqlite' | 'postgres' | 'unknown' {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
    if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
    return 'unknown';
  } finally {
    fs.closeSync(fd);
  }
}

function refuseExisting(file: string): void {
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; give the backup a new file name.`);
}

/**
 * Copies a SQLite archive while the server runs: VACUUM INTO reads the whole database in one read
 * transaction (a consistent snapshot; the server's writes go on into the WAL meanwhile) and
 * writes a compact copy. SQLite's step-wise backup API restarts whenever another connection
 * writes between steps, so under steady posting it may never finish. Written under a temporary
 * name, checked, then renamed: a file at `target` is always a whole backup.
 */
export function backupSqlite(source: string, target: string): { bytes: number } {
  refuseExisting(target);
  if (!fs.existsSync(source)) throw new BackupError(`There is no archive at ${source}.`);
  const part = `${target}.part`;
  fs.rmSync(part, { force: true });
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(part);
  } finally {
    db.close();
  }
  assertWholeArchive(part);
  fs.renameSync(part, target);
  return { bytes: fs.statSync(target).size };
}

/** A SQLite file that passes SQLite's check and holds Quire's tables; throws BackupError if not. */
export function assertWholeArchive(file: string): void {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${file} is damaged (SQLite's check found: ${String(check)}).`);
    const tables = new Set(db.prepare("select name from sqlite_schema where type = 'table'").pluck().all() as string[]);
    for (const t of ['kysely_migration', 'users', 'works', 'chapters'])
      if (!tables.has(t))
        throw new BackupError(`${file} is a SQLite database, but not a Quire archive (no ${t} table).`);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not a readable SQLite database (${(err as Error).message}).`);
  } finally {
    db?.close();
  }
}

/**
 * Puts a SQLite backup in place as the archive at `target`, which must not exist yet (nor its
 * WAL): a restore never overwrites an archive. Migrations newer than the backup run afterwards,
 * when the archive is next opened.
 */
export function restoreSqlite(backup: string, target: string): void {
  for (const f of [target, `${target}-wal`])
    if (fs.existsSync(f) && fs.statSync(f).size > 0)
      throw new BackupError(`${f} already holds an archive; restore into an empty data folder (nothing was changed).`);
  assertWholeArchive(backup);
  const part = `${target}.part`;
  fs.copyFileSync(backup, part);
  fs.rmSync(`${target}-shm`, { force: true });
  fs.renameSync(part, target);
}

function runTool(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new BackupError(`${cmd} is not installed. Install PostgreSQL's client tools (Debian: postgresql-client).`)
          : err,
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${cmd} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/** pg_dump of the database, in its custom format (restored by pg_restore), under a temporary name first. */
export async function backupPostgres(databaseUrl: string, target: string): Promise<{ bytes: number }> {
  refuseExisting(target);
  const part = `${target}.part`;
  fs.rmSync(part, { force: true });
  await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${part}`, databaseUrl]);
  fs.renameSync(part, target);
  return { bytes: fs.statSync(target).size };
}

/** Restores a pg_dump backup into `databaseUrl`, whose schema must hold no tables yet. */
export async function restorePostgres(backup: string, databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      'select count(*) as n from information_schema.tables where table_schema = current_schema()',
    );
    if (Number(r.rows[0]!.n) > 0)
      throw new BackupError(
        'The database in DATABASE_URL already has tables; restore into an empty database (nothing was changed).',
      );
  } finally {
    await client.end();
  }
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${databaseUrl}`, backup]);
}
