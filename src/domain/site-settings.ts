import { z } from 'zod';
import { TERMS_VERSION } from './terms.js';
import { textToHtml } from './safe-html.js';
import { depthPastLimit, tooDeepMessage } from './html-depth.js';
import type { FieldErrors, Validated } from './work-input.js';

/**
 * How visitors become members: anyone signs up (`open`); visitors join a queue and admins send
 * invitations in batches (`queue`, as on AO3); or only with a code an admin made (`invite`).
 */
export const SIGNUP_MODES = ['open', 'queue', 'invite'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

/** The pages whose text admins write; an empty text shows the built-in one. */
export const SITE_PAGES = ['tos', 'privacy', 'about'] as const;
export type SitePage = (typeof SITE_PAGES)[number];

/** What admins set for the whole archive (the admin area's Settings). */
export interface SiteSettings {
  archiveName: string;
  signupMode: SignupMode;
  guestsMayComment: boolean;
  /** Plain text shown at the top of every page; empty for none. */
  banner: string;
  /** Sanitized HTML of each page; null shows the built-in text. */
  pages: Record<SitePage, string | null>;
  /**
   * The Terms' version sign-up records. It belongs to the text: an admin who changes the terms so
   * that members must accept them anew gives them a new version with the new text.
   */
  termsVersion: string;
}

export function defaultSiteSettings(archiveName: string): SiteSettings {
  return {
    archiveName,
    signupMode: 'open',
    guestsMayComment: true,
    banner: '',
    pages: { tos: null, privacy: null, about: null },
    termsVersion: TERMS_VERSION,
  };
}

/** The settings form as sent: every field a string. */
export type SiteSettingsInput = Record<
  'archiveName' | 'signupMode' | 'guestsMayComment' | 'banner' | 'termsVersion' | SitePage,
  string
>;

export const SITE_TEXT_MAX = 100_000;

const Form = z.object({
  archiveName: z.string().trim().min(1, 'Give the archive a name.').max(100, 'The name is at most 100 characters.'),
  signupMode: z.enum(SIGNUP_MODES, { message: 'Choose how visitors sign up.' }),
  banner: z.string().trim().max(1000, 'The banner is at most 1,000 characters.'),
  termsVersion: z
    .string()
    .trim()
    .regex(/^[\w.-]{1,40}$/, 'A version is 1–40 letters, digits, dots, dashes or underscores, e.g. 2027-01-15.'),
});

/** Checks the settings form; page texts are sanitized as work text is and otherwise kept as written. */
export function validateSiteSettings(input: SiteSettingsInput): Validated<SiteSettings> {
  const errors: FieldErrors = {};
  const r = Form.safeParse(input);
  if (!r.success) for (const i of r.error.issues) errors[String(i.path[0])] ??= i.message;
  const pages = { tos: null, privacy: null, about: null } as Record<SitePage, string | null>;
  for (const p of SITE_PAGES) {
    const text = input[p];
    if (text.length > SITE_TEXT_MAX)
      errors[p] = `A page holds at most ${SITE_TEXT_MAX.toLocaleString('en')} characters.`;
    else if (depthPastLimit(text) !== undefined) errors[p] = tooDeepMessage('The page text');
    else pages[p] = text.trim() === '' ? null : textToHtml(text);
  }
  if (!r.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      archiveName: r.data.archiveName,
      signupMode: r.data.signupMode,
      guestsMayComment: input.guestsMayComment === '1',
      banner: r.data.banner,
      pages,
      termsVersion: r.data.termsVersion,
    },
  };
}
