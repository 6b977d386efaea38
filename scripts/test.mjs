#!/usr/bin/env node
// Quire test harness (`npm test`). Prepares everything the suite needs on a
// fresh Debian box (CI runs this as root via .ci/run), then runs node --test.
// Only node built-ins here: it must work before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const isRoot = process.getuid?.() === 0;
const env = { ...process.env };
const CHROMIUM = '/usr/bin/chromium';
const PG_USER = 'quire_test'; // role, password and database share this name

/** Run a command with inherited stdio; returns true on exit code 0. */
function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  // stdin is ignored: CI has none, and nothing here may wait for a prompt.
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env, ...opts });
  return r.status === 0;
}

/** Run quietly and capture stdout (null on failure or if cmd is missing). */
function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, ...opts });
  return r.status === 0 ? r.stdout : null;
}

const has = (cmd) => capture('sh', ['-c', `command -v ${cmd}`]) !== null;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const fail = (msg) => {
  console.error(`\n[test] ${msg}`);
  process.exit(1);
};

let aptUpdated = false;
function aptInstall(pkg) {
  if (!isRoot || !has('apt-get')) return false;
  if (!aptUpdated && !run('apt-get', ['update'])) return false;
  aptUpdated = true;
  return run('apt-get', ['install', '-y', pkg], { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
}

// 1. Dependencies: a fresh clone run as `node scripts/test.mjs` has none yet.
if (!existsSync(join(root, 'node_modules'))) {
  const lock = existsSync(join(root, 'package-lock.json'));
  if (!run('npm', [lock ? 'ci' : 'install'], { cwd: root })) fail('npm dependency install failed.');
}

// 2. Chromium: the browser (e2e) tests drive the system Chromium, not a download.
if (!existsSync(CHROMIUM)) {
  if (!isRoot) fail(`Browser tests need ${CHROMIUM}; install it (apt-get install chromium) or run as root.`);
  console.log(`[test] ${CHROMIUM} is missing; installing Debian's chromium package.`);
  if (!aptInstall('chromium') || !existsSync(CHROMIUM)) {
    fail(`Could not install chromium via apt-get; browser tests need ${CHROMIUM}.`);
  }
}
env.QUIRE_CHROMIUM = CHROMIUM;

// 2b. epubcheck: the EPUB tests validate every generated book with Debian's epubcheck.
//     Debian's wrapper script fails to start here, so the tests run the jar with java.
const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';
if (!existsSync(EPUBCHECK_JAR) || !has('java')) {
  if (!isRoot)
    fail(
      `EPUB tests need Debian's epubcheck (${EPUBCHECK_JAR}); install it (apt-get install epubcheck) or run as root.`,
    );
  console.log("[test] epubcheck is missing; installing Debian's epubcheck package.");
  if (!aptInstall('epubcheck') || !existsSync(EPUBCHECK_JAR)) fail('Could not install epubcheck via apt-get.');
}
env.QUIRE_EPUBCHECK_JAR = EPUBCHECK_JAR;

// 3. PostgreSQL for the PostgreSQL-dialect tests: explicit URL > local Debian
//    cluster (installed if need be) > PGlite, so the suite always runs somewhere.
function listClusters() {
  const out = capture('pg_lsclusters', ['--no-header']);
  if (!out) return [];
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [ver, name, port, status] = line.trim().split(/\s+/);
      return { ver, name, port, status };
    });
}

const canConnect = (url) =>
  capture('psql', [url, '-X', '-q', '-t', '-c', 'select 1'], { env: { ...env, PGCONNECT_TIMEOUT: '5' } }) !== null;

function useDebianCluster() {
  if (!has('pg_ctlcluster') && !aptInstall('postgresql')) return null;
  const clusters = listClusters().filter((c) => !c.status.includes('binaries_missing'));
  const c = clusters.find((c) => c.status.startsWith('online')) ?? clusters[0];
  if (!c) return null;
  const url = `postgres://${PG_USER}:${PG_USER}@127.0.0.1:${c.port}/${PG_USER}`;
  // Without root we can neither start the cluster nor create roles; use it only
  // if someone already set it up for us.
  if (!isRoot) return c.status.startsWith('online') && canConnect(url) ? url : null;

  const started = Date.now();
  if (!c.status.startsWith('online') && !run('pg_ctlcluster', [c.ver, c.name, 'start'])) return null;
  const ready = () => spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', c.port]).status === 0;
  while (!ready()) {
    if (Date.now() - started > 30_000) {
      console.error('[test] PostgreSQL not ready after 30 s.');
      return null;
    }
    sleep(250);
  }
  console.log(`[test] PostgreSQL ${c.ver}/${c.name} ready on port ${c.port} after ${Date.now() - started} ms.`);

  // Idempotent: re-running resets the password rather than failing on "exists".
  const sql = `
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_USER}') THEN
        CREATE ROLE ${PG_USER} LOGIN;
      END IF;
    END $$;
    ALTER ROLE ${PG_USER} LOGIN PASSWORD '${PG_USER}' NOSUPERUSER CREATEDB;
    SELECT 'CREATE DATABASE ${PG_USER} OWNER ${PG_USER}'
      WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${PG_USER}') \\gexec
  `;
  // Peer auth over the Unix socket as the postgres OS user; cwd '/' because
  // postgres may not be allowed to read the repo directory.
  const r = spawnSync('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-p', c.port], {
    input: sql,
    cwd: '/',
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    console.error('[test] Could not create the quire_test role/database.');
    return null;
  }
  if (!canConnect(url)) {
    console.error(`[test] Cannot connect to ${url.replace(/:[^:@]*@/, ':***@')}.`);
    return null;
  }
  return url;
}

