#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerImport } from './import.command.js';
import { UsageError, configFrom, openMigrated } from './open.js';
import { readPassword } from './read-password.js';
import { migrateToLatest, openDatabase } from '../store/db.js';

const program = new Command();
program.name('quire').description('Quire, a self-hostable archive for fan fiction').exitOverride();

program
  .command('serve')
  .description('start the archive (SQLite under --data unless DATABASE_URL is set)')
  .option('--port <n>', 'port to listen on (default 3000, or $PORT)')
  .option('--data <dir>', 'data folder (default ./data, or $QUIRE_DATA)')
  .action(async (o: { port?: string; data?: string }) => {
    // Loaded here so that other commands do not pay for the web stack at start-up.
    const { startServer } = await import('../main.js');
    const running = await startServer(configFrom(o));
    process.stdout.write(`Quire is running at ${running.url} (${running.database.dialect})\n`);
    const stop = () => {
      void running.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .option('--data <dir>', 'data folder')
  .action(async (o: { data?: string }) => {
    const config = configFrom(o);
    const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrateToLatest(database.db);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date.\n');
    } finally {
      await database.close();
    }
  });

const user = program.command('user').description('manage members');
user
  .command('create')
  .description('create a member; the password is read from stdin or prompted for')
  .requiredOption('--username <name>', 'username (3–40 letters, digits, underscores)')
  .requiredOption('--email <email>', 'email address')
  .option('--admin', 'make the member an admin')
  .option('--data <dir>', 'data folder')
  .action(async (o: { username: string; email: string; admin?: boolean; data?: string }) => {
    const config = configFrom(o);
    const { createAccount } = await import('../services/create-account.js');
    const password = await readPassword('Password: ');
    const database = await openMigrated(config);
    try {
      const r = await createAccount(database.db, { username: o.username, email: o.email, password, isAdmin: o.admin === true, requireConsent: false });
      if (!r.ok) throw new UsageError(Object.values(r.errors).join('\n'));
      process.stdout.write(`Created ${o.admin ? 'admin' : 'member'} ${r.value.username} (id ${r.value.userId}).\n`);
    } finally {
      await database.close();
    }
  });

registerImport(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  if (e instanceof UsageError) {
    process.stderr.write(`quire: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`quire: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
