/**
 * Benchmarks for the archive core (npm run bench:pages). Prints figures; asserts nothing.
 * - cold start: spawn `quire serve` on a fresh and on an existing data folder, time until `/` answers 200;
 * - page render: in-process requests for a work page (one ~5,000-word chapter), a chapter page,
 *   the entire-work page of a 10-chapter work, a listing page and the API, on SQLite.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { sqliteTestDb } from '../test/db.js';
import { buildUser, buildWork } from '../test/factories.js';
import { createApp } from '../src/web/app.js';

const root = path.resolve(import.meta.dirname, '..');

async function coldStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--data', dataDir],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const res = await fetch(url + '/');
  if (res.status !== 200) throw new Error(`GET / → ${res.status}`);
  await res.text();
  const ms = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function timeRequests(app: ReturnType<typeof createApp>, url: string, n: number) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 20; i++) await (await app.request(url)).text(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const res = await app.request(url);
    bytes = (await res.text()).length;
    if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
    times.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  return {
    url,
    perSecond: Math.round((n / total) * 1000),
    p50: median(times),
    p95: pct(times, 0.95),
    kb: Math.round(bytes / 1024),
  };
}

async function main() {
  console.log('Quire benchmarks —', new Date().toISOString(), `— node ${process.version}, ${os.cpus().length} cores\n`);

  const fresh: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-'));
    fresh.push(await coldStart(dir));
    warm.push(await coldStart(dir));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('Cold start (spawn `quire serve` → first 200 on /), 5 runs each:');
  console.log(
    `  new data folder (creates and migrates SQLite): median ${median(fresh).toFixed(0)} ms, max ${Math.max(...fresh).toFixed(0)} ms`,
  );
  console.log(
    `  existing data folder:                          median ${median(warm).toFixed(0)} ms, max ${Math.max(...warm).toFixed(0)} ms\n`,
  );

  const t = await sqliteTestDb();
  const u = await buildUser(t.db, { username: 'bench_writer' });
  const para = 'The keeper wound the clockwork and watched the beam sweep across the grey water toward the reef. ';
  const body = Array.from({ length: 50 }, () => para.repeat(6)).join('\n\n');
  const single = await buildWork(t.db, u, {
    body,
    meta: { freeforms: ['Fluff', 'Slow Burn', 'Found Family'], characters: ['Mara', 'Ben'] },
  });
  const multi = await buildWork(t.db, u, { body, moreChapters: Array.from({ length: 9 }, () => ({ body })) });
  for (let i = 0; i < 40; i++) await buildWork(t.db, u);
  const app = createApp({
    db: t.db,
    config: { siteName: 'Quire', trustProxy: false },
    logger: pino({ level: 'silent' }),
  });

  console.log('In-process requests on SQLite (app.request, no network), 300 each:');
  for (const url of [
    `/works/${single}`,
    `/works/${multi}/chapters/5`,
    `/works/${multi}?view_full_work=true`,
    '/works',
    `/api/v1/works/${single}`,
    `/api/v1/works/${single}/chapters/1`,
  ]) {
    const n = url.includes('full_work') ? 100 : 300;
    const r = await timeRequests(app, url, n);
    console.log(
      `  ${r.url.padEnd(34)} ${String(r.perSecond).padStart(5)} req/s   p50 ${r.p50.toFixed(2)} ms   p95 ${r.p95.toFixed(2)} ms   ${r.kb} KB`,
    );
  }
  await t.close();
}

await main();
