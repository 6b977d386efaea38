import type { Context } from 'hono';
import type { AppEnv } from './context.js';

export type FormBody = Record<string, string | File | (string | File)[]>;

const URLENCODED = 'application/x-www-form-urlencoded';

/** The most fields a url-encoded form may carry; the largest form of the archive has a few hundred. */
export const MAX_FORM_FIELDS = 10_000;

/** A url-encoded form with more than MAX_FORM_FIELDS fields. */
export class TooManyFields extends Error {
  constructor() {
    super(`A form can carry at most ${MAX_FORM_FIELDS.toLocaleString('en')} fields.`);
  }
}

/**
 * The request's form fields, as Hono's `parseBody` gives them: the last value of a repeated field,
 * or every value with `all` (and always for a name ending in `[]`). A url-encoded form, every form
 * but an upload, is parsed with URLSearchParams: Hono's parser wraps the bytes in a web Response to
 * read them as FormData, most of the cost of a small post. Multipart forms go through Hono's.
 * Throws TooManyFields past MAX_FORM_FIELDS.
 */
export async function readForm(c: Context<AppEnv>, opts: { all?: boolean } = {}): Promise<FormBody> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== URLENCODED) return c.req.parseBody(opts);
  // The body is read once (Hono keeps the bytes); parsing again is cheap.
  const text = Buffer.from(await c.req.arrayBuffer()).toString('utf8');
  const form: FormBody = Object.create(null) as FormBody;
  let fields = 0;
  for (const [key, value] of new URLSearchParams(text)) {
    // A 4 MB body of "a&a&…" is two million fields: refused before they are gathered.
    if (++fields > MAX_FORM_FIELDS) throw new TooManyFields();
    if (!opts.all && !key.endsWith('[]')) {
      form[key] = value;
      continue;
    }
    const had = form[key];
    if (had === undefined) form[key] = key.endsWith('[]') ? [value] : value;
    else if (Array.isArray(had)) had.push(value);
    else form[key] = [had, value];
  }
  return form;
}
