/**
 * The WAL checkpointer's thread (store/wal-checkpointer.ts): its own connection to the server's
 * SQLite file, checkpointing every `intervalMs` in PASSIVE mode, which never waits for nor blocks
 * the server's readers and writers. The connection keeps SQLite's default synchronous=FULL, so a
 * checkpoint syncs the WAL before copying it and the database file after. Plain JavaScript: a
 * worker's entry module is loaded without the TypeScript loader the tests and the CLI run under.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/** @type {{ file: string; intervalMs: number }} */
const { file, intervalMs } = workerData;
const db = new SQLite(file, { fileMustExist: true });
// A checkpoint copies pages through the file, not the page cache: keep the cache small.
db.pragma('cache_size = -512');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}, intervalMs);

parentPort?.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
