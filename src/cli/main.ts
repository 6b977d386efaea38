#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerImport } from './import.command.js';
import { registerBackup } from './backup.command.js';
import { UsageError, configFrom, openMigrated } from './open.js';
import { readPassword } from './read-password.js';
import { checkDatabase, migrateToLatest, openDatabase } from '../store/db.js';

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
      checkDatabase(database);
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
      const r = await createAccount(database.db, {
        username: o.username,
        email: o.email,
        password,
        isAdmin: o.admin === true,
        requireConsent: false,
      });
      if (!r.ok) throw new UsageError(Object.values(r.errors).join('\n'));
      process.stdout.write(`Created ${o.admin ? 'admin' : 'member'} ${r.value.username} (id ${r.value.userId}).\n`);
    } finally {
      await database.close();
    }
  });

user
  .command('role')
  .description('grant (or with --remove, take away) a role: wrangler, moderator or admin')
  .argument('<username>', 'the member')
  .argument('<role>', 'wrangler, moderator or admin')
  .option('--remove', 'take the role away')
  .option('--data <dir>', 'data folder')
  .action(async (username: string, role: string, o: { remove?: boolean; data?: string }) => {
    const { ROLES, findUserByUsername, setRole } = await import('../store/user.store.js');
    const known = ROLES.find((r) => r === role);
    if (!known) throw new UsageError(`Unknown role “${role}”. Roles: ${ROLES.join(', ')}.`);
    const config = configFrom(o);
    const database = await openMigrated(config);
    try {
      const found = await findUserByUsername(database.db, username);
      if (!found) throw new UsageError(`There is no member named “${username}”.`);
      await setRole(database.db, found.id, known, !o.remove);
      const named = known === 'admin' ? 'an admin' : `a ${known}`;
      process.stdout.write(`${found.username} ${o.remove ? 'is no longer' : 'is now'} ${named}.\n`);
    } finally {
      await database.close();
    }
  });

program
  .command('reindex')
  .description('rebuild the full-text index and derived fields of every work')
  .option('--data <dir>', 'data folder')
  .action(async (o: { data?: string }) => {
    const database = await openMigrated(configFrom(o));
    try {
      const { rebuildSearchIndex } = await import('../search/work-index.js');
      const { SingleBar, Presets } = await import('cli-progress');
      const bar = new SingleBar(
        { format: 'reindex [{bar}] {value}/{total} works', noTTYOutput: false },
        Presets.shades_classic,
      );
      let started = false;
      const n = await rebuildSearchIndex(database.db, (done, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      });
      if (started) bar.stop();
      process.stdout.write(`Reindexed ${n} works.\n`);
    } finally {
      await database.close();
    }
  });

const jobs = program.command('jobs').description('background jobs kept as failed (ADR 012)');
jobs
  .command('failed')
  .description('list the jobs that failed on every attempt, newest first, with their last error')
  .option('--data <dir>', 'data folder')
  .action(async (o: { data?: string }) => {
    const database = await openMigrated(configFrom(o));
    try {
      const { failedJobs } = await import('../store/job.store.js');
      const rows = await failedJobs(database.db);
      if (rows.length === 0) process.stdout.write('No failed jobs.\n');
      for (const j of rows)
        process.stdout.write(
          `#${j.id} ${j.kind}${j.key ? ` (${j.key})` : ''}: ${j.attempts} attempts, last at ${j.finished_at ?? '?'}\n  ${j.last_error ?? ''}\n`,
        );
    } finally {
      await database.close();
    }
  });
jobs
  .command('retry')
  .description('queue a failed job again, with fresh attempts')
  .argument('<id>', 'the job, as `quire jobs failed` lists it')
  .option('--data <dir>', 'data folder')
  .action(async (id: string, o: { data?: string }) => {
    const n = Number(id.replace(/^#/, ''));
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`A job id is a whole number (got “${id}”).`);
    const database = await openMigrated(configFrom(o));
    try {
      const { retryFailedJob } = await import('../store/job.store.js');
      if (!(await retryFailedJob(database.db, n))) throw new UsageError(`There is no failed job #${n}.`);
      process.stdout.write(`Job #${n} is queued again.\n`);
    } finally {
      await database.close();
    }
  });

registerImport(program);
registerBackup(program);

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
