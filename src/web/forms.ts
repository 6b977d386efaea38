import type { FormBody as Body } from './read-form.js';

/** One text field of a parsed form ('' when absent); files are ignored. */
export function formString(body: Body, name: string): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}

/** Every value of a repeated field (checkboxes, multi-selects). */
export function formList(body: Body, name: string): string[] {
  const v = body[name] ?? body[`${name}[]`];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string');
}

export function formBool(body: Body, name: string): boolean {
  const v = formString(body, name);
  return v === '1' || v === 'on' || v === 'true' || v === 'yes';
}

/** Parses a positive integer route or query parameter; undefined when it is not one. */
export function positiveInt(s: string | undefined): number | undefined {
  if (!s || !/^\d{1,9}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 ? n : undefined;
}