if (env.QUIRE_TEST_PG_URL) {
  console.log('[test] PostgreSQL: using QUIRE_TEST_PG_URL from the environment.');
} else {
  const url = env.QUIRE_TEST_PGLITE === '1' ? null : useDebianCluster();
  if (url) {
    env.QUIRE_TEST_PG_URL = url;
    console.log(`[test] PostgreSQL: local server at ${url.replace(/:[^:@]*@/, ':***@')}.`);
  } else {
    const why = env.QUIRE_TEST_PGLITE === '1' ? 'QUIRE_TEST_PGLITE=1 set' : 'no server available';
    env.QUIRE_TEST_PGLITE = '1';
    console.log(`[test] PostgreSQL: ${why}; PostgreSQL-dialect tests will use PGlite (in-process).`);
  }
}

// Schemas left by runs that were killed before their own clean-up (t<pid>_…, the pid no longer
// running) slow every PostgreSQL test that follows: drop them, one statement each, before starting.
if (env.QUIRE_TEST_PG_URL) {
  const listed = capture('psql', [
    env.QUIRE_TEST_PG_URL,
    '-X',
    '-q',
    '-At',
    '-c',
    "SELECT nspname FROM pg_namespace WHERE nspname ~ '^t[0-9]+_'",
  ]);
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return e.code === 'EPERM';
    }
  };
  const stale = (listed ?? '').split('\n').filter((s) => s && !alive(Number(/^t(\d+)_/.exec(s)[1])));
  for (const s of stale) capture('psql', [env.QUIRE_TEST_PG_URL, '-X', '-q', '-c', `DROP SCHEMA "${s}" CASCADE`]);
  if (stale.length) console.log(`[test] Dropped ${stale.length} schema(s) left by earlier runs that did not finish.`);
}

// 4. Test files. Node 20's --test does not expand globs, so collect them here.
function collect(dir, pattern, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, pattern, out);
    else if (pattern.test(entry.name)) out.push(relative(root, path));
  }
  return out;
}

// Extra args: flags (e.g. --test-name-pattern=x) go to node, the rest are files.
const extra = process.argv.slice(2);
const flags = extra.filter((a) => a.startsWith('-'));
let files = extra.filter((a) => !a.startsWith('-')).map((f) => resolve(f));
if (files.length === 0) {
  files = [
    ...collect(join(root, 'src'), /\.test\.tsx?$/),
    ...collect(join(root, 'test'), /\.test\.tsx?$/),
    ...collect(join(root, 'e2e'), /\.e2e\.ts$/),
  ].sort();
}
if (files.length === 0) fail('No test files found (src/**/*.test.ts[x], test/**/*.test.ts[x], e2e/**/*.e2e.ts).');

// 5. Type-check the whole tree first when running the full suite: tsx strips types without checking them.
if (extra.filter((a) => !a.startsWith('-')).length === 0) {
  console.log('[test] Type-checking (tsc --noEmit)…');
  if (!run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root], { cwd: root }))
    fail('Type errors: see above.');
  if (!run(process.execPath, [join(root, 'scripts/check-layers.mjs')], { cwd: root }))
    fail('An import runs up the layers or closes a cycle: see above.');
}

env.QUIRE_TEST_SCHEMA_PREFIX = `t${process.pid}_`;

// 6. Run. Screenshots and other debris go to test-artifacts/ (gitignored).
env.QUIRE_ARTIFACTS = join(root, 'test-artifacts');
mkdirSync(env.QUIRE_ARTIFACTS, { recursive: true });
console.log(`[test] Running ${files.length} test file(s).\n`);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...flags, ...files],
  { cwd: root, env, stdio: 'inherit' },
);

// Each PostgreSQL test ran in its own schema (t<pid>_…); drop this run's now that its tests are done.
// A prefix match, not LIKE: "_" is a LIKE wildcard, and t766_% would also drop run 7663's schemas.
if (env.QUIRE_TEST_PG_URL) {
  const drop = `DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE starts_with(nspname, '${env.QUIRE_TEST_SCHEMA_PREFIX}') LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; END $$;`;
  capture('psql', [env.QUIRE_TEST_PG_URL, '-X', '-q', '-c', drop]);
}
process.exit(r.status ?? 1);
