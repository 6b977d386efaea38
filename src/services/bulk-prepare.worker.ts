/** The worker thread of bulk-prepare-thread.ts: prepares each batch it is sent, in turn. */
import { parentPort } from 'node:worker_threads';
import { prepareBatch, type BulkPostItem } from './bulk-prepare.js';

parentPort!.on('message', (m: { id: number; items: BulkPostItem[] }) => {
  try {
    parentPort!.postMessage({ id: m.id, batch: prepareBatch(m.items) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
