import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import {
  findDataExport,
  markDataExportFailed,
  markDataExportReady,
  setDataExportProgress,
  deleteExportChunks,
  insertExportChunk,
} from '../store/data-export.store.js';
import {
  accessTokenDatesOf,
  bookmarksPageOf,
  commentsPageOf,
  kudosPageOf,
  memberProfile,
  readingsPageOf,
  sessionDatesOf,
  subscriptionsPageOf,
} from '../store/member-data.store.js';
import { worksOfAccount } from '../store/account-deletion.store.js';
import { loadWork, loadWorks } from '../store/work.store.js';
import { listChapters } from '../store/chapter.store.js';
import { readCounts } from '../store/count-changes.store.js';
import { exportContext, portableFromWork } from '../formats/portable-from-work.js';
import { exportEpub } from '../formats/export/epub.js';
import { downloadFileName } from '../formats/export/file-name.js';
import { LIMITS } from '../domain/limits.js';
import { tooLongForOnePiece } from './read-work.js';
import { breathe, busySince } from './fan-out.js';
import { linkMail, type MailSite } from './account-mail.js';
import { enqueueMail } from './mail.js';
import type { JobHandler } from './job-runner.js';

/** The job that builds a member's export of their data into the data folder's exports/. */
export const DATA_EXPORT_JOB = 'data-export';

/** The JSON files every export holds, each one step of its progress. */
export const EXPORT_JSON_FILES = [
  'member.json',
  'works.json',
  'comments.json',
  'kudos.json',
  'bookmarks.json',
  'subscriptions.json',
  'history.json',
  'sessions.json',
  'access-tokens.json',
] as const;

/** Rows read, and written to the zip, at a time. */
const PAGE_ROWS = 500;

export interface DataExportJobOptions {
  /** `<data>/exports`: where this node builds a zip before storing it in the database (made when missing). */
  dir: string;
  /** The archive's name and its address ("…/") for the EPUBs; undefined until main.ts knows the address (the build then waits for a retry). */
  site: () => { archiveName: string; siteUrl: string } | undefined;
  /** Tells the member by mail that their export is ready (main.ts; none in tests). */
  mailSite?: () => MailSite | undefined;
  /** The most chapter text built into one EPUB (config's wholeWorkMaxChars). */
  maxChars?: number;
  /** The most bytes of the zip kept in one row (default 1 MiB; tests use less to store several). */
  chunkBytes?: number;
}

/** The file an export is kept in: its id and a random part, so that a name cannot be guessed. */
export const exportFileName = (id: number) => `${id}-${crypto.randomBytes(12).toString('base64url')}.zip`;

/** A zip written to a file as it is made, waiting for the disk when it falls behind. */
class ZipToFile {
  private readonly pending: Uint8Array[] = [];
  private failure: Error | undefined;
  private readonly zip: Zip;

