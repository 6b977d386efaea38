import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import { isStorageFull } from '../store/db-faults.js';
import { loggedPath } from './logged-path.js';

export const STORAGE_FULL = Symbol('storage full');

/** Shown above a form sent back to its writer because the database could not grow. */
export const STORAGE_FULL_MESSAGE =
  'The archive’s storage is full, so this could not be saved. Everything you typed is still in the form below: keep a copy of it and send it again later.';

/** Logs the real cause of a write that failed for want of space. */
export function logStorageFull(c: Context<AppEnv>, err: unknown): void {
  c.get('deps').logger.error(
    { requestId: c.get('requestId'), err, path: loggedPath(c.req.path) },
    'storage full: the database could not grow, nothing was saved',
  );
}

/** Awaits a write; when the database could not grow, logs why and returns STORAGE_FULL so the form can be shown again. */
export async function savedUnlessFull<T>(c: Context<AppEnv>, write: Promise<T>): Promise<T | typeof STORAGE_FULL> {
  try {
    return await write;
  } catch (err) {
    if (!isStorageFull(err)) throw err;
    logStorageFull(c, err);
    return STORAGE_FULL;
  }
}
