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
 * but an upload, is parsed with URLSearchParams, once per request (the CSRF check and the handler
 * share it): Hono's parser wraps the bytes in a web Response to read them as FormData, most of the
 * cost of a small post. Multipart forms go through Hono's. Throws TooManyFields past
 * MAX_FORM_FIELDS, counted before the fields are parsed.
 */
export async function readForm(c: Context<AppEnv>, opts: { all?: boolean } = {}): Promise<FormBody> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== URLENCODED) return c.req.parseBody(opts);
  let fields = c.get('formFields');
  if (!fields) {
    fields = parseFields(Buffer.from(await c.req.arrayBuffer()).toString('utf8'));
    c.set('formFields', fields);
  }
  const form: FormBody = Object.create(null) as FormBody;
  for (const [key, value] of fields) {
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

function parseFields(text: string): Array<[string, string]> {
  // A 4 MB body of "a&a&…" is two million fields: its separators are counted before any is parsed.
  let separators = 0;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1))
    if (++separators >= MAX_FORM_FIELDS) throw new TooManyFields();
  return [...new URLSearchParams(text)];
}
