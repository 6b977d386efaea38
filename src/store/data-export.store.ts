import type { Executor } from './executor.js';
import type { DataExportStatus } from './schema.js';

/** A member's export of their data as the pages show it. */
export interface DataExport {
  id: number;
  userId: number;
  status: DataExportStatus;
  doneSteps: number;
  totalSteps: number;
  fileName: string | null;
  error: string | null;
  createdAt: string;
  readyAt: string | null;
  downloadedAt: string | null;
}

const COLUMNS = [
  'id',
  'user_id',
  'status',
  'done_steps',
  'total_steps',
  'file_name',
  'error',
  'created_at',
  'ready_at',
  'downloaded_at',
] as const;

type Row = {
  id: number;
  user_id: number;
  status: DataExportStatus;
  done_steps: number;
  total_steps: number;
  file_name: string | null;
  error: string | null;
  created_at: string;
  ready_at: string | null;
  downloaded_at: string | null;
};

const fromRow = (r: Row): DataExport => ({
  id: r.id,
  userId: r.user_id,
  status: r.status,
  doneSteps: Number(r.done_steps),
  totalSteps: Number(r.total_steps),
  fileName: r.file_name,
  error: r.error,
  createdAt: r.created_at,
  readyAt: r.ready_at,
  downloadedAt: r.downloaded_at,
});

export async function insertDataExport(db: Executor, userId: number, now: string): Promise<number> {
  const r = await db
    .insertInto('data_exports')
    .values({ user_id: userId, status: 'queued', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function findDataExport(db: Executor, id: number): Promise<DataExport | undefined> {
  const r = await db.selectFrom('data_exports').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? fromRow(r) : undefined;
}

/** The member's exports, newest first. */
export async function dataExportsOf(db: Executor, userId: number, limit: number): Promise<DataExport[]> {
  const rows = await db
    .selectFrom('data_exports')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(fromRow);
}

/** Records a build's progress (a run starting over sets `building` and 0 again). */
export async function setDataExportProgress(
  db: Executor,
  id: number,
  p: { status: 'building'; doneSteps: number; totalSteps: number },
): Promise<void> {
  await db
    .updateTable('data_exports')
    .set({ status: p.status, done_steps: p.doneSteps, total_steps: p.totalSteps, error: null })
    .where('id', '=', id)
    .execute();
}

export async function markDataExportReady(db: Executor, id: number, fileName: string, at: string): Promise<void> {
  await db
    .updateTable('data_exports')
    .set((eb) => ({ status: 'ready', file_name: fileName, ready_at: at, done_steps: eb.ref('total_steps') }))
    .where('id', '=', id)
    .execute();
}

export async function markDataExportFailed(db: Executor, id: number, error: string): Promise<void> {
  await db
    .updateTable('data_exports')
    .set({ status: 'failed', error: error.slice(0, 1000) })
    .where('id', '=', id)
    .execute();
}

/** Takes a ready export for its one download: true for the one request that gets it. */
export async function takeDataExport(db: Executor, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('data_exports')
    .set({ status: 'downloaded', downloaded_at: at })
    .where('id', '=', id)
    .where('status', '=', 'ready')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Stores piece `seq` of an export's zip. */
export async function insertExportChunk(db: Executor, exportId: number, seq: number, bytes: Uint8Array): Promise<void> {
  await db.insertInto('data_export_chunks').values({ export_id: exportId, seq, bytes }).execute();
}

/** Piece `seq` of an export's zip, if there is one. */
export async function readExportChunk(db: Executor, exportId: number, seq: number): Promise<Uint8Array | undefined> {
  const r = await db
    .selectFrom('data_export_chunks')
    .select('bytes')
    .where('export_id', '=', exportId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return r?.bytes;
}

/** The size in bytes of an export's stored zip (0 when none is stored). */
export async function exportChunksSize(db: Executor, exportId: number): Promise<number> {
  const r = await db
    .selectFrom('data_export_chunks')
    .select((eb) => eb.fn.sum<number>(eb.fn('length', ['bytes'])).as('n'))
    .where('export_id', '=', exportId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Forgets an export's zip (downloaded, or a build begun again). */
export async function deleteExportChunks(db: Executor, exportId: number): Promise<void> {
  await db.deleteFrom('data_export_chunks').where('export_id', '=', exportId).execute();
}

/** Exports asked for before `before` (any state): the hourly clean-up removes them, their zips with them. */
export async function dataExportsBefore(db: Executor, before: string, limit: number) {
  return db
    .selectFrom('data_exports')
    .select(['id'])
    .where('created_at', '<', before)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function deleteDataExportRows(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('data_exports')
    .where('id', 'in', [...ids])
    .execute();
}
