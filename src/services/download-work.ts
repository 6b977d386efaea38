import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Work } from '../domain/work.js';
import type { Viewer } from '../policies/index.js';
import { chaptersToShow, openWork, tooLongForOnePiece } from './read-work.js';
import { exportContext, portableFromWork } from '../formats/portable-from-work.js';
import { exportEpub } from '../formats/export/epub.js';
import { exportHtml } from '../formats/export/html.js';
import { exportTxt } from '../formats/export/txt.js';
import { downloadFileName } from '../formats/export/file-name.js';
import type { DownloadCache, DownloadFile } from './download-cache.js';

export const DOWNLOAD_FORMATS = ['epub', 'html', 'txt'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

const CONTENT_TYPES: Record<DownloadFormat, string> = {
  epub: 'application/epub+zip',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

// Bump when an exporter's output changes, so readers' caches do not keep an old file.
const EXPORT_VERSION = 1;

export type { DownloadFile } from './download-cache.js';

export type DownloadResult =
  | { kind: 'hidden' }
  | { kind: 'gate'; work: Work }
  | { kind: 'too-large'; work: Work; chars: number; maxChars: number }
  | { kind: 'not-modified'; etag: string }
  | { kind: 'file'; file: DownloadFile };

/**
 * A work as a file, when the policy lets this viewer read it. The ETag is a hash of everything the
 * file shows (metadata, series, every chapter's text), so any change gives a new one; a matching
 * If-None-Match skips building the file, and `cache` (when given) builds each version once.
 */
export async function downloadWork(
  db: Kysely<DB>,
  viewer: Viewer,
  workId: number,
  format: DownloadFormat,
  opts: {
    proceedAdult: boolean;
    archiveName: string;
    siteUrl: string;
    ifNoneMatch?: string;
    maxChars?: number;
    cache?: DownloadCache;
  },
): Promise<DownloadResult> {
  const opened = await openWork(db, viewer, workId, opts.proceedAdult);
  if (opened.kind !== 'read') return opened;
  // Files are built whole in memory: refuse before reading the text when it would not fit.
  const tooLong = await tooLongForOnePiece(db, workId, opts.maxChars);
  if (tooLong) return { kind: 'too-large', work: opened.work, ...tooLong };
  const chapters = (await chaptersToShow(db, opened.work, 'all')) ?? [];
  // Hashed piece by piece: one JSON string of every chapter would be another copy of the whole text.
  const hash = crypto
    .createHash('sha256')
    .update(JSON.stringify([EXPORT_VERSION, format, opts.archiveName, opts.siteUrl, opened.work]));
  for (const ch of chapters) hash.update(JSON.stringify(ch));
  const etag = `"${hash.digest('base64url').slice(0, 32)}"`;
  if (opts.ifNoneMatch && opts.ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
    return { kind: 'not-modified', etag };
  // Asked only now, after the policy let this viewer read the work: the cache holds bytes, not permissions.
  const cached = opts.cache?.get(workId, etag);
  if (cached) return { kind: 'file', file: cached };
  const work = portableFromWork(opened.work, chapters);
  const ctx = exportContext(opened.work, chapters, opts);
  const bytes =
    format === 'epub'
      ? exportEpub(work, ctx)
      : new TextEncoder().encode(format === 'html' ? exportHtml(work, ctx) : exportTxt(work, ctx));
  const file = {
    bytes,
    fileName: downloadFileName(opened.work.title, format),
    contentType: CONTENT_TYPES[format],
    etag,
  };
  opts.cache?.set(workId, file);
  return { kind: 'file', file };
}
