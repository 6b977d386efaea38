import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import { siteOf } from './site-settings.js';
import { downloadWork, type DownloadFormat, type DownloadResult } from '../services/download-work.js';
import { rememberAdultConsent } from '../services/read-work.js';
import { ensureSession } from './middleware/session.js';
import { requestOrigin } from './origin.js';

/** Runs the download service for this request (adult consent from `view_adult=true`, If-None-Match). */
export async function downloadFor(c: Context<AppEnv>, workId: number, format: DownloadFormat): Promise<DownloadResult> {
  const { db, config, downloadCache } = c.get('deps');
  const viewer = c.get('viewer');
  const proceedAdult = c.req.query('view_adult') === 'true';
  const r = await downloadWork(db, viewer, workId, format, {
    proceedAdult,
    archiveName: siteOf(c).archiveName,
    siteUrl: `${requestOrigin(c)}/`,
    ifNoneMatch: c.req.header('if-none-match'),
    maxChars: config.wholeWorkMaxChars,
    cache: downloadCache,
  });
  // A browser reader who confirmed here has confirmed for the session, as on the work page.
  if (
    r.kind !== 'hidden' &&
    r.kind !== 'gate' &&
    proceedAdult &&
    viewer.user === null &&
    !viewer.sessionViewAdult &&
    c.get('session')
  ) {
    await rememberAdultConsent(db, (await ensureSession(c)).id);
  }
  return r;
}

/** Why a work is not built into one file or page: its length against the archive's limit. */
export function tooLongMessage(title: string, chars: number, maxChars: number): string {
  const n = (x: number) => x.toLocaleString('en');
  return `“${title}” holds ${n(chars)} characters of text, more than this archive puts into one file or page (${n(maxChars)}). Read it chapter by chapter on its page.`;
}

/** The file, or 304 when the reader already has this version. */
export function fileResponse(
  c: Context<AppEnv>,
  r: Extract<DownloadResult, { kind: 'file' | 'not-modified' }>,
): Response {
  // Restricted works and members' views must not sit in shared caches; revalidate with the ETag.
  const headers = { ETag: r.kind === 'file' ? r.file.etag : r.etag, 'Cache-Control': 'private, no-cache' };
  if (r.kind === 'not-modified') return c.body(null, 304, headers);
  return c.body(r.file.bytes.slice().buffer, 200, {
    ...headers,
    'Content-Type': r.file.contentType,
    'Content-Disposition': `attachment; filename="${r.file.fileName}"`,
    'Content-Length': String(r.file.bytes.byteLength),
  });
}
