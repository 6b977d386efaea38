import fs from 'node:fs';
import type SQLite from 'better-sqlite3';

/** Quire refuses to open a SQLite file that is not a whole archive; the message says what to do. */
export class DamagedDatabaseError extends Error {}

const RESTORE = (file: string) =>
  `Restore the file from your latest backup: copy the backup to ${file}, and delete ${file}-wal and ${file}-shm if they exist.`;
const RECOVER = (file: string) =>
  `${RESTORE(file)} Without a backup, \`sqlite3 ${file} .recover | sqlite3 recovered.sqlite\` may save most of it.`;

/**
 * An existing zero-length file is a lost archive (a failed copy, a truncated disk), not a new one:
 * SQLite would treat it as empty and the migrations would quietly start an empty archive over it.
 */
export function refuseEmptyFile(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile() && stat.size === 0) {
    throw new DamagedDatabaseError(
      `The database file ${file} is empty (0 bytes), so Quire will not start a new archive over it. ${RESTORE(file)} ` +
        `To start a new, empty archive instead, delete the file.`,
    );
  }
}

/** Names the file when SQLite cannot read it as a database at all. */
export function notADatabase(file: string, err: unknown): Error {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') return err instanceof Error ? err : new Error(String(err));
  return new DamagedDatabaseError(
    `The database file ${file} is not a readable SQLite database (${(err as Error).message}). ${RECOVER(file)}`,
  );
}

/**
 * Reads every table and index (PRAGMA quick_check per table), so that a damaged page refuses the
 * start instead of failing listings later while posts keep going into a broken file. Per table,
 * because the whole-file check also runs FTS5's own check of the full-text index against its
 * text, 1.2 s of 1.9 s on a 135 MB, 20,000-work archive here; the index's pages are still read.
 */
export function assertIntact(sqlite: SQLite.Database, file: string): void {
  const problems: string[] = [];
  let tables: string[];
  try {
    tables = sqlite
      .prepare("select name from sqlite_schema where type = 'table' and sql not like 'create virtual table%'")
      .pluck()
      .all() as string[];
  } catch (err) {
    throw notADatabase(file, err);
  }
  for (const table of ['sqlite_schema', ...tables]) {
    try {
      const found = (
        sqlite.pragma(`quick_check("${table.replace(/"/g, '""')}")`) as Array<{ quick_check: string }>
      ).map((r) => r.quick_check);
      if (found.length !== 1 || found[0] !== 'ok') problems.push(...found.slice(0, 5));
    } catch (err) {
      // A damaged root page makes the check itself fail rather than report.
      if ((err as { code?: string }).code !== 'SQLITE_CORRUPT') throw notADatabase(file, err);
      problems.push(`table ${table}: ${(err as Error).message}`);
    }
    if (problems.length) break;
  }
  if (problems.length === 0) return;
  throw new DamagedDatabaseError(
    `The database file ${file} is damaged (SQLite's check found: ${problems.join('; ')}). Quire will not start on it. ${RECOVER(file)}`,
  );
}
