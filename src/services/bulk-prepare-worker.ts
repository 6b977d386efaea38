/**
 * The worker thread's side of bulk-prepare-thread.ts. It runs, for the batches it is sent, the same
 * pure functions bulkPostWorks would run inline: prepareBatch (validation, sanitizing) and each
 * work's full-text entry. With a prepared batch it sends back each item's policy decisions, so the
 * caller's viewers keep their record of what was asked.
 */
import { parentPort } from 'node:worker_threads';
import { prepareBatch, type BulkPostItem, type PreparedBatch } from './bulk-prepare.js';
import { searchEntry, type SearchEntry, type SearchSource } from '../search/search-text.js';

export type ThreadRequest = { id: number; prepare: BulkPostItem[] } | { id: number; entries: SearchSource[] };

export type ThreadReply = { id: number; prepared: PreparedBatch; decisions: string[][] } | { id: number; entries: SearchEntry[] } | { id: number; error: string };

function answer(req: ThreadRequest): ThreadReply {
  try {
    if ('entries' in req) return { id: req.id, entries: req.entries.map(searchEntry) };
    // Items of one writer share a viewer; a viewer of its own per item tells whose decisions are whose.
    const items = req.prepare.map((i) => ({ ...i, viewer: { ...i.viewer, decisions: [] as string[] } }));
    return { id: req.id, prepared: prepareBatch(items), decisions: items.map((i) => i.viewer.decisions) };
  } catch (e) {
    return { id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

const port = parentPort;
if (port) {
  port.on('message', (req: ThreadRequest) => port.postMessage(answer(req)));
  port.postMessage('ready');
}
