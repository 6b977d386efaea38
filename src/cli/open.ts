import { loadConfig, type Config } from '../config.js';
import { migrateToLatest, openDatabase, type Database } from '../store/db.js';

/** Exit codes: 2 for a usage error (bad flag, unknown value), 1 for anything that failed while running. */
export class UsageError extends Error {}

export function configFrom(opts: { data?: string; port?: string }): Config {
  const overrides: Partial<Config> = {};
  if (opts.data) overrides.dataDir = opts.data;
  if (opts.port !== undefined) {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a whole number from 0 to 65535 (got “${opts.port}”).`);
    overrides.port = port;
  }
  return loadConfig(process.env, overrides);
}

/** Opens and migrates the configured database for one command. */
export async function openMigrated(config: Config): Promise<Database> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database.db);
  return database;
}
