import fs from 'node:fs/promises';
import path from 'node:path';
import type SQLite from 'better-sqlite3';

/**
 * Syncs a SQLite database's write-ahead log to disk from libuv's thread pool, so that the event
 * loop serves other requests while the disk works (docs/decisions/009). A commit made with
 * `synchronous=NORMAL` has written its frames to the WAL file but not synced them; once `sync()`
 * has returned, those frames are on disk as a FULL commit's would be. fsync applies to the file,
 * whichever descriptor wrote it; the file is opened afresh each time, so a WAL that SQLite removed
 * and made anew is still the one synced.
 */
export class WalSync {
  private dirSynced = false;

  private constructor(private readonly file: string) {}

  /** For a file database in WAL mode; undefined otherwise (in memory, or another journal mode). */
  static of(sqlite: SQLite.Database): WalSync | undefined {
    if (sqlite.memory) return undefined;
    return sqlite.pragma('journal_mode', { simple: true }) === 'wal' ? new WalSync(sqlite.name) : undefined;
  }

  async sync(): Promise<void> {
    await syncPath(`${this.file}-wal`);
    // Once, for the WAL's own name in its directory, as SQLite does on its first sync of a new file.
    if (!this.dirSynced) {
      await syncPath(path.dirname(this.file));
      this.dirSynced = true;
    }
  }
}

async function syncPath(p: string): Promise<void> {
  const handle = await fs.open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
