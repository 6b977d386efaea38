/**
 * A private PostgreSQL primary and a streaming hot-standby replica of it, on loopback, for
 * multi-node tests and benchmarks: tests may restart the primary or pause the replica without
 * disturbing the shared server the rest of the suite uses.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The pair's URLs and controls; the controls are plain functions, so tests may destructure them. */
export interface ClusterPair {
  /** postgres://postgres@127.0.0.1:PORT/quire, the read-write primary. */
  primaryUrl: string;
  /** The hot standby, read-only. */
  replicaUrl: string;
  /** Resolves once the replica has replayed everything the primary has written so far (polls every 20 ms, fails after 30 s). */
  waitForReplay: () => Promise<void>;
  /** Pauses WAL replay on the replica and resolves once it has actually paused; WAL is still received. */
  pauseReplay: () => Promise<void>;
  /** Resumes WAL replay on the replica. */
  resumeReplay: () => Promise<void>;
  /** Ends every client connection on the replica and resolves once they are gone. */
  terminateReplicaConnections: () => Promise<void>;
  /** Restarts the primary (fast shutdown); the replica reconnects by itself. */
  restartPrimary: () => Promise<void>;
  /** Stops the primary (fast shutdown), leaving the replica running. */
  stopPrimary: () => Promise<void>;
  /** Starts the primary after stopPrimary(). */
  startPrimary: () => Promise<void>;
  /** Stops both servers (immediate mode) and removes their files; safe to call again, or after stopPrimary(). */
  stop: () => Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';
const POLL_MS = 20;
const REPLAY_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 30_000;

/** The bin directory of the newest PostgreSQL Debian has installed, or null. */
function findBinDir(): string | null {
  let versions: string[];
  try {
    versions = fs.readdirSync(PG_ROOT);
  } catch {
    return null;
  }
  const newest = versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && fs.existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? null : path.join(PG_ROOT, newest, 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** The postgres OS user's uid and gid, or null when there is none. */
function postgresUser(): { uid: number; gid: number } | null {
  const id = (flag: string) => {
    const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.trim()) : null;
  };
  const uid = id('-u');
  const gid = id('-g');
  return uid === null || gid === null ? null : { uid, gid };
}

/** True when a cluster pair can be started here: Debian's PostgreSQL binaries, and a postgres user if we are root. */
export function pgBinariesAvailable(): boolean {
  return findBinDir() !== null && (!isRoot() || postgresUser() !== null);
}

type Tools = { binDir: string; asPostgres: boolean; cwd: string };

/** Runs a PostgreSQL tool (as the postgres user when we are root: the server refuses to run as root). */
function tool(t: Tools, name: string, args: string[]): { ok: boolean; status: number | null; output: string } {
  const exe = path.join(t.binDir, name);
  const [cmd, argv] = t.asPostgres ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  // PG* variables (PGDATA, PGPORT, PGOPTIONS…) meant for the shared server must not leak in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  const r = spawnSync(cmd, argv, {
    cwd: t.cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const output = [r.error?.message, r.stderr?.trim(), r.stdout?.trim()].filter(Boolean).join('\n');
  return { ok: !r.error && r.status === 0, status: r.status, output };
}

function mustRun(t: Tools, name: string, args: string[], logFile?: string): void {
  const r = tool(t, name, args);
  if (r.ok) return;
  let log = '';
  if (logFile !== undefined && fs.existsSync(logFile)) {
    log = `\n--- last lines of ${logFile} ---\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`;
  }
  throw new Error(`${name} ${args.join(' ')} failed (exit ${r.status}):\n${r.output}${log}`);
}

/** Two distinct free loopback ports: both listeners stay open until both ports are known. */
async function freePorts(): Promise<[number, number]> {
  const listen = () =>
    new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
  const servers = [await listen(), await listen()];
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return [ports[0]!, ports[1]!];
}

/** Runs `fn` with a client of its own, ended after (errors of a server that ends it are ignored). */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A server-side termination arrives as an 'error' event, which would otherwise crash the process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `check` every POLL_MS until it returns true; after `timeoutMs` throws describe()'s message. */
async function pollUntil(check: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${describe()}${cause}`);
    }
    await sleep(POLL_MS);
  }
}

/** Starts a fresh primary and a streaming replica of it in a new temp dir; call stop() when done. */
export async function startClusterPair(): Promise<ClusterPair> {
  const binDir = findBinDir();
  if (binDir === null) throw new Error(`No PostgreSQL binaries under ${PG_ROOT}/*/bin.`);
  const asPostgres = isRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-pg-pair-'));
  if (asPostgres) {
    const owner = postgresUser();
    if (owner === null) throw new Error('Running as root, but there is no postgres OS user to run PostgreSQL as.');
    fs.chownSync(dir, owner.uid, owner.gid);
  }
  // cwd inside the temp dir: the postgres user may not be allowed into the repository.
  const t: Tools = { binDir, asPostgres, cwd: dir };
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const primaryLog = path.join(dir, 'primary.log');
  const replicaLog = path.join(dir, 'replica.log');

  // -l sends the server's output to a file: otherwise it would hold spawnSync's pipes open.
  const pgCtl = (dataDir: string, log: string, action: 'start' | 'restart' | 'stop') => {
    const args = { start: ['-l', log], restart: ['-l', log, '-m', 'fast'], stop: ['-m', 'fast'] }[action];
    mustRun(t, 'pg_ctl', [action, '-D', dataDir, '-w', ...args], log);
  };
  const running = (dataDir: string) => tool(t, 'pg_ctl', ['status', '-D', dataDir]).ok;
  const stopIfRunning = (dataDir: string): string | null => {
    if (!fs.existsSync(dataDir) || !running(dataDir)) return null;
    const r = tool(t, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
    return r.ok || !running(dataDir) ? null : `${dataDir}: ${r.output}`;
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    const failures = [stopIfRunning(replicaDir), stopIfRunning(primaryDir)].filter((f) => f !== null);
    // Removing the files of a server that is still running would only hide the leak.
    if (failures.length > 0) throw new Error(`Could not stop the cluster pair in ${dir}:\n${failures.join('\n')}`);
    stopped = true;
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [primaryPort, replicaPort] = await freePorts();
    const url = (port: number, db = 'quire') => `postgres://postgres@127.0.0.1:${port}/${db}`;

    mustRun(t, 'initdb', [
      '-D',
      primaryDir,
      '--auth=trust',
      '-U',
      'postgres',
      '--no-sync',
      '--encoding=UTF8',
      '--locale=C.UTF-8', // as Debian's own cluster, so text sorts the same as in the other tests
    ]);
    // The replica's base backup copies these, so they hold for both; its port is overridden below.
    const settings = {
      listen_addresses: '127.0.0.1',
      port: primaryPort,
      unix_socket_directories: dir,
      wal_level: 'replica',
      max_wal_senders: 5,
      fsync: 'off',
      shared_buffers: '32MB',
      shared_preload_libraries: 'pg_stat_statements',
      hot_standby: 'on',
      hot_standby_feedback: 'on',
      // After a primary restart the standby otherwise waits 5 s before reconnecting.
      wal_retrieve_retry_interval: '100ms',
    };
    const conf = Object.entries(settings)
      .map(([k, v]) => `${k} = '${v}'\n`)
      .join('');
    fs.appendFileSync(path.join(primaryDir, 'postgresql.conf'), `\n# quire-pg-pair\n${conf}`);
    pgCtl(primaryDir, primaryLog, 'start');
    await withClient(url(primaryPort, 'postgres'), (c) => c.query('create database quire'));
    await withClient(url(primaryPort), (c) => c.query('create extension if not exists pg_stat_statements'));

    // -R writes primary_conninfo and standby.signal; the slot keeps the WAL a paused replica still needs.
    mustRun(t, 'pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir],
      ...['-R', '-X', 'stream', '-C', '-S', 'quire_replica', '--checkpoint=fast', '--no-sync'],
    ]);
    fs.appendFileSync(path.join(replicaDir, 'postgresql.auto.conf'), `port = '${replicaPort}'\n`);
    pgCtl(replicaDir, replicaLog, 'start');
    await pollUntil(
      () =>
        withClient(
          url(replicaPort),
          async (c) => (await c.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]?.r === true,
        ),
      READY_TIMEOUT_MS,
      () =>
        `The replica on port ${replicaPort} did not come up in recovery within ${READY_TIMEOUT_MS / 1000} s; see ${replicaLog}.`,
    );

    const primaryUrl = url(primaryPort);
    const replicaUrl = url(replicaPort);
    const serverVersion = await withClient(replicaUrl, async (c) =>
      Number((await c.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0]?.v),
    );

    return {
      primaryUrl,
      replicaUrl,
      waitForReplay: async () => {
        let target = '?';
        let replayed = '?';
        await withClient(primaryUrl, (primary) =>
          withClient(replicaUrl, async (replica) => {
            target = (await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn;
            await pollUntil(
              async () => {
                const { rows } = await replica.query<{ done: boolean; at: string | null }>(
                  'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done, pg_last_wal_replay_lsn()::text as at',
                  [target],
                );
                replayed = rows[0]?.at ?? 'nothing';
                return rows[0]?.done === true;
              },
              REPLAY_TIMEOUT_MS,
              () =>
                `The replica had replayed WAL up to ${replayed} but not to the primary's ${target} after ` +
                `${REPLAY_TIMEOUT_MS / 1000} s (is replay paused?); see ${replicaLog}.`,
            );
          }),
        );
      },
      pauseReplay: async () => {
        await withClient(replicaUrl, async (c) => {
          await c.query('select pg_wal_replay_pause()');
          // Since PostgreSQL 14 a pause is only requested; wait until replay has actually stopped.
          if (serverVersion < 140000) return;
          await pollUntil(
            async () =>
              (await c.query<{ s: string }>('select pg_get_wal_replay_pause_state() as s')).rows[0]?.s === 'paused',
            READY_TIMEOUT_MS,
            () => 'Replay on the replica did not pause.',
          );
        });
      },
      resumeReplay: async () => {
        await withClient(replicaUrl, (c) => c.query('select pg_wal_replay_resume()'));
      },
      terminateReplicaConnections: async () => {
        await withClient(replicaUrl, async (c) => {
          const others = "backend_type = 'client backend' and pid <> pg_backend_pid()";
          await c.query(`select pg_terminate_backend(pid) from pg_stat_activity where ${others}`);
          await pollUntil(
            async () =>
              (await c.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where ${others}`)).rows[0]
                ?.n === 0,
            READY_TIMEOUT_MS,
            () => 'Client connections on the replica did not end.',
          );
        });
      },
      restartPrimary: async () => pgCtl(primaryDir, primaryLog, 'restart'),
      stopPrimary: async () => pgCtl(primaryDir, primaryLog, 'stop'),
      startPrimary: async () => pgCtl(primaryDir, primaryLog, 'start'),
      stop,
    };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}
