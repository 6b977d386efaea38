import http from 'node:http';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import pino from 'pino';
import { batchedLogDestination } from './log-destination.js';
import { requestTurns } from './request-turns.js';
import type { Config } from './config.js';
import { checkDatabase, migrateToLatest, openDatabase, sqliteHandle, type Database } from './store/db.js';
import { WalCheckpointer } from './store/wal-checkpointer.js';
import { ChangeListener } from './store/change-listener.js';
import { lsnFromCookieHeader, withReadRoute } from './store/read-route.js';
import { refuseStandby } from './store/readiness.store.js';
import { createApp } from './web/app.js';
import { createPageCaches } from './web/page-caches.js';
import { answerGuestPageHit } from './web/middleware/guest-page-cache.js';
import { purgeSessions } from './services/sessions.js';
import { CLEAN_UP_EVERY_MS, cleanUpIfDue } from './services/clean-up.js';
import { filterIndexSettings, startFilterIndex } from './search/filter-index/start.js';
import { createSearchState } from './search/search-state.js';
import { CountsView } from './services/counts-view.js';
import { HitCounter } from './services/hit-counter.js';
import { ReadingRecorder } from './services/reading-recorder.js';
import { CommitQueue } from './store/commit-queue.js';
import { JobRunner } from './services/job-runner.js';
import { FAN_OUT_JOB, fanOutHandler } from './services/fan-out.js';
import { DownloadCache } from './services/download-cache.js';
import { MAIL_JOB, mailHandler } from './services/mail.js';
import { rateLimitsFrom } from './services/rate-limits.js';
import { createMailSender } from './services/mail-sender.js';
import { SiteSettingsView } from './services/site-settings.js';
import { DELETE_ACCOUNT_JOB } from './services/delete-account.js';
import { deleteAccountHandler } from './services/delete-account-job.js';
import { DATA_EXPORT_JOB, dataExportHandler } from './services/data-export-build.js';

/**
 * Built downloads kept in memory. 32 MiB holds a few hundred typical EPUBs (tens of KB each) or a
 * handful of the longest works' files, a small share of `npm start`'s 256 MB heap.
 */
const DOWNLOAD_CACHE_BYTES = 32 * 1024 * 1024;

export interface Running {
  url: string;
  database: Database;
  close(): Promise<void>;
}

const isProbe = (url: string | undefined) => url === '/healthz' || url === '/readyz';