  constructor(private readonly out: fs.WriteStream) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure = err;
      else this.pending.push(chunk);
    });
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    for (const chunk of this.pending.splice(0)) if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** A JSON file of one value. */
  async addJson(name: string, value: unknown): Promise<void> {
    const entry = new ZipDeflate(name, { level: 6 });
    this.zip.add(entry);
    entry.push(new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`), true);
    await this.flush();
  }

  /** A JSON array written a page of items at a time, one item a line. */
  async addJsonArray(name: string, pages: AsyncIterable<unknown[]>): Promise<void> {
    const entry = new ZipDeflate(name, { level: 6 });
    this.zip.add(entry);
    const enc = new TextEncoder();
    entry.push(enc.encode('['));
    let first = true;
    for await (const items of pages) {
      let text = '';
      for (const item of items) {
        text += `${first ? '' : ','}\n${JSON.stringify(item)}`;
        first = false;
      }
      entry.push(enc.encode(text));
      await this.flush();
    }
    entry.push(enc.encode('\n]\n'), true);
    await this.flush();
  }

  /** A file already compressed (an EPUB), stored as it is. */
  async addStored(name: string, bytes: Uint8Array): Promise<void> {
    const entry = new ZipPassThrough(name);
    this.zip.add(entry);
    entry.push(bytes, true);
    await this.flush();
  }

  async finish(): Promise<void> {
    this.zip.end();
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** The most bytes of a zip kept in one row: a download holds one piece in memory at a time. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * Copies a built zip into the database a piece at a time (each its own statement), so that any node
 * can serve its download, whichever node built it. A run after a crash stores it afresh.
 */
async function storeZip(db: Kysely<DB>, exportId: number, file: string, chunkBytes: number): Promise<void> {
  await deleteExportChunks(db, exportId);
  const handle = await fsp.open(file);
  try {
    const buffer = Buffer.alloc(chunkBytes);
    for (let seq = 0; ; seq++) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      await insertExportChunk(db, exportId, seq, Buffer.from(buffer.subarray(0, bytesRead)));
    }
  } finally {
    await handle.close();
  }
}

/** Pages of rows read after a key, until a page comes back short. */
async function* pagesOf<T>(read: (after: number) => Promise<T[]>, keyOf: (row: T) => number): AsyncIterable<T[]> {
  let after = 0;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE_ROWS) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/** The works' metadata, as works.json holds it: everything but the chapters' text, which is in the EPUBs. */
async function* workPages(db: Kysely<DB>, ids: number[]): AsyncIterable<unknown[]> {
  for (let i = 0; i < ids.length; i += 50) {
    const slice = ids.slice(i, i + 50);
    const works = await loadWorks(db, slice);
    const counts = await readCounts(db, slice);
    yield works.map((w) => ({ ...w, counts: counts.get(w.id) ?? null, epub: `works/${epubName(w.id, w.title)}` }));
  }
}

const epubName = (id: number, title: string) => `${id}-${downloadFileName(title, 'epub')}`;

/**
 * The data export job's handler (registered in main.ts): builds the zip of everything the archive
 * holds about the member — JSON files and an EPUB of each of their works, drafts included — a step
 * at a time, recording its progress, resting between works so that pages keep being served. A run
 * after a crash starts the file again. The last failed attempt marks the export failed with why.
 */
export function dataExportHandler(db: Kysely<DB>, opts: DataExportJobOptions): JobHandler {
  return async (payload, job) => {
    const exportId = (payload as { exportId?: unknown } | null)?.exportId;
    if (!Number.isInteger(exportId)) throw new Error('A data export job needs an export id.');
    const found = await findDataExport(db, exportId as number);
    if (!found || (found.status !== 'queued' && found.status !== 'building')) return;
    const fileName = exportFileName(found.id);
    const partPath = path.join(opts.dir, `${fileName}.part`);
    try {
      await build(db, opts, found.id, found.userId, partPath);
      await storeZip(db, found.id, partPath, opts.chunkBytes ?? CHUNK_BYTES);
      await fsp.rm(partPath, { force: true });
      const site = opts.mailSite?.();
      const profile = await memberProfile(db, found.userId);
      await db.transaction().execute(async (trx) => {
        await markDataExportReady(trx, found.id, fileName, new Date().toISOString());
        if (site && profile)
          await enqueueMail(
            trx,
            linkMail({
              to: profile.user.email,
              subject: `Your data from ${site.siteName} is ready`,
              intro: `The export of your data you asked for on ${site.siteName} is ready.`,
              how: 'Download it from your account, once, within a week:',
              link: `${site.publicUrl}/account/export`,
              after: 'If you did not ask for it, change your password: someone else may know it.',
            }),
          );
      });
    } catch (err) {
      await fsp.rm(partPath, { force: true });
      if (job.attempts >= job.maxAttempts)
        await markDataExportFailed(db, found.id, err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
}

async function build(
  db: Kysely<DB>,
  opts: DataExportJobOptions,
  exportId: number,
  userId: number,
  partPath: string,
): Promise<void> {
  const site = opts.site();
  if (!site) throw new Error('The archive’s address is not known yet.');
  const profile = await memberProfile(db, userId);
  if (!profile) throw new Error('The member of this export no longer exists.');
  const works = await worksOfAccount(db, userId);
  const total = EXPORT_JSON_FILES.length + works.length;
  let done = 0;
  const progress = () =>
    setDataExportProgress(db, exportId, { status: 'building', doneSteps: done, totalSteps: total });
  await progress();
  await fsp.mkdir(opts.dir, { recursive: true });
  const zip = new ZipToFile(fs.createWriteStream(partPath));
  const step = async (fn: () => Promise<void>) => {
    const started = performance.eventLoopUtilization();
    await fn();
    done++;
    await progress();
    await breathe(busySince(started));
  };
  await step(() => zip.addJson('member.json', { exportedAt: new Date().toISOString(), ...profile }));
  await step(() =>
    zip.addJsonArray(
      'works.json',
      workPages(
        db,
        works.map((w) => w.id),
      ),
    ),
  );
  const paged = (name: string, read: (after: number) => Promise<Array<{ id: number }>>) =>
    step(() =>
      zip.addJsonArray(
        name,
        pagesOf(read, (r) => r.id),
      ),
    );
  await paged('comments.json', (after) => commentsPageOf(db, userId, after, PAGE_ROWS));
  await paged('kudos.json', (after) => kudosPageOf(db, userId, after, PAGE_ROWS));
  await paged('bookmarks.json', (after) => bookmarksPageOf(db, userId, after, PAGE_ROWS));
  await paged('subscriptions.json', (after) => subscriptionsPageOf(db, userId, after, PAGE_ROWS));
  await step(() =>
    zip.addJsonArray(
      'history.json',
      pagesOf(
        (after) => readingsPageOf(db, userId, after, PAGE_ROWS),
        (r) => r.work_id,
      ),
    ),
  );
  await step(async () => zip.addJson('sessions.json', await sessionDatesOf(db, userId)));
  await step(async () => zip.addJson('access-tokens.json', await accessTokenDatesOf(db, userId)));
  for (const w of works) {
    await step(async () => {
      const work = await loadWork(db, w.id);
      // A work deleted meanwhile, or too long to build whole, is named in works.json without a file.
      if (!work || (await tooLongForOnePiece(db, w.id, opts.maxChars ?? LIMITS.wholeWorkCharsMax))) return;
      const chapters = await listChapters(db, w.id);
      const bytes = exportEpub(portableFromWork(work, chapters), exportContext(work, chapters, site));
      await zip.addStored(`works/${epubName(w.id, w.title)}`, bytes);
    });
  }
  await zip.finish();
}
