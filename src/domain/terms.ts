/**
 * The version of the Terms of Service that `/tos` shows, recorded with each sign-up's acceptance:
 * a change of the text that members must accept anew comes with a new version.
 */
export const TERMS_VERSION = '2026-12-06';
