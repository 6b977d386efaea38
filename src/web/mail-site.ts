import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import type { MailSite } from '../services/account-mail.js';
import { siteOf } from './site-settings.js';

/** The archive's name and address for a mail this request sends (main.ts always sets the address). */
export function mailSite(c: Context<AppEnv>): MailSite {
  const { publicUrl } = c.get('deps').config;
  if (!publicUrl) throw new Error('config.publicUrl is not set: links in mail need the archive’s address');
  return { siteName: siteOf(c).archiveName, publicUrl };
}
