import { LIMITS } from './limits.js';
import { depthPastLimit, tooDeepMessage } from './html-depth.js';
import { commentToHtml } from './safe-html.js';
import type { FieldErrors } from './work-input.js';

export interface CommentInput {
  body: string;
  /** Guests only. */
  guestName?: string;
  guestEmail?: string;
}

export type ValidComment = { body: string; guestName: string | null; guestEmail: string | null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a comment before anything is parsed (length, then nesting depth) and makes its HTML.
 * A guest's name and e-mail address are required; the address is kept but never shown.
 */
export function validateComment(
  input: CommentInput,
  guest: boolean,
): { ok: true; value: ValidComment } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = input.body.trim();
  if (text === '') errors.body = 'Write a comment first: it is empty.';
  else if (text.length > LIMITS.commentMax)
    errors.body = `A comment can be at most ${LIMITS.commentMax.toLocaleString('en')} characters (it has ${text.length.toLocaleString('en')}).`;
  else if (depthPastLimit(text) !== undefined) errors.body = tooDeepMessage('The comment');
  let guestName: string | null = null;
  let guestEmail: string | null = null;
  if (guest) {
    guestName = (input.guestName ?? '').trim();
    guestEmail = (input.guestEmail ?? '').trim();
    if (guestName === '') errors.guestName = 'Give a name to sign your comment with.';
    else if (guestName.length > LIMITS.pseudMax)
      errors.guestName = `A name can be at most ${LIMITS.pseudMax} characters.`;
    if (!EMAIL.test(guestEmail) || guestEmail.length > LIMITS.emailMax)
      errors.guestEmail = 'Give an e-mail address (it is never shown).';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const body = commentToHtml(text);
  if (body === '') return { ok: false, errors: { body: 'Write a comment first: it has no text.' } };
  return { ok: true, value: { body, guestName, guestEmail } };
}

/** How many links a comment carries (for the spam check). */
export function linkCount(html: string): number {
  return (html.match(/<a\s/g) ?? []).length;
}
