import type { Context, Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { canPostWork } from '../../policies/index.js';
import {
  importWork as readWorkFile,
  ImportTooLarge,
  MAX_IMPORT_FILE_BYTES,
  WEB_IMPORT_LIMITS,
} from '../../formats/import/index.js';
import { ImportError, type PortableWork } from '../../formats/portable-work.js';
import { importWork } from '../../services/import-work.js';
import { MAX_REQUEST_BYTES } from '../../domain/limits.js';
import { emptyWorkForm } from './work-form.js';
import { refusePosting } from './confirm-email.routes.js';
import { overHourlyLimit, TOO_MANY_PER_HOUR } from '../../services/rate-limits.js';
import { uploadDepthProblem, uploadProblem, workFormFromFile } from './work-upload.js';
import { newWorkPage } from './work-write.routes.js';
import crypto from 'node:crypto';
import { readForm } from '../read-form.js';

const MAX_UPLOAD = Math.min(MAX_IMPORT_FILE_BYTES, MAX_REQUEST_BYTES);

type Refusal = { message: string; status: 400 | 413 };

async function readUpload(c: Context<AppEnv>): Promise<PortableWork | Refusal> {
  const body = await readForm(c, { all: true });
  const file = body.file;
  if (!(file instanceof File) || file.size === 0)
    return { message: 'Choose a file to read: .txt, .md, .html or .epub (AO3 downloads included).', status: 400 };
  if (file.size > MAX_UPLOAD) {
    return {
      message: `That file is too big for the web form (${(MAX_UPLOAD / 1024 / 1024).toFixed(0)} MB at most); the quire import command takes bigger ones.`,
      status: 413,
    };
  }
  let work: PortableWork;
  try {
    // The form's own limits: the server's heap, not the command line's, has to hold what is read.
    work = readWorkFile(file.name, new Uint8Array(await file.arrayBuffer()), WEB_IMPORT_LIMITS);
  } catch (e) {
    if (e instanceof ImportTooLarge)
      return {
        message: `${file.name} is too big to read here: ${e.message}. The quire import command takes bigger files.`,
        status: 413,
      };
    if (e instanceof ImportError) return { message: `${file.name} could not be read: ${e.message}`, status: 400 };
    throw e;
  }
  const problem = uploadProblem(work);
  if (problem) return { message: `${file.name} is too long for the posting form. ${problem}`, status: 413 };
  const deep = uploadDepthProblem(work);
  return deep ? { message: `${file.name} cannot be posted as it is. ${deep}`, status: 400 } : work;
}

/**
 * "Fill the form from a file": a one-chapter file fills the posting form to check and post. A file
 * of several chapters is saved whole as a draft (the form holds one chapter, and no chapter may be
 * lost); when it cannot be saved as it is, the form shows the first chapter with what to fix.
 */
export function registerWorkUploadRoutes(app: Hono<AppEnv>): void {
  app.post('/works/new/import', async (c) => {
    const viewer = c.get('viewer');
    if (!canPostWork(viewer)) return refusePosting(c, '/works/new');
    const file = await readUpload(c);
    if ('message' in file) return newWorkPage(c, emptyWorkForm(), { file: file.message }, file.status);
    const v = workFormFromFile(file);
    if (file.chapters.length <= 1)
      return newWorkPage(
        c,
        v,
        {},
        200,
        undefined,
        <p class="notice">Filled from the file: check every field, then preview, post or save a draft.</p>,
      );
    const { db, rateLimits } = c.get('deps');
    if (await overHourlyLimit(db, rateLimits, 'work', viewer.user!.id)) {
      c.header('Retry-After', '3600');
      return newWorkPage(c, v, { _: TOO_MANY_PER_HOUR.work }, 429);
    }
    const key = crypto
      .createHash('sha256')
      .update(JSON.stringify(['upload', viewer.user!.id, file]))
      .digest('hex');
    const r = await importWork(db, viewer, file, { draft: true }, key);
    if (r.ok) return c.redirect(`/works/${r.value.workId}`, 303);
    return newWorkPage(
      c,
      v,
      r.errors,
      400,
      undefined,
      <p class="notice">
        This file has {file.chapters.length} chapters. Fix the fields marked below and send the file again to save all
        of them as a draft — or post the first chapter with this form and add the others with Add Chapter.
      </p>,
    );
  });
}
