import type { FieldErrors } from '../domain/work-input.js';

/** What a service returns: a value, or why not with a status the edges can map to HTTP. */
export type ServiceResult<T> =
  { ok: true; value: T } | { ok: false; status: 400 | 403 | 404 | 409 | 413 | 422 | 429; errors: FieldErrors };

export function fail(
  status: 400 | 403 | 404 | 409 | 413 | 422 | 429,
  errors: FieldErrors,
): { ok: false; status: typeof status; errors: FieldErrors } {
  return { ok: false, status, errors };
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export const NOT_FOUND = fail(404, { _: 'That work does not exist, or you cannot see it.' });
export const FORBIDDEN = fail(403, { _: 'Only the work’s creators can do that.' });
/** A creator a moderator suspended, changing what readers read (`canWriteWork`). */
export const SUSPENDED_WRITER = fail(403, {
  _: 'Your account is suspended: you cannot change your works until the suspension ends.',
});

export const nowIso = (): string => new Date().toISOString();
