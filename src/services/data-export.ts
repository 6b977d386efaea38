import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canDownloadExport, canExportData, type Viewer } from '../policies/index.js';
import {
  dataExportsBefore,
  dataExportsOf,
  deleteDataExportRows,
  deleteExportChunks,
  exportChunksSize,
  readExportChunk,
  findDataExport,
  insertDataExport,
  takeDataExport,
  type DataExport,
} from '../store/data-export.store.js';
import { enqueueJob } from '../store/job.store.js';
import { DATA_EXPORT_JOB } from './data-export-build.js';
import { fail, ok, type ServiceResult } from './result.js';

export type { DataExport };

/** One export a day per member: each is a full copy of their works. */
export const EXPORT_EVERY_MS = 24 * 3600 * 1000;
/** An export not downloaded within a week is deleted (main.ts's hourly clean-up). */
export const EXPORT_KEPT_MS = 7 * 24 * 3600 * 1000;

const NOT_YOURS = fail(403, { _: 'Log in to export your data.' });

/** The viewer's exports, newest first (the last few). */
export async function myDataExports(db: Kysely<DB>, viewer: Viewer): Promise<ServiceResult<DataExport[]>> {
  const userId = viewer.user?.id;
  if (!canExportData(viewer, userId) || userId === undefined) return NOT_YOURS;
  return ok(await dataExportsOf(db, userId, 5));
}

/**
 * Asks for an export of everything the archive holds about the viewer, built by a background job
 * (data-export-build.ts). One at a time, and one a day: an export still waiting or building, or one
 * asked for in the last day and not failed, refuses another.
 */
export async function requestDataExport(
  db: Kysely<DB>,
  viewer: Viewer,
  now = new Date(),
): Promise<ServiceResult<{ id: number }>> {
  const userId = viewer.user?.id;
  if (!canExportData(viewer, userId) || userId === undefined) return NOT_YOURS;
  const recent = await dataExportsOf(db, userId, 5);
  if (recent.some((e) => e.status === 'queued' || e.status === 'building'))
    return fail(409, { _: 'Your export is already being built: this page shows how far it has got.' });
  const since = new Date(now.getTime() - EXPORT_EVERY_MS).toISOString();
  const last = recent.find((e) => e.status !== 'failed' && e.createdAt > since);
  if (last) {
    const next = new Date(Date.parse(last.createdAt) + EXPORT_EVERY_MS).toISOString().slice(0, 16).replace('T', ' ');
    return fail(429, { _: `You can ask for one export a day: ask again after ${next} UTC.` });
  }
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertDataExport(trx, userId, now.toISOString());
    await enqueueJob(trx, { kind: DATA_EXPORT_JOB, key: `data-export:${id}`, payload: { exportId: id } }, now);
    return id;
  });
  return ok({ id });
}

export type ExportDownload =
  | { kind: 'not-found' }
  | { kind: 'not-ready'; export: DataExport }
  | { kind: 'gone'; export: DataExport }
  | { kind: 'file'; stream: Readable; size: number; export: DataExport };

/**
 * An export's zip, for its one download: only its member gets it (anyone else is told it does not
 * exist). It is kept in the database (any node serves it, whichever built it) and marked taken
 * before the first byte is sent, so a second request finds it gone (410) while the first one is
 * still reading it; its pieces are read one at a time and deleted once all are sent.
 */
export async function takeExportDownload(
  db: Kysely<DB>,
  viewer: Viewer,
  exportId: number,
  now = new Date(),
): Promise<ExportDownload> {
  const found = await findDataExport(db, exportId);
  if (!found || !canDownloadExport(viewer, found)) return { kind: 'not-found' };
  if (found.status === 'queued' || found.status === 'building') return { kind: 'not-ready', export: found };
  if (found.status !== 'ready') return { kind: 'gone', export: found };
  const size = await exportChunksSize(db, exportId);
  if (size === 0 || !(await takeDataExport(db, exportId, now.toISOString()))) return { kind: 'gone', export: found };
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (let seq = 0; ; seq++) {
      const bytes = await readExportChunk(db, exportId, seq);
      if (!bytes) break;
      yield bytes;
    }
    await deleteExportChunks(db, exportId);
  }
  return { kind: 'file', stream: Readable.from(pieces(), { objectMode: false }), size, export: found };
}

/** Deletes exports asked for more than a week ago, with their zips (the hourly clean-up). */
export async function pruneDataExports(db: Kysely<DB>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - EXPORT_KEPT_MS).toISOString();
  let removed = 0;
  for (;;) {
    const rows = await dataExportsBefore(db, before, 200);
    if (rows.length === 0) return removed;
    await deleteDataExportRows(
      db,
      rows.map((r) => r.id),
    );
    removed += rows.length;
  }
}
