import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError, configFrom, openMigrated } from './open.js';
import { BackupError } from '../store/backup.js';

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** `quire backup FILE` and `quire restore FILE`: a consistent copy while the server runs, and back. */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the archive to FILE while the server runs (SQLite: a database file; PostgreSQL: pg_dump)')
    .argument('<file>', 'where the backup goes; must not exist yet')
    .option('--data <dir>', 'data folder')
    .action(async (file: string, o: { data?: string }) => {
      const config = configFrom(o);
      const { backupPostgres, backupSqlite } = await import('../store/backup.js');
      try {
        const { bytes } = config.databaseUrl
          ? await backupPostgres(config.databaseUrl, file)
          : backupSqlite(path.join(config.dataDir, 'quire.sqlite'), file);
        process.stdout.write(`Backed up the archive to ${file} (${mb(bytes)}).\n`);
      } catch (err) {
        if (err instanceof BackupError) throw new UsageError(err.message);
        throw err;
      }
    });

  program
    .command('restore')
    .description('restore a backup into an empty data folder, or into the empty database in DATABASE_URL')
    .argument('<file>', 'a backup made by `quire backup`')
    .option('--data <dir>', 'data folder')
    .action(async (file: string, o: { data?: string }) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile())
        throw new UsageError(`Cannot read ${file}: no such file.`);
      const config = configFrom(o);
      const { backupKind, restorePostgres, restoreSqlite } = await import('../store/backup.js');
      const kind = backupKind(file);
      if (kind === 'unknown') throw new UsageError(`${file} is not a backup made by \`quire backup\`.`);
      if (kind === 'postgres' && !config.databaseUrl)
        throw new UsageError(`${file} is a PostgreSQL backup: set DATABASE_URL to an empty database to restore it.`);
      if (kind === 'sqlite' && config.databaseUrl)
        throw new UsageError(`${file} is a SQLite backup: unset DATABASE_URL and give the data folder with --data.`);
      try {
        if (kind === 'postgres') await restorePostgres(file, config.databaseUrl!);
        else {
          fs.mkdirSync(config.dataDir, { recursive: true });
          restoreSqlite(file, path.join(config.dataDir, 'quire.sqlite'));
        }
      } catch (err) {
        if (err instanceof BackupError) throw new UsageError(err.message);
        throw err;
      }
      // A backup from an older Quire is brought up to date now rather than at the next start.
      const database = await openMigrated(config);
      try {
        const n = await database.db
          .selectFrom('works')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        process.stdout.write(
          `Restored ${Number(n.n)} works from ${file}. The filter index is rebuilt when the server starts.\n`,
        );
      } finally {
        await database.close();
      }
    });
}
