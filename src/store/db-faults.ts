// What a failed query says about the database itself, for the web layer's answers. Each driver
// names its failures differently: better-sqlite3 with SQLite's codes, pg with SQLSTATEs or Node's.

const codeOf = (err: unknown): unknown =>
  typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;

/** The database could not grow: the disk (or SQLite's max_page_count) is full. Nothing was written. */
export function isStorageFull(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'SQLITE_FULL' || code === '53100';
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  'SQLITE_BUSY',
]);

/** The database is restarting, unreachable or busy for longer than we wait: worth trying again soon. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = codeOf(err);
  if (typeof code === 'string' && (UNREACHABLE.has(code) || code.startsWith('08'))) return true;
  return err instanceof Error && /^Connection terminated|timeout exceeded when trying to connect/.test(err.message);
}
