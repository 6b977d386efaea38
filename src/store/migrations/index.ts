import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-core.js';
import * as m002 from './002-tags-search.js';
import * as m003 from './003-access-tokens.js';
import * as m004 from './004-series.js';
import * as m005 from './005-work-changes.js';
import * as m006 from './006-fts-prefix.js';
import * as m007 from './007-fts-contentless.js';
import * as m008 from './008-creator-invitations.js';
import * as m009 from './009-kudos.js';
import * as m010 from './010-hits.js';
import * as m011 from './011-comments.js';
import * as m012 from './012-comments-status-idx.js';
import * as m013 from './013-jobs.js';
import * as m014 from './014-bookmarks.js';
import * as m015 from './015-subscriptions.js';
import * as m016 from './016-readings.js';
import * as m017 from './017-bookmark-targets.js';
import * as m018 from './018-work-stats.js';
import * as m019 from './019-chapters-listing-idx.js';
import * as m020 from './020-account-tokens.js';
import * as m021 from './021-moderation.js';
import * as m022 from './022-invitations.js';
import * as m023 from './023-data-exports.js';
import * as m024 from './024-change-clock.js';
import * as m025 from './025-export-chunks.js';

/** Every migration, in order. Listed statically so they work from source and bundles alike. */
const MIGRATIONS: Record<string, Migration> = {
  '001-core': m001,
  '002-tags-search': m002,
  '003-access-tokens': m003,
  '004-series': m004,
  '005-work-changes': m005,
  '006-fts-prefix': m006,
  '007-fts-contentless': m007,
  '008-creator-invitations': m008,
  '009-kudos': m009,
  '010-hits': m010,
  '011-comments': m011,
  '012-comments-status-idx': m012,
  '013-jobs': m013,
  '014-bookmarks': m014,
  '015-subscriptions': m015,
  '016-readings': m016,
  '017-bookmark-targets': m017,
  '018-work-stats': m018,
  '019-chapters-listing-idx': m019,
  '020-account-tokens': m020,
  '021-moderation': m021,
  '022-invitations': m022,
  '023-data-exports': m023,
  '024-change-clock': m024,
  '025-export-chunks': m025,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