/** Composition root: open and migrate the database, build the app, listen. */
export async function startServer(config: Config): Promise<Running> {
  // Log lines are written in batches (see log-destination.ts), at most a second late.
  const logDestination = batchedLogDestination(1);
  const logger = pino({ level: config.logLevel }, logDestination);
  // Read before anything opens: a wrong setting stops the start with its reason.
  const rateLimits = rateLimitsFrom(config.rateLimitsJson);
  const started = performance.now();
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    replicaUrls: config.replicaUrls,
    replicaMaxLagMs: config.replicaMaxLagMs,
    log: (level, msg, data) => logger[level](data ?? {}, msg),
    onConnectionLost: (err) =>
      logger.warn({ err }, 'a pooled PostgreSQL connection was lost; the next query opens a new one'),
  });
  try {
    if (config.replicaUrls.length && database.dialect !== 'postgres')
      throw new Error('DATABASE_REPLICA_URLS needs DATABASE_URL to name the PostgreSQL primary.');
    await refuseStandby(database);
    const checkStarted = performance.now();
    checkDatabase(database);
    logger.debug({ ms: Math.round(performance.now() - checkStarted) }, 'database checked');
  } catch (err) {
    await database.close();
    throw err;
  }
  // Reads of requests may go to replicas from now on; each replica's lag is read every second.
  database.replicas?.watch();
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  await purgeSessions(database.db);
  // SQLite's WAL is copied back into the database by a worker thread, not inside commits (ADR 009).
  const sqlite = sqliteHandle(database.db);
  const checkpointer = sqlite
    ? await WalCheckpointer.start(sqlite, { log: (level, msg, data) => logger[level](data ?? {}, msg) })
    : undefined;
  // Members' exports of their data are built in the data folder, then kept in the database, so that
  // any node serves the download.
  const exportsDir = path.join(config.dataDir, 'exports');
  // The hourly clean-up (services/clean-up.ts), run by one process of the cluster each hour;
  // unref() lets the process exit.
  const janitor = setInterval(() => {
    cleanUpIfDue(database.db).catch((err: unknown) => logger.warn({ err }, 'the hourly clean-up failed'));
  }, CLEAN_UP_EVERY_MS);
  janitor.unref();
  // The in-memory filter index builds in the background; listings use SQL until it is ready.
  const indexSettings = filterIndexSettings();
  const filterIndex = indexSettings.enabled
    ? startFilterIndex(database.db, {
        maxBytes: indexSettings.maxBytes,
        log: (level, msg, data) => logger[level](data ?? {}, msg),
        onProgress: (stage, done, total) => logger.debug({ stage, done, total }, 'building the filter index'),
        snapshotPath: path.join(config.dataDir, 'filter-index.snapshot'),
      })
    : undefined;
  // Counts as pages show them, refreshed from the shared count log every second (ADR 010).
  const counts = new CountsView(database.db);
  const countsTimer = setInterval(
    () => void counts.refresh().catch((err: unknown) => logger.warn({ err }, 'reading count changes failed')),
    1000,
  );
  countsTimer.unref();
  // Page views gathered in memory, written once a second (at most a second of hits lost to a crash).
  const hits = new HitCounter(database.db, (ids) => counts.changed(ids));
  const hitsTimer = setInterval(
    () => void hits.flush().catch((err: unknown) => logger.warn({ err }, 'writing hits failed')),
    1000,
  );
  hitsTimer.unref();
  // PostgreSQL: every committed change is heard at once (LISTEN), so an idle node's filter index and
  // counts are caught up before the next request rather than during it.
  const changeListener =
    database.dialect === 'postgres' && config.databaseUrl
      ? new ChangeListener({
          url: config.databaseUrl,
          onChange: (log) => {
            const caughtUp = log === 'work_changes' ? filterIndex?.index.catchUp() : counts.refresh();
            caughtUp?.catch((err: unknown) => logger.warn({ err }, 'catching up with a change failed'));
          },
          log: (level, msg, data) => logger[level](data ?? {}, msg),
        })
      : undefined;
  changeListener?.start();
  // Members' visits for their reading history, gathered and written the same way (at most a second lost).
  const readings = new ReadingRecorder(database.db);
  const readingsTimer = setInterval(
    () => void readings.flush().catch((err: unknown) => logger.warn({ err }, 'writing reading history failed')),
    1000,
  );
  readingsTimer.unref();
  // Durable background jobs (ADR 012); each kind of job registers its handler here.
  const search = createSearchState(database.db, filterIndex?.index);
  // Kudos and comments share commits on SQLite: one sync to disk for the writes of a moment; so do
  // the fan-out's steps.
  const commits = new CommitQueue(database.db);
  // Mail goes out from a job (ADR 013): over SMTP_URL, or into the data folder's outbox/.
  const mail = createMailSender({
    smtpUrl: config.smtpUrl,
    outboxDir: path.join(config.dataDir, 'outbox'),
    from: config.mailFrom,
    log: (msg, data) => logger.info(data, msg),
  });
  logger.info({ to: mail.destination }, 'mail goes out');
  const jobs = new JobRunner(
    database.db,
    {
      [FAN_OUT_JOB]: fanOutHandler(search, { commit: (fn) => commits.run(fn) }),
      [MAIL_JOB]: mailHandler(mail),
      [DELETE_ACCOUNT_JOB]: deleteAccountHandler(database.db, { commit: (fn) => commits.run(fn) }),
      [DATA_EXPORT_JOB]: dataExportHandler(database.db, {
        dir: exportsDir,
        maxChars: config.wholeWorkMaxChars,
        // Known once the server listens; a build asked for before then waits for its retry.
        site: () =>
          appConfig.publicUrl ? { archiveName: appConfig.siteName, siteUrl: `${appConfig.publicUrl}/` } : undefined,
        mailSite: () =>
          appConfig.publicUrl ? { siteName: appConfig.siteName, publicUrl: appConfig.publicUrl } : undefined,
      }),
    },
    { log: (level, msg, data) => logger[level](data ?? {}, msg) },
  );
  jobs.start();
  // Links in mail name the archive as configured, or as it listens (set below, once it does).
  const appConfig = { ...config };
  const deps = {
    db: database.db,
    config: appConfig,
    logger,
    downloadCache: new DownloadCache(DOWNLOAD_CACHE_BYTES),
    // Shared by the app and the listener's shortcut for guest pages.
    pageCaches: createPageCaches(),
    search,
    jobs,
    counts,
    hits,
    readings,
    commits,
    rateLimits,
    // Read again whenever the change stamp moves, which a change of settings does.
    siteSettings: new SiteSettingsView(search.signal, config.siteName),
    outboxDir: path.join(config.dataDir, 'outbox'),
    replicas: database.replicas,
  };
  const app = createApp(deps);
  const listener = getRequestListener(app.fetch);
  const turns = requestTurns();
  // Pages shared by every guest are answered before Hono; everything else goes through the app.
  const server = http.createServer((req, res) => {
    const fail = (err: unknown) => {
      logger.error({ err, path: req.url }, 'unhandled error');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The archive could not answer this request.');
    };
    const start = () => {
      // A visitor who gave up while the request waited its turn needs no page.
      if (req.socket.destroyed) return;
      try {
        Promise.resolve(listener(req, res)).catch(fail);
      } catch (err) {
        fail(err);
      }
    };
    // A load balancer's probe skips the queue: under load, a node that is answering must not be
    // taken out of rotation because its probe waited behind the requests it is answering.
    const toApp = () => (isProbe(req.url) ? start() : turns.admit(start));
    const answer = () => {
      try {
        const answered = answerGuestPageHit(deps, req, res);
        if (answered === true) return;
        if (answered === false) toApp();
        else answered.then((done) => (done ? undefined : toApp())).catch(fail);
      } catch (err) {
        fail(err);
      }
    };
    // With replicas, each request reads from one that has replayed what it must see (read-route.ts).
    if (database.replicas) withReadRoute(lsnFromCookieHeader(req.headers.cookie), answer);
    else answer();
  });
  server.on('connection', () => turns.accepted());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  appConfig.publicUrl ??= url;
  logger.info({ url, dialect: database.dialect, ms: Math.round(performance.now() - started) }, 'Quire is listening');
  return {
    url,
    database,
    close: async () => {
      clearInterval(janitor);
      clearInterval(countsTimer);
      clearInterval(hitsTimer);
      clearInterval(readingsTimer);
      await changeListener?.stop();
      await filterIndex?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.stop();
      mail.close();
      // What was gathered since the last write is stored before the database closes.
      await hits.flush().catch((err: unknown) => logger.warn({ err }, 'writing hits failed'));
      await readings.flush().catch((err: unknown) => logger.warn({ err }, 'writing reading history failed'));
      await checkpointer?.stop();
      await database.close();
      logDestination.close();
      logger.flush();
    },
  };
}
