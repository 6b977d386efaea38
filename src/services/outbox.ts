import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { canAdminister, type Viewer } from '../policies/index.js';
import { failedJobs, retryFailedJob } from '../store/job.store.js';
import { MAIL_JOB } from './mail.js';
import { recordAudit } from './audit-log.js';
import { fail, ok, type ServiceResult } from './result.js';

export interface FailedMail {
  id: number;
  to: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  finishedAt: string | null;
}

export interface OutboxFile {
  name: string;
  to: string;
  subject: string;
  writtenAt: string;
}

/** Mail jobs kept as failed, newest first (at most 100). */
export async function failedMail(db: Kysely<DB>): Promise<FailedMail[]> {
  return (await failedJobs(db))
    .filter((j) => j.kind === MAIL_JOB)
    .map((j) => {
      let to = '';
      let subject = '';
      try {
        const p = JSON.parse(j.payload) as { to?: unknown; subject?: unknown };
        to = typeof p.to === 'string' ? p.to : '';
        subject = typeof p.subject === 'string' ? p.subject : '';
      } catch {
        // A payload that is not JSON is shown without its address and subject.
      }
      return { id: j.id, to, subject, attempts: j.attempts, lastError: j.last_error, finishedAt: j.finished_at };
    });
}

/** Queues a failed mail again with fresh attempts, with an audit entry. */
export async function retryMail(db: Kysely<DB>, viewer: Viewer, jobId: number): Promise<ServiceResult<null>> {
  if (!canAdminister(viewer)) return fail(403, { _: 'Only admins can do that.' });
  return db.transaction().execute(async (trx) => {
    if (!(await retryFailedJob(trx, jobId))) return fail(404, { _: 'There is no failed mail of that number.' });
    await recordAudit(trx, viewer.user, 'mail.retried', { kind: 'job', id: jobId });
    return ok(null);
  });
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) of a header. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** A header of a message's head (folded lines joined). */
function header(head: string, name: string): string {
  const m = new RegExp(`^${name}:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(head);
  return m ? decodeHeader(m[1]!.replace(/\r?\n[ \t]/g, ' ').trim()) : '';
}

/** The newest `limit` messages written to the outbox folder, with their recipient and subject; none without the folder. */
export async function outboxFiles(dir: string | undefined, limit = 20): Promise<OutboxFile[]> {
  if (!dir) return [];
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  const stats = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await fs.stat(path.join(dir, name))).mtime })),
  );
  stats.sort((a, b) => b.mtime.getTime() - a.mtime.getTime() || b.name.localeCompare(a.name));
  return Promise.all(
    stats.slice(0, limit).map(async ({ name, mtime }) => {
      // The head is all that is shown: the first 16 KB hold it.
      const handle = await fs.open(path.join(dir, name));
      try {
        const buf = Buffer.alloc(16_384);
        const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
        const text = buf.subarray(0, bytesRead).toString('utf8');
        const head = text.split(/\r?\n\r?\n/)[0] ?? '';
        return { name, to: header(head, 'To'), subject: header(head, 'Subject'), writtenAt: mtime.toISOString() };
      } finally {
        await handle.close();
      }
    }),
  );
}
