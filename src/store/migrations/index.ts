import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-core.js';

/** Every migration, in order. Listed statically so they work from source and bundles alike. */
const MIGRATIONS: Record<string, Migration> = {
  '001-core': m001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
