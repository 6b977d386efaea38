import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Executor } from '../store/executor.js';
import {
  defaultSiteSettings,
  SIGNUP_MODES,
  SITE_PAGES,
  validateSiteSettings,
  type SignupMode,
  type SiteSettings,
  type SiteSettingsInput,
} from '../domain/site-settings.js';
import { canAdminister, type Viewer } from '../policies/index.js';
import { putSettings, readSettings } from '../store/site-settings.store.js';
import { logTagGraphChange } from '../store/work-changes.store.js';
import type { ChangeSignal } from '../store/change-signal.js';
import { recordAudit } from './audit-log.js';
import { fail, ok, type ServiceResult } from './result.js';

export type { SignupMode, SiteSettings };

/** Each setting's key in the `settings` table; an absent key holds its default. */
const KEY = {
  archiveName: 'site.archive_name',
  signupMode: 'site.signup_mode',
  guestsMayComment: 'site.guests_may_comment',
  banner: 'site.banner',
  termsVersion: 'site.terms_version',
  tos: 'site.page.tos',
  privacy: 'site.page.privacy',
  about: 'site.page.about',
} as const;
const KEYS = Object.values(KEY);

/** The stored settings over their defaults (the archive name from configuration). */
export async function readSiteSettings(db: Executor, configuredName: string): Promise<SiteSettings> {
  const stored = await readSettings(db, KEYS);
  const d = defaultSiteSettings(configuredName);
  const mode = stored.get(KEY.signupMode);
  const pages = { ...d.pages };
  for (const p of SITE_PAGES) pages[p] = stored.get(KEY[p]) || null;
  return {
    archiveName: stored.get(KEY.archiveName) || d.archiveName,
    signupMode: SIGNUP_MODES.includes(mode as SignupMode) ? (mode as SignupMode) : d.signupMode,
    guestsMayComment: (stored.get(KEY.guestsMayComment) ?? '1') === '1',
    banner: stored.get(KEY.banner) ?? d.banner,
    pages,
    termsVersion: stored.get(KEY.termsVersion) || d.termsVersion,
  };
}

/**
 * The site settings as requests see them, kept per process (main.ts makes one; createApp its own)
 * for one change stamp: a change of settings moves the stamp (see changeSiteSettings), so every
 * process reads them afresh on its next request, and its shared guest pages, keyed by the stamp,
 * are rendered again with the new name and banner. On SQLite the stamp is read without a query;
 * on PostgreSQL it costs one indexed query a request, as reading the eight rows would.
 */
export class SiteSettingsView {
  private held: { stamp: string; settings: SiteSettings } | undefined;

  constructor(
    private readonly signal: ChangeSignal,
    private readonly configuredName: string,
  ) {}

  /** The settings last read (the defaults before the first read). */
  current(): SiteSettings {
    return this.held?.settings ?? defaultSiteSettings(this.configuredName);
  }

  /** The settings for the current stamp, when that is known without waiting; else undefined. */
  fresh(): SiteSettings | undefined {
    const stamp = this.signal.stampNow();
    return stamp !== undefined && this.held?.stamp === stamp ? this.held.settings : undefined;
  }

  /** The settings for the current stamp, read from the database when it has moved. */
  async load(): Promise<SiteSettings> {
    // The stamp first: settings changed after it was read are then read again next time.
    const stamp = this.signal.stampNow() ?? (await this.signal.stamp());
    if (this.held?.stamp === stamp) return this.held.settings;
    const settings = await readSiteSettings(this.signal.db, this.configuredName);
    this.held = { stamp, settings };
    return settings;
  }
}

/** What a settings change stores under each key. */
function storedValues(s: SiteSettings): Array<[string, string]> {
  return [
    [KEY.archiveName, s.archiveName],
    [KEY.signupMode, s.signupMode],
    [KEY.guestsMayComment, s.guestsMayComment ? '1' : '0'],
    [KEY.banner, s.banner],
    [KEY.termsVersion, s.termsVersion],
    ...SITE_PAGES.map((p): [string, string] => [KEY[p], s.pages[p] ?? '']),
  ];
}

/**
 * Saves the settings form: only what changed is written, with one audit entry naming it (page
 * texts by name only), in one transaction that also moves the change stamp.
 */
export async function changeSiteSettings(
  db: Kysely<DB>,
  viewer: Viewer,
  input: SiteSettingsInput,
  configuredName: string,
): Promise<ServiceResult<{ changed: string[] }>> {
  if (!canAdminister(viewer)) return fail(403, { _: 'Only admins change the archive’s settings.' });
  const valid = validateSiteSettings(input);
  if (!valid.ok) return fail(400, valid.errors);
  return db.transaction().execute(async (trx) => {
    const before = new Map(storedValues(await readSiteSettings(trx, configuredName)));
    const changes = storedValues(valid.value).filter(([k, v]) => before.get(k) !== v);
    if (changes.length === 0) return ok({ changed: [] });
    await putSettings(trx, changes);
    const names = changes.map(([k]) => k.replace(/^site\./, ''));
    const shown = Object.fromEntries(changes.filter(([k]) => !k.startsWith('site.page.')));
    await recordAudit(trx, viewer.user, 'settings.changed', { kind: 'site', id: null }, { changed: names, ...shown });
    // Not a tag change, but moving the stamp the same way makes every process read the settings
    // again and re-render its shared guest pages (the banner and the name are on every page).
    await logTagGraphChange(trx);
    return ok({ changed: names });
  });
}
